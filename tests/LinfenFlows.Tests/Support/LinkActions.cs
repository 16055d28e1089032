using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Reviews;
using LinfenFlows.Workflows.Reviews;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Tests.Support;

/// <summary>Acting through a mailed link by its token, as the review functions do: resolve the link, then act on it.</summary>
public static class LinkActions
{
    public static async Task<(CaseId CaseId, ReviewDecision Decision)> DecideAsync(this ReviewService reviews, string token, string decision, string? opinion) =>
        await reviews.DecideAsync(await reviews.ResolveAsync(token), decision, opinion);

    public static async Task<(CaseId CaseId, ReviewExtension Extension)> ExtendAsync(this ReviewService reviews, string token, int? days, string? reason) =>
        await reviews.ExtendAsync(await reviews.ResolveAsync(token), days, reason);

    public static async Task<ReviewDecision> DecideAsync(this ReviewDesk desk, ReviewService reviews, DurableTaskClient client, string token, string decision, string? opinion = null) =>
        await desk.DecideAsync(client, await reviews.ResolveAsync(token), decision, opinion);

    public static async Task<ReviewExtension> ExtendAsync(this ReviewDesk desk, ReviewService reviews, DurableTaskClient client, string token, int? days, string? reason) =>
        await desk.ExtendAsync(client, await reviews.ResolveAsync(token), days, reason);
}
