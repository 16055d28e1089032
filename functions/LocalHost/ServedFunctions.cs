namespace LinfenFlows.LocalHost;

/// <summary>What this host actually serves, read back from its routing table, worker registrations and running timers.</summary>
public sealed class ServedFunctions
{
    public const string Path = "/localhost/functions";

    public List<string> Durable { get; } = [];
    public List<string> Timers { get; } = [];

    public static IReadOnlyList<string> Http(EndpointDataSource endpoints) =>
        endpoints.Endpoints.Select(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName)
            .OfType<string>().Where(n => n.StartsWith(HttpFunctionEndpoints.EndpointPrefix, StringComparison.Ordinal))
            .Select(n => n[HttpFunctionEndpoints.EndpointPrefix.Length..]).ToList();
}

public static class ServedFunctionsEndpoint
{
    public static void MapServedFunctions(this WebApplication app) =>
        app.MapGet(ServedFunctions.Path, (ServedFunctions served, EndpointDataSource endpoints) =>
            Results.Json(new { http = ServedFunctions.Http(endpoints), timers = served.Timers, durable = served.Durable }));
}
