using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Parks;

namespace LinfenFlows.Tests.Support;

/// <summary>The park process played through its people on the in-process engine, step by step, so each test is its own branch.</summary>
public static class ParkFlow
{
    public static readonly IReadOnlyDictionary<string, string> GoodScores =
        new Dictionary<string, string> { ["necessity"] = "88", ["feasibility"] = "82", ["soundness"] = "90" };
    public static readonly IReadOnlyDictionary<string, string> PoorScores =
        new Dictionary<string, string> { ["necessity"] = "55", ["feasibility"] = "48", ["soundness"] = "60" };

    /// <summary>
    /// A host whose publicity ends <paramref name="publicity"/> after it starts (the real window is stored and shown as computed).
    /// </summary>
    public static Task<WorkflowHost> StartHostAsync(TimeSpan? publicity = null) =>
        WorkflowHost.StartAsync(outputs: new Dictionary<string, Func<object?, object?>>
        {
            [ParkPublicityActivities.StartPublicity] = o =>
                ((PublicityWindow)o!) with { EndsAt = DateTimeOffset.UtcNow + (publicity ?? TimeSpan.FromSeconds(2)) },
        });

    public static UploadedFile File(string text) => new($"{text}.pdf", Samples.Pdf(text));

    public static async Task<string> SubmitAsync(WorkflowHost host, ParkApplication? application = null) =>
        (await host.Get<ParkIntake>().SubmitAsync(host.Client, ParkSamples.YaoduClerk, application ?? ParkSamples.Application(),
            ParkSamples.Materials())).Case.PartitionKey;

    /// <summary>Submitted, recommended by the county, recommended by the whole panel and passed on site: publicity runs.</summary>
    public static async Task<string> PublicisedAsync(WorkflowHost host, ParkApplication? application = null)
    {
        var caseId = await SubmitAsync(host, application);
        await host.ActAsync(caseId, "county-review-1-0", Decisions.Recommend, "材料齐全，符合申报条件，同意推荐。");
        for (var expert = 1; expert <= 5; expert++)
            await host.ActAsync(caseId, $"expert-{expert}-0", Decisions.Recommend, "规划论证充分。", values: GoodScores);
        await host.ActAsync(caseId, "site-inspection-0", Decisions.Recommend, "经实地考察，园区设施完善，运营规范。", File("实地考察记录"));
        return caseId;
    }

    /// <summary>The whole way to the reply: the park is on record when this returns.</summary>
    public static async Task<string> RecognisedAsync(WorkflowHost host, ParkApplication? application = null)
    {
        var caseId = await PublicisedAsync(host, application);
        await ApproveAsync(host, caseId);
        await host.CompletionAsync(caseId);
        return caseId;
    }

    public static Task<TaskDecision> ApproveAsync(WorkflowHost host, string caseId, string decision = Decisions.Approve) =>
        host.ActAsync(caseId, "party-group-0", decision, decision == Decisions.Approve ? null : "园区运营主体尚需调整。",
            values: new Dictionary<string, string> { ["meetingReference"] = "市人社局党组会议纪要〔2026〕12号" });

    public static Task<CaseEntity> CaseAsync(WorkflowHost host, string caseId) => host.Get<CaseJournal>().GetAsync(new CaseId(caseId));

    public static async Task<ParkRecognitionResult> OutcomeAsync(WorkflowHost host, string caseId) =>
        (await host.CompletionAsync(caseId)).ReadOutputAs<ParkRecognitionResult>()!;
}
