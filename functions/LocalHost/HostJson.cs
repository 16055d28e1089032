using System.Text.Json;
using static Microsoft.DurableTask.Worker.DurableTaskWorkerOptions;

namespace LinfenFlows.LocalHost;

/// <summary>Orchestration versioning as host.json states it for Durable Functions, so both hosts apply the same rule.</summary>
public sealed record DurableVersioning(string Version, VersionMatchStrategy Match, VersionFailureStrategy Failure)
{
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "host.json");

    /// <summary>Null when host.json sets no default version.</summary>
    public static DurableVersioning? Read(string? path = null)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path ?? DefaultPath), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        if (!doc.RootElement.TryGetProperty("extensions", out var extensions) || !extensions.TryGetProperty("durableTask", out var durable)
            || !durable.TryGetProperty("defaultVersion", out var version)) return null;
        string? Text(string name) => durable.TryGetProperty(name, out var v) ? v.GetString() : null;
        return new DurableVersioning(version.GetString()!,
            Enum.Parse<VersionMatchStrategy>(Text("versionMatchStrategy") ?? nameof(VersionMatchStrategy.None), ignoreCase: true),
            Enum.Parse<VersionFailureStrategy>(Text("versionFailureStrategy") ?? nameof(VersionFailureStrategy.Reject), ignoreCase: true));
    }

    public VersioningOptions ToWorkerOptions() => new() { Version = Version, DefaultVersion = Version, MatchStrategy = Match, FailureStrategy = Failure };
}
