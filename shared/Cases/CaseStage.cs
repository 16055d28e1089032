namespace LinfenFlows.Shared.Cases;

/// <summary>
/// A stage of a case as the progress page lists it: done once its timeline entry is there and every task it holds (those whose
/// id starts with one of <paramref name="TaskPrefixes"/>) is done — a stage that hands work out is not done while it waits.
/// </summary>
public sealed record CaseStage(string Name, string DoneWhen, params string[] TaskPrefixes)
{
    public bool HoldsTask(string taskId) => TaskPrefixes.Any(p => taskId.StartsWith(p, StringComparison.Ordinal));
}
