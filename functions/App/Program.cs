using LinfenFlows.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddLinfenFlowsFunctions(builder.Configuration);
builder.Services.AddLinfenFlowsTelemetry(builder.Configuration);
builder.Build().Run();
