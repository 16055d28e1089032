using System.Globalization;
using System.Text.Json;
using static Microsoft.DurableTask.Worker.DurableTaskWorkerOptions;

namespace LinfenFlows.LocalHost;

/// <summary>
/// host.json read the way the Functions host and the Durable extension read it (property names in any case, numbers and
/// switches also as strings), so both hosts run on the same settings. Everything the local host takes from it is read here.
/// </summary>
public static class HostJson
{
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "host.json");

    /// <summary><c>extensions.http.routePrefix</c>; <c>api</c>, the host's default, when host.json or the setting is absent.</summary>
    public static string RoutePrefix(string? path = null)
    {
        path ??= DefaultPath;
        if (!File.Exists(path)) return "api";
        using var doc = Parse(path);
        var prefix = Find(doc.RootElement, "extensions", "http", "routePrefix");
        return prefix?.GetString() ?? "api";
    }

    internal static JsonDocument Parse(string path) =>
        JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

    /// <summary>The element at that path of property names, matched in any case.</summary>
    internal static JsonElement? Find(JsonElement element, params string[] names)
    {
        foreach (var name in names)
        {
            if (element.ValueKind != JsonValueKind.Object) return null;
            var match = element.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
            if (match.Count == 0) return null;
            element = match[0].Value;
        }
        return element;
    }

    internal static string? Text(JsonElement? element) => element?.ValueKind switch
    {
        JsonValueKind.String => element.Value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => element.Value.GetRawText(),
        _ => null,
    };
}

/// <summary>Orchestration versioning as host.json states it for Durable Functions, so both hosts apply the same rule.</summary>
public sealed record DurableVersioning(string Version, VersionMatchStrategy Match, VersionFailureStrategy Failure)
{
    public static string DefaultPath => HostJson.DefaultPath;

    /// <summary>Null when host.json sets no default version.</summary>
    public static DurableVersioning? Read(string? path = null)
    {
        using var doc = HostJson.Parse(path ?? DefaultPath);
        var durable = HostJson.Find(doc.RootElement, "extensions", "durableTask");
        var version = durable is { } d ? HostJson.Text(HostJson.Find(d, "defaultVersion")) : null;
        if (version is null) return null;
        string? Text(string name) => HostJson.Text(HostJson.Find(durable!.Value, name));
        return new DurableVersioning(version,
            Enum.Parse<VersionMatchStrategy>(Text("versionMatchStrategy") ?? nameof(VersionMatchStrategy.None), ignoreCase: true),
            Enum.Parse<VersionFailureStrategy>(Text("versionFailureStrategy") ?? nameof(VersionFailureStrategy.Reject), ignoreCase: true));
    }

    public VersioningOptions ToWorkerOptions() => new() { Version = Version, DefaultVersion = Version, MatchStrategy = Match, FailureStrategy = Failure };
}
