using System.Globalization;
using System.Text.Json;
using DurableTask.AzureStorage;
using Microsoft.DurableTask.Worker;
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

    internal static JsonDocument Parse(string path) => JsonDocument.Parse(File.ReadAllText(path),
        new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

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

    public VersioningOptions ToWorkerOptions() =>
        new() { Version = Version, DefaultVersion = Version, MatchStrategy = Match, FailureStrategy = Failure };
}

/// <summary>
/// The Durable extension's settings for its Azure Storage backend and dispatchers, from host.json with the extension's own
/// defaults (Durable Functions' AzureStorageOptions and DurableTaskOptions, outside the Consumption plan) and its checks.
/// </summary>
public sealed record DurableStorageSettings
{
    public int PartitionCount { get; init; } = 4;
    public int ControlQueueBatchSize { get; init; } = 32;
    public int ControlQueueBufferThreshold { get; init; } = 256;
    public TimeSpan ControlQueueVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan WorkItemQueueVisibilityTimeout { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(30);
    public int MaxConcurrentActivityFunctions { get; init; } = 10 * Environment.ProcessorCount;
    public int MaxConcurrentOrchestratorFunctions { get; init; } = 10 * Environment.ProcessorCount;
    public bool ExtendedSessionsEnabled { get; init; }
    public TimeSpan ExtendedSessionIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>host.json's values; refuses what the extension refuses at start.</summary>
    public static DurableStorageSettings Read(string? path = null)
    {
        using var doc = HostJson.Parse(path ?? HostJson.DefaultPath);
        var durable = HostJson.Find(doc.RootElement, "extensions", "durableTask");
        var storage = durable is { } d ? HostJson.Find(d, "storageProvider") : null;
        string? In(JsonElement? section, string name) => section is { } s ? HostJson.Text(HostJson.Find(s, name)) : null;
        var defaults = new DurableStorageSettings();
        var settings = new DurableStorageSettings
        {
            PartitionCount = Number(In(storage, "partitionCount")) ?? defaults.PartitionCount,
            ControlQueueBatchSize = Number(In(storage, "controlQueueBatchSize")) ?? defaults.ControlQueueBatchSize,
            ControlQueueBufferThreshold = Number(In(storage, "controlQueueBufferThreshold")) ?? defaults.ControlQueueBufferThreshold,
            ControlQueueVisibilityTimeout = Span(In(storage, "controlQueueVisibilityTimeout")) ?? defaults.ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = Span(In(storage, "workItemQueueVisibilityTimeout")) ?? defaults.WorkItemQueueVisibilityTimeout,
            MaxQueuePollingInterval = Span(In(storage, "maxQueuePollingInterval")) ?? defaults.MaxQueuePollingInterval,
            MaxConcurrentActivityFunctions = Number(In(durable, "maxConcurrentActivityFunctions"))
                ?? defaults.MaxConcurrentActivityFunctions,
            MaxConcurrentOrchestratorFunctions = Number(In(durable, "maxConcurrentOrchestratorFunctions"))
                ?? defaults.MaxConcurrentOrchestratorFunctions,
            ExtendedSessionsEnabled = bool.TryParse(In(durable, "extendedSessionsEnabled"), out var sessions) && sessions,
            ExtendedSessionIdleTimeout = Number(In(durable, "extendedSessionIdleTimeoutInSeconds")) is { } idle
                ? TimeSpan.FromSeconds(Math.Max(idle, 0)) : defaults.ExtendedSessionIdleTimeout,
        };
        settings.CheckAsTheExtensionDoes();
        return settings;
    }

    /// <summary>
    /// Where this machine must differ from Azure (<c>LocalHost:Durable:*</c>), each value replaces host.json's. They are
    /// not held to the extension's bounds: a visibility under a minute is the point of having them.
    /// </summary>
    public DurableStorageSettings WithLocal(LocalDurableSettings? local)
    {
        if (local is null) return this;
        var result = this with
        {
            ControlQueueVisibilityTimeout = local.ControlQueueVisibilityTimeout ?? ControlQueueVisibilityTimeout,
            WorkItemQueueVisibilityTimeout = local.WorkItemQueueVisibilityTimeout ?? WorkItemQueueVisibilityTimeout,
            ControlQueueBufferThreshold = local.ControlQueueBufferThreshold ?? ControlQueueBufferThreshold,
            ControlQueueBatchSize = local.ControlQueueBatchSize ?? ControlQueueBatchSize,
            MaxQueuePollingInterval = local.MaxQueuePollingInterval ?? MaxQueuePollingInterval,
        };
        if (result.ControlQueueVisibilityTimeout <= TimeSpan.Zero || result.WorkItemQueueVisibilityTimeout <= TimeSpan.Zero
            || result.MaxQueuePollingInterval <= TimeSpan.Zero || result.ControlQueueBufferThreshold < 1
            || result.ControlQueueBatchSize is < 1 or > 32)
            throw new InvalidOperationException("LocalHost:Durable: visibilities and the polling interval must be positive, the buffer "
                + "at least 1, the batch 1 to 32 (what one Azure Storage queue read returns at most).");
        return result;
    }

    public void ApplyTo(AzureStorageOrchestrationServiceSettings s)
    {
        s.PartitionCount = PartitionCount;
        s.ControlQueueBatchSize = ControlQueueBatchSize;
        s.ControlQueueBufferThreshold = ControlQueueBufferThreshold;
        s.ControlQueueVisibilityTimeout = ControlQueueVisibilityTimeout;
        s.WorkItemQueueVisibilityTimeout = WorkItemQueueVisibilityTimeout;
        s.MaxQueuePollingInterval = MaxQueuePollingInterval;
        s.MaxConcurrentTaskActivityWorkItems = MaxConcurrentActivityFunctions;
        s.MaxConcurrentTaskOrchestrationWorkItems = MaxConcurrentOrchestratorFunctions;
        s.ExtendedSessionsEnabled = ExtendedSessionsEnabled;
        s.ExtendedSessionIdleTimeout = ExtendedSessionIdleTimeout;
    }

    /// <summary>
    /// The worker takes as many items as the sidecar hands out: a lower limit there would leave dequeued work waiting in
    /// the worker while its queue visibility runs out.
    /// </summary>
    public void ApplyTo(DurableTaskWorkerOptions o)
    {
        o.Concurrency.MaximumConcurrentActivityWorkItems = MaxConcurrentActivityFunctions;
        o.Concurrency.MaximumConcurrentOrchestrationWorkItems = MaxConcurrentOrchestratorFunctions;
    }

    private void CheckAsTheExtensionDoes()
    {
        string? problem =
            ControlQueueBatchSize <= 0 ? "controlQueueBatchSize must be a positive integer"
            : PartitionCount is < 1 or > 16 ? "partitionCount must be an integer value between 1 and 16"
            : ControlQueueVisibilityTimeout < TimeSpan.FromMinutes(1) || ControlQueueVisibilityTimeout > TimeSpan.FromMinutes(60)
                ? "controlQueueVisibilityTimeout must be between 1 and 60 minutes"
            : MaxQueuePollingInterval <= TimeSpan.Zero ? "maxQueuePollingInterval must be positive"
            : ControlQueueBufferThreshold is < 1 or > 1000 ? "controlQueueBufferThreshold must be between 1 and 1000"
            : MaxConcurrentActivityFunctions <= 0 ? "maxConcurrentActivityFunctions must be a positive integer value"
            : MaxConcurrentOrchestratorFunctions <= 0 ? "maxConcurrentOrchestratorFunctions must be a positive integer value"
            : null;
        if (problem is not null)
            throw new InvalidOperationException($"host.json, extensions.durableTask: {problem} (the Durable extension refuses to start).");
    }

    private static int? Number(string? text) => text is null ? null : int.Parse(text, CultureInfo.InvariantCulture);

    private static TimeSpan? Span(string? text) => text is null ? null : TimeSpan.Parse(text, CultureInfo.InvariantCulture);
}

/// <summary>The Durable settings this machine needs different from Azure (<c>LocalHost:Durable:*</c>, README "The local host").</summary>
public sealed class LocalDurableSettings
{
    public TimeSpan? ControlQueueVisibilityTimeout { get; set; }
    public TimeSpan? WorkItemQueueVisibilityTimeout { get; set; }
    public int? ControlQueueBufferThreshold { get; set; }
    public int? ControlQueueBatchSize { get; set; }
    public TimeSpan? MaxQueuePollingInterval { get; set; }
}
