using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Functions.Cases;

public sealed record CaseView(
    string Id, string Kind, string Title, string Status, string Step, string Holder, string County,
    DateTimeOffset? DueAt, string? DueAtBeijing, int? DaysLeft, string? DocumentNumber, string? DocumentUrl,
    IReadOnlyList<AttachmentView> Attachments, IReadOnlyList<TimelineView> Timeline, IReadOnlyList<TaskView> Tasks, bool TimelineIntact,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Fault = null, string? Suspension = null);

/// <summary>
/// One task of the case: who holds it, its deadline with days left (negative: overdue), for a hand-off when it was
/// received (签收) and reported, and what was decided (同意, 不同意 …) with the opinion as its result.
/// </summary>
public sealed record TaskView(string TaskId, string StepName, string Holder, string Organisation, string State,
    DateTimeOffset DueAt, string DueAtBeijing, int DaysLeft, bool Overdue, DateTimeOffset? ReceivedAt, DateTimeOffset? DoneAt,
    string? Result, string? ResultAttachmentUrl, bool DueProvisional = false, string? Decision = null);

/// <summary>A file of the case: what it is (材料1：申请函件, 事故调查报告), who sent it and when; null for what the system issued.</summary>
public sealed record AttachmentView(string Id, string FileName, string ContentType, long Size, string Sha256, string Url,
    string? Kind = null, string? UploadedBy = null, string? UploadedAtBeijing = null);

public sealed record TimelineView(int Seq, string Action, string Label, string Actor, string Role, string Organisation,
    string? Opinion, IReadOnlyList<string> Attachments, DateTimeOffset At, string AtBeijing);

/// <summary>The case as the people who may read it see it: status, step, deadline, documents and the whole timeline.</summary>
public sealed class CaseViews(CaseJournal journal, AttachmentStore attachments, TimeProvider clock)
{
    public static void Authorise(Caller? caller, CaseEntity entity)
    {
        if (caller is null) throw Problem.Unauthenticated();
        // Another organisation's case is reported as missing, so case ids cannot be probed.
        if (!caller.MayRead(entity.PartyList)) throw Problem.NotFound("办件", "Case");
    }

    public async Task<CaseEntity> ReadableAsync(Caller? caller, string caseId, CancellationToken ct)
    {
        if (caller is null) throw Problem.Unauthenticated();
        if (!CaseId.IsWellFormed(caseId)) throw Problem.NotFound("办件", "Case");
        var entity = await journal.GetAsync(new CaseId(caseId), ct);
        Authorise(caller, entity);
        return entity;
    }

    public async Task<CaseView> ViewAsync(CaseEntity c, CancellationToken ct)
    {
        var files = await attachments.ListAsync(c.Id, ct);
        var events = await journal.TimelineAsync(c.Id, ct);
        var tasks = await journal.RowsAsync<TaskEntity>(c.Id, RowKeys.TaskPrefix, ct);
        var now = clock.GetUtcNow();
        int? daysLeft = c.DueAt is { } due ? BeijingTime.DaysLeft(due, now) : null;
        return new CaseView(c.PartitionKey, c.Kind, c.Title, c.Status, c.Step, c.Holder, c.County,
            c.DueAt, Display.Beijing(c.DueAt), daysLeft, c.DocumentNumber,
            c.DocumentAttachmentId is null ? null : Routes.CaseAttachmentPath(c.PartitionKey, c.DocumentAttachmentId),
            files.Select(f => new AttachmentView(f.Id, f.FileName, f.ContentType, f.Size, f.Sha256,
                Routes.CaseAttachmentPath(c.PartitionKey, f.Id), f.Kind, f.UploadedBy, Display.Beijing(f.UploadedAt)))
                .OrderBy(a => a.UploadedAtBeijing is null).ThenBy(a => a.Kind, StringComparer.Ordinal).ToList(),
            events.Select(e => new TimelineView(e.Seq, e.Action, e.Label, e.ActorName, e.ActorRole, OrganisationOf(e, tasks),
                e.Opinion, e.Attachments.Split(',', StringSplitOptions.RemoveEmptyEntries), e.At, BeijingTime.Format(e.At))).ToList(),
            tasks.OrderBy(t => t.OpenedAt).ThenBy(t => t.RowKey).Select(t => new TaskView(t.TaskId, t.StepName, t.HolderNames,
                t.AssigneeName, t.State, t.DueAt, BeijingTime.Format(t.DueAt), BeijingTime.DaysLeft(t.DueAt, now),
                t.State == TaskStates.Overdue || (t.IsOpen && now >= t.DueAt) || (t.DecidedAt > t.DueAt),
                t.ReceivedAt, t.DecidedAt, t.Opinion,
                t.ResultAttachmentId is null ? null : Routes.CaseAttachmentPath(c.PartitionKey, t.ResultAttachmentId),
                t.Due.Basis.IsProvisional, t.Decision is null ? null : Decisions.Label(t.Decision))).ToList(),
            CaseJournal.VerifyChain(events), c.CreatedAt, c.UpdatedAt, c.Fault, c.Suspension);
    }

    /// <summary>
    /// The organisation of a timeline entry as people read it: the platform for its own steps, a built-in body by name, and an
    /// outside unit by the name a task it held gives it (never an internal id).
    /// </summary>
    private static string OrganisationOf(CaseEventEntity e, IReadOnlyList<TaskEntity> tasks) =>
        e.ActorRole == Actor.System.Role ? "" : Organisations.Find(e.ActorOrganisation)?.Name
            ?? tasks.FirstOrDefault(t => t.AssigneeOrganisation == e.ActorOrganisation)?.AssigneeName ?? "";
}
