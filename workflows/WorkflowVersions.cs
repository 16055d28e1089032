using Microsoft.DurableTask;

namespace LinfenFlows.Workflows;

/// <summary>Branching on the version an instance was started with (host.json <c>defaultVersion</c>), never on today's code.</summary>
public static class WorkflowVersions
{
    /// <summary>True when the instance's version is <paramref name="version"/> or later; an instance without one counts as 1.0.</summary>
    public static bool AtLeast(TaskOrchestrationContext context, string version) =>
        (Version.TryParse(context.Version, out var v) ? v : new Version(1, 0)) >= Version.Parse(version);
}
