using System.Globalization;
using LinfenFlows.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// Text for people is formatted with explicit patterns; pinning the culture keeps any machine setting out of a figure.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddLinfenFlowsFunctions(builder.Configuration);
builder.Services.AddLinfenFlowsTelemetry(builder.Configuration);
builder.Build().Run();
