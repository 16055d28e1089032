using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Platform;
using LinfenFlows.Workflows.Reviews;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Json = LinfenFlows.Shared.Json;
using Validator = LinfenFlows.Shared.Problems.Validator;

namespace LinfenFlows.Workflows.Parks;

/// <summary>第七条: adding (add), changing (change) or removing (remove) a branch site of a recognised park.</summary>
public sealed record BranchChangeRequest([Required, AllowedValues("add", "change", "remove")] string? Change,
    [Required, MinLength(1), MaxLength(100)] string? SiteName, [MaxLength(200)] string? Address, decimal? Area,
    [Required, MinLength(1), MaxLength(2000)] string? Reason);

public sealed record BranchChangeDetails(string ParkId, string ParkName, BranchChangeRequest Request, Recipient Submitter)
{
    public const string Kind = "park-branch-change";

    public static BranchChangeDetails Of(CaseEntity c) => JsonSerializer.Deserialize<BranchChangeDetails>(c.DetailsJson, Json.Options)!;

    public string Describe() => $"{BranchChanges.Labels[Request.Change!]}分园区“{Request.SiteName}”" +
        (Request.Change == BranchChanges.Remove ? "" : $"（{Request.Address}，{Request.Area:0.##}㎡）");
}

public sealed record BranchChangeInput(string CaseId);

public static class BranchChanges
{
    public const string Add = "add", Change = "change", Remove = "remove";

    public static readonly IReadOnlyDictionary<string, string> Labels =
        new Dictionary<string, string> { [Add] = "增设", [Change] = "改变", [Remove] = "撤销" };

    /// <summary>What the request would make of the park's branch sites, or every reason it cannot.</summary>
    public static IReadOnlyList<BranchSite> Apply(IReadOnlyList<BranchSite> sites, BranchChangeRequest? r)
    {
        var v = new Validator();
        if (r?.Change is null || !Labels.ContainsKey(r.Change))
        {
            v.Add(new FieldError("change", "allowed-change", "变更类型只能是 add（增设）、change（改变）或 remove（撤销）。",
                "change must be add, change or remove."));
            v.ThrowIfInvalid();
        }
        v.Required(r!.SiteName, "siteName", "分园区名称", 100).Required(r.Reason, "reason", "申请理由", 2000);
        var existing = sites.FirstOrDefault(s => s.Name == r.SiteName?.Trim());
        if (r.Change == Add) v.Require(existing is null, "siteName", "unique", "已有同名分园区。", "A branch site of this name exists.");
        else v.Require(existing is not null || string.IsNullOrWhiteSpace(r.SiteName), "siteName", "existing", "该产业园没有这个分园区。",
            "The park has no branch site of this name.");
        if (r.Change is Add or Change)
        {
            v.Required(r.Address, "address", "分园区地址", 200);
            v.Require(r.Area is > 0, "area", "positive", "分园区面积应大于0平方米。", "area must be more than 0 m².");
        }
        var limit = ParkThresholds.Normal.MaxBranchSites;
        v.Require(r.Change != Add || sites.Count < limit, "change", "max-branch-sites",
            $"分园区原则上不超过{limit}个，该产业园已有{sites.Count}个。", $"A park has at most {limit} branch sites.");
        v.ThrowIfInvalid();
        var site = new BranchSite(r.SiteName!.Trim(), r.Address?.Trim(), r.Area);
        return r.Change switch
        {
            Add => [.. sites, site],
            Change => sites.Select(s => s.Name == site.Name ? site : s).ToList(),
            _ => sites.Where(s => s.Name != site.Name).ToList(),
        };
    }
}

/// <summary>
/// 第七条: the county HR bureau applies, the city HR bureau agrees or not; agreed, the park's record changes with its history.
/// </summary>
public static class ParkBranchChange
{
    public static async Task<string> RunAsync(TaskOrchestrationContext context, BranchChangeInput input)
    {
        TaskDecision decision = await context.DecideAsync(escalation =>
            context.CallAsync<TaskSpec>(ParkBranchActivities.PlanBranchReview,
                new PlanStepInput(input.CaseId, "branch-review", escalation)));
        return await context.CallAsync<string>(ParkBranchActivities.ConcludeBranchChange, new TaskRef(input.CaseId, decision.TaskId));
    }
}

public sealed class ParkBranchActivities(CaseJournal journal, WorkingCalendars calendars, ParkRegistry registry, ParkPolicy policy,
    WorkflowStarter starter, PublicUrls urls, TimeProvider clock)
{
    public const string PlanBranchReview = nameof(PlanBranchReview);
    public const string ConcludeBranchChange = nameof(ConcludeBranchChange);

    /// <summary>The county bureau's application; checked against the park's sites now, and again when agreed.</summary>
    public async Task<Submitted> SubmitAsync(DurableTaskClient client, Caller? caller, string parkId, BranchChangeRequest? request,
        CancellationToken ct = default)
    {
        if (caller is null) throw Problem.Unauthenticated();
        var park = await registry.FindAsync(parkId, ct);
        if (park is null || (park.CountyBureau != caller.Organisation && caller.Organisation != Organisations.CityHrBureau))
            throw Problem.NotFound("产业园", "Park");
        if (park.CountyBureau != caller.Organisation || !caller.IsIn(Roles.Applicant))
            throw Problem.Forbidden("分园区的增设、改变、撤销由产业园所在地县级人社部门申请。");
        if (park.Status != ParkStatus.Recognised)
            throw Problem.Conflict("park-revoked", "该产业园已被取消资格，不能申请变更分园区。", "The park's recognition was revoked.");
        BranchChanges.Apply(park.Branches, request);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request, Json.Options))))[..12];
        var caseId = new CaseId($"{parkId}-b{key}");
        var details = new BranchChangeDetails(parkId, park.ParkName, request!,
            new Recipient(caller.UserId, caller.Name, caller.Organisation));
        var created = await journal.CreateAsync(new CaseEntity
        {
            PartitionKey = caseId.Value, Kind = BranchChangeDetails.Kind, Title = $"{park.ParkName}{details.Describe()}的申请",
            ApplicantOrganisation = caller.Organisation, County = park.County, Step = "市人社局审核",
            Holder = Organisations.NameOf(Organisations.CityHrBureau),
            Parties = string.Join(',', caller.Organisation, Organisations.CityHrBureau),
            DetailsJson = JsonSerializer.Serialize(details, Json.Options),
        }, new CaseChange
        {
            Key = "submitted",
            Event = new CaseEventDraft("park.branch-requested", $"申请{details.Describe()}",
                new Actor(caller.UserId, caller.Name, Roles.Applicant, caller.Organisation), clock.GetUtcNow(), request!.Reason),
        }, ct);
        var entity = await journal.GetAsync(caseId, ct);
        await starter.EnsureStartedAsync(client, entity, nameof(ParkBranchChange), new BranchChangeInput(caseId.Value), ct);
        return new Submitted(entity, created);
    }

    public async Task<TaskSpec> PlanAsync(PlanStepInput input)
    {
        var d = BranchChangeDetails.Of(await journal.GetAsync(new CaseId(input.CaseId)));
        var days = input.Escalation == 0 ? policy.CountyReviewWorkingDays : policy.OverdueGraceWorkingDays;
        var calendar = await calendars.CurrentAsync();
        return new TaskSpec
        {
            CaseId = input.CaseId, TaskId = $"branch-review-{input.Escalation}", Step = input.Step,
            StepName = $"审核：{d.Describe()}" + (input.Escalation == 0 ? "" : $"（逾期督办第{input.Escalation}次）"),
            AssignedTo = ParkParties.Organiser, Supervisor = ParkParties.Supervisor, Decisions = [Decisions.Approve, Decisions.Reject],
            Due = calendar.Compute(new Period(PeriodKind.WorkingDays, BeijingTime.DateOf(clock.GetUtcNow()), days)),
            RemindWorkingDaysBefore = policy.RemindWorkingDaysBefore,
        };
    }

    /// <returns>"approved", "rejected", or "refused" when the park's sites changed since the application so it no longer applies.</returns>
    public async Task<string> ConcludeAsync(TaskRef input)
    {
        var caseId = new CaseId(input.CaseId);
        var d = BranchChangeDetails.Of(await journal.GetAsync(caseId));
        var task = await journal.DecidedTaskAsync(caseId, input.TaskId);
        var outcome = "rejected";
        if (task.Decision == Decisions.Approve)
        {
            outcome = "approved";
            await registry.ChangeAsync(d.ParkId, park =>
            {
                try
                {
                    park.Branches = BranchChanges.Apply(park.Branches, d.Request);
                }
                catch (ProblemException)
                {
                    outcome = "refused";
                    return null;
                }
                return new CaseChange
                {
                    Key = $"branch-{input.CaseId}",
                    Event = new CaseEventDraft("park.branch-changed", $"经市人社局同意，{d.Describe()}", task.RecordedDecision!.DecidedBy,
                        task.DecidedAt!.Value, task.Opinion),
                };
            });
        }
        var label = outcome switch { "approved" => $"市人社局同意{d.Describe()}", "refused" => "分园区情况已变化，申请不再适用", _ => $"市人社局不同意{d.Describe()}" };
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = "concluded",
            Event = new CaseEventDraft("park.branch-concluded", label, Actor.System, clock.GetUtcNow(), task.Opinion),
            Update = c => { c.Status = CaseStatus.Completed; c.Step = label; c.Holder = ""; c.DueAt = null; },
            Notifications = [new Notification("concluded", d.Submitter, $"【分园区变更】{d.ParkName}",
                $"{label}。{(task.Opinion is null ? "" : "意见：" + task.Opinion)}", urls.Absolute(Routes.ParkRecordPath(d.ParkId)))],
        });
        return outcome;
    }
}
