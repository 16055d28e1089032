using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Functions;

public static class Telemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>
    /// In Azure: traces, metrics and logs through OpenTelemetry to Application Insights, authenticated with the app's
    /// managed identity (local auth is off there). Without a connection string (on one machine) nothing is exported.
    /// </summary>
    public static IServiceCollection AddLinfenFlowsTelemetry(this IServiceCollection services, IConfiguration config)
    {
        if (string.IsNullOrEmpty(config[ConnectionStringSetting])) return services;
        var clientId = config["AZURE_CLIENT_ID"];
        services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .UseAzureMonitorExporter(o =>
            {
                o.ConnectionString = config[ConnectionStringSetting];
                o.Credential = string.IsNullOrEmpty(clientId)
                    ? new DefaultAzureCredential()
                    : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
            });
        return services;
    }
}
