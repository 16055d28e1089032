using System.Text.Json;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Platform;
using LinfenFlows.Workflows.Reviews;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Json = LinfenFlows.Shared.Json;

namespace LinfenFlows.Workflows.Parks;

public sealed record ParkCycleInput(string CaseId);
/// <summary>The year's evaluation as recorded: the subsidy, and whether this year's cycle includes the comprehensive assessment.</summary>
public sealed record AnnualResult(decimal Subsidy, bool AssessmentDue);
public sealed record ParkCycleResult(string CaseId, string Outcome)
{
    public const string Filed = "filed";
    public const string Assessed = "assessed";
    public const string Revoked = "revoked";
}

public static class ParkCycleSteps
{
    public const string Filing = "annual-filing";
    public const string Assessment = "comprehensive-assessment";
    public const string Rectification = "rectification";
    public const string Reassessment = "reassessment";
}

/// <summary>One park's yearly cycle, kept on its own case (<c>{parkId}-y{year}</c>) so no workflow lives longer than a year.</summary>
public sealed record ParkCycleDetails(string ParkId, string ParkName, string County, string CountyBureau, int Year, int? AssessmentCycle)
{
    public const string Kind = "park-annual-cycle";

    public int EvaluatedYear => Year - 1;

    public static ParkCycleDetails Of(CaseEntity c) => JsonSerializer.Deserialize<ParkCycleDetails>(c.DetailsJson, Json.Options)!;

    public string ToJson() => JsonSerializer.Serialize(this, Json.Options);

    public static string CaseIdOf(string parkId, int year) => $"{parkId}-y{year}";

    /// <summary>第十五条: the comprehensive assessment every three years — in the year after each third full year since recognition.</summary>
    public static int? AssessmentCycleOf(int recognisedYear, int year)
    {
        var full = year - 1 - recognisedYear;
        return full > 0 && full % 3 == 0 ? full / 3 : null;
    }
}

/// <summary>
/// 年度评估与综合考核评估 (第九、十五至十七条): in the first quarter the county HR bureau files last year's evaluation with the
/// employment the park promoted, and the operating subsidy is computed; every third year the city HR bureau assesses the
/// park — 优秀 is commended, 不合格 must be rectified by a deadline and is assessed again, and a second 不合格 in a row
/// revokes the recognition.
/// </summary>
public static class ParkAnnualCycle
{
    public static async Task<ParkCycleResult> RunAsync(TaskOrchestrationContext context, ParkCycleInput input)
    {
        var caseId = input.CaseId;
        // 年度评估备案: due by 31 March; overdue it is escalated (督办) and still awaited.
        TaskOutcome filed = await context.AwaitTaskAsync(
            await context.PlanCycleTaskAsync(new PlanStepInput(caseId, ParkCycleSteps.Filing)));
        AnnualResult year = await context.CallAsync<AnnualResult>(ParkCycleActivities.RecordAnnualEvaluation,
            new TaskRef(caseId, filed.Decision!.TaskId));
        if (!year.AssessmentDue) return await CompleteAsync(context, caseId, ParkCycleResult.Filed);

        // 综合考核评估 (every three years).
        TaskDecision assessed = await DecideAsync(context, caseId, ParkCycleSteps.Assessment);
        var consequence = await context.CallAsync<AssessmentConsequence>(ParkCycleActivities.RecordAssessment,
            new TaskRef(caseId, assessed.TaskId));
        if (consequence == AssessmentConsequence.Revoke) return await CompleteAsync(context, caseId, ParkCycleResult.Revoked);
        if (consequence == AssessmentConsequence.Rectify)
        {
            // 限期整改, then assessed again; still 不合格 cancels the next cycle's subsidies.
            await context.AwaitTaskAsync(await context.PlanCycleTaskAsync(new PlanStepInput(caseId, ParkCycleSteps.Rectification)));
            TaskDecision reassessed = await DecideAsync(context, caseId, ParkCycleSteps.Reassessment);
            await context.CallAsync(ParkCycleActivities.RecordReassessment, new TaskRef(caseId, reassessed.TaskId));
        }
        return await CompleteAsync(context, caseId, ParkCycleResult.Assessed);
    }

    private static Task<TaskDecision> DecideAsync(TaskOrchestrationContext context, string caseId, string step) =>
        context.DecideAsync(escalation => context.PlanCycleTaskAsync(new PlanStepInput(caseId, step, escalation)));

    private static Task<ParkCycleResult> CompleteAsync(TaskOrchestrationContext context, string caseId, string outcome) =>
        context.CallAsync<ParkCycleResult>(ParkCycleActivities.CompleteCycle, new ParkCycleResult(caseId, outcome));

    private static Task<TaskSpec> PlanCycleTaskAsync(this TaskOrchestrationContext context, PlanStepInput input) =>
        context.CallAsync<TaskSpec>(ParkCycleActivities.PlanCycleTask, input);
}

/// <summary>Starts the yearly cycles: one case and workflow per recognised park and year, never twice.</summary>
public sealed class ParkCycles(CaseJournal journal, ParkRegistry registry, WorkflowStarter starter, TimeProvider clock)
{
    /// <returns>The cycle case ids of the year (started now or before).</returns>
    public async Task<IReadOnlyList<string>> StartYearAsync(DurableTaskClient client, int year, CancellationToken ct = default)
    {
        var started = new List<string>();
        foreach (var park in await registry.AllAsync(ct))
            if (park.Status == ParkStatus.Recognised && BeijingTime.DateOf(park.RecognisedOn).Year < year)
                started.Add(await StartAsync(client, park.RowKey, year, ct));
        return started;
    }

    public async Task<string> StartAsync(DurableTaskClient client, string parkId, int year, CancellationToken ct = default)
    {
        var park = await registry.FindAsync(parkId, ct) ?? throw new InvalidOperationException($"{parkId} is not a recognised park.");
        var details = new ParkCycleDetails(parkId, park.ParkName, park.County, park.CountyBureau, year,
            ParkCycleDetails.AssessmentCycleOf(park.RecognisedYear, year));
        var caseId = new CaseId(ParkCycleDetails.CaseIdOf(parkId, year));
        var entity = new CaseEntity
        {
            PartitionKey = caseId.Value, Kind = ParkCycleDetails.Kind,
            Title = $"{park.ParkName}{year - 1}年度运营评估" + (details.AssessmentCycle is null ? "" : "及综合考核评估"),
            ApplicantOrganisation = park.CountyBureau, County = park.County, Step = "县级人社部门报送年度评估",
            Holder = Organisations.NameOf(park.CountyBureau),
            Parties = string.Join(',', park.CountyBureau, Organisations.CityHrBureau, Organisations.CityFinanceBureau),
            DetailsJson = details.ToJson(),
        };
        await journal.CreateAsync(entity, new CaseChange
        {
            Key = "cycle-started",
            Event = new CaseEventDraft("park.cycle", $"{year - 1}年度运营评估开始（第一季度内报送）" +
                (details.AssessmentCycle is { } n ? $"；第{n}个考核评估周期综合考核评估" : ""), Actor.System, clock.GetUtcNow()),
        }, ct);
        await starter.EnsureStartedAsync(client, await journal.GetAsync(caseId, ct), nameof(ParkAnnualCycle),
            new ParkCycleInput(caseId.Value), ct);
        return caseId.Value;
    }
}

public static class ParkCycleSummary
{
    public static IEnumerable<(string Label, string Value)> Lines(ParkCycleDetails d)
    {
        yield return ("产业园", d.ParkName);
        yield return ("所在县（市、区）", d.County);
        yield return ("评估年度", $"{d.EvaluatedYear}年度");
        if (d.AssessmentCycle is { } n) yield return ("综合考核评估", $"第{n}个考核评估周期（每三年一次）");
    }
}
