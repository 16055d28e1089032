using System.Security.Cryptography;
using System.Text;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Workflows.Parks;

/// <summary>What the public publicity page shows: the proposed park and the window, on the official calendar.</summary>
public sealed record PublicityNotice(CaseEntity Case, ParkCaseDetails Details, PublicityEntity Publicity, bool Open);

/// <summary>
/// The public side of publicity (公示): the notice anyone may read, and objections (异议) anyone may file with their contact
/// details while the window is open. The window is checked in the same batch that records the objection, so an objection is
/// either recorded before the workflow closes the window, or refused.
/// </summary>
public sealed class ParkPublicity(CaseJournal journal, TimeProvider clock)
{
    public async Task<PublicityNotice?> FindAsync(string? caseIdText, CancellationToken ct = default)
    {
        if (!CaseId.IsWellFormed(caseIdText)) return null;
        var id = new CaseId(caseIdText!);
        var c = await journal.FindAsync(id, ct);
        if (c?.Kind != ParkIntake.Kind) return null;
        var publicity = await journal.FindRowAsync<PublicityEntity>(id, PublicityEntity.Key, ct);
        return publicity is null ? null : new PublicityNotice(c, ParkCaseDetails.Of(c), publicity, publicity.IsOpenAt(clock.GetUtcNow()));
    }

    /// <returns>The objection's number (the same number again for the same objection submitted twice).</returns>
    public async Task<int> FileObjectionAsync(DurableTaskClient client, string? caseIdText, string? name, string? phone, string? content,
        CancellationToken ct = default)
    {
        var notice = await FindAsync(caseIdText, ct) ?? throw Problem.NotFound("公示", "Publicity");
        new Validator()
            .Required(name, "name", "异议人姓名或单位名称", 100)
            .Require(PersonalData.IsPhoneNumber(phone), "phone", "phone",
                "联系电话应为11位手机号码或带区号的固定电话，以便核实。", "phone must be a mobile number or a landline with area code.")
            .Required(content, "content", "异议内容（事实和理由）", 2000)
            .ThrowIfInvalid();
        var caseId = notice.Case.Id;
        var key = "objection-" + Convert.ToHexStringLower(
            SHA256.HashData(Encoding.UTF8.GetBytes($"{name!.Trim()}|{phone!.Trim()}|{content!.Trim()}")))[..16];
        var number = 0;
        var recorded = await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            var publicity = (await journal.FindRowAsync<PublicityEntity>(caseId, PublicityEntity.Key, ct2))!;
            var now = clock.GetUtcNow();
            if (now < publicity.StartsAt) throw Problem.Conflict("publicity-not-started", "公示尚未开始，暂不受理异议。", "Publicity has not started.");
            if (!publicity.IsOpenAt(now))
                throw Problem.Conflict("publicity-ended", $"公示期已于 {BeijingTime.Format(publicity.EndsAt)} 结束，不再受理异议。",
                    "The publicity period has ended; objections are no longer accepted.");
            number = (await journal.RowsAsync<ObjectionEntity>(caseId, ObjectionEntity.Prefix, ct2)).Count + 1;
            return new CaseChange
            {
                Key = key,
                // The objection's substance goes into the timeline for the verifier; the objector's contact stays in its row.
                Event = new CaseEventDraft("park.objection", $"公示期间收到异议（第{number}件）", new Actor("public", "社会公众", "public", "public"), now,
                    PersonalData.Mask(content.Trim())),
                Rows =
                [
                    new ObjectionEntity { RowKey = ObjectionEntity.KeyOf(number), Number = number, SubmissionKey = key,
                        ObjectorName = name.Trim(), Phone = phone.Trim(), Content = content.Trim(), FiledAt = now },
                ],
            };
        }, ct);
        if (recorded!.AlreadyRecorded)
            number = (await journal.RowsAsync<ObjectionEntity>(caseId, ObjectionEntity.Prefix, ct))
                .Single(o => o.SubmissionKey == key).Number;
        await client.RaiseEventAsync(caseId.Value, ParkEvents.ObjectionFiled, new ObjectionFiled(number), ct);
        return number;
    }
}

/// <summary>
/// 公示 as the workflow runs it: start it for at least 5 working days on the calendar in force, close it (objections are
/// refused from then on), conclude it from the verified objections, and — when the official calendar replaces a
/// provisional year — let it run longer, never shorter, than announced.
/// </summary>
public sealed class ParkPublicityActivities(CaseJournal journal, WorkingCalendars calendars, ProvisionalDeadlines provisional,
    ParkPolicy policy, PublicUrls urls, TimeProvider clock)
{
    public const string StartPublicity = nameof(StartPublicity);
    public const string ClosePublicity = nameof(ClosePublicity);
    public const string ConcludePublicity = nameof(ConcludePublicity);
    public const string FollowPublicityCalendar = nameof(FollowPublicityCalendar);
    public const string TrackedKind = "publicity";

    public async Task<PublicityWindow> StartAsync(string caseIdText)
    {
        var caseId = new CaseId(caseIdText);
        if (await journal.FindRowAsync<PublicityEntity>(caseId, PublicityEntity.Key) is { } started) return WindowOf(started);
        var now = clock.GetUtcNow();
        var ends = ParkDeadlines.PublicityEnds(await calendars.CurrentAsync(), now, policy.PublicityWorkingDays,
            policy.PublicityStartDayCounts);
        var c = await journal.GetAsync(caseId);
        var details = ParkCaseDetails.Of(c);
        var row =
            new PublicityEntity { RowKey = PublicityEntity.Key, StartsAt = now, Ends = ends, WorkingDays = policy.PublicityWorkingDays };
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = "publicity-started",
            Event = new CaseEventDraft("park.publicity",
                $"列入拟确定名单并公示，公示期至 {ends.Display}（{policy.PublicityWorkingDays}个工作日）", Actor.System, now),
            Update = e => { e.Step = "公示"; e.Holder = Organisations.NameOf(Organisations.CityHrBureau); e.DueAt = ends.At; },
            Rows = [row],
            Notifications =
            [
                new Notification("publicity", details.Submitter, $"【公示】{details.Application.ParkName}",
                    $"{details.Application.ParkName}已列入市级人力资源服务产业园拟确定名单，公示期至 {ends.Display}。",
                    urls.Absolute(Routes.ParkPublicityPath(caseIdText))),
            ],
        });
        await provisional.TrackAsync(ends, TrackedKind, caseIdText);
        return WindowOf((await journal.FindRowAsync<PublicityEntity>(caseId, PublicityEntity.Key))!);
    }

    /// <summary>The workflow says it will follow a later end (version 1.2 on); safe to repeat.</summary>
    public async Task FollowCalendarAsync(string caseIdText)
    {
        var caseId = new CaseId(caseIdText);
        var publicity = await journal.FindRowAsync<PublicityEntity>(caseId, PublicityEntity.Key);
        if (publicity is null || publicity.FollowsCalendar) return;
        publicity.FollowsCalendar = true;
        await journal.UpdateRowAsync(publicity);
    }

    /// <summary>When the workflow closes the window: at its legal end, unless development shortens it.</summary>
    private PublicityWindow WindowOf(PublicityEntity p) =>
        new(p.StartsAt, policy.PublicityDurationOverride is { } quick ? p.StartsAt + quick : p.EndsAt);

    /// <summary>Closes the window (objections are refused from now on) and returns the number of every objection filed in it.</summary>
    public async Task<IReadOnlyList<int>> CloseAsync(string caseIdText)
    {
        var caseId = new CaseId(caseIdText);
        await journal.RecordAsync(caseId, async (c, ct) =>
        {
            var publicity = (await journal.FindRowAsync<PublicityEntity>(caseId, PublicityEntity.Key, ct))!;
            if (publicity.ClosedAt is not null) return null;
            publicity.ClosedAt = clock.GetUtcNow();
            var count = (await journal.RowsAsync<ObjectionEntity>(caseId, ObjectionEntity.Prefix, ct)).Count;
            publicity.Objections = count;
            return new CaseChange
            {
                Key = "publicity-closed",
                Event = new CaseEventDraft("park.publicity-closed", count == 0 ? "公示期满，无异议" : $"公示期满，收到异议{count}件，待核实", Actor.System,
                    clock.GetUtcNow()),
                Rows = [publicity],
            };
        });
        return (await journal.RowsAsync<ObjectionEntity>(caseId, ObjectionEntity.Prefix)).Select(o => o.Number).ToList();
    }

    /// <returns>Whether any objection was upheld as affecting the selection.</returns>
    public async Task<bool> ConcludeAsync(ConcludePublicityInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var upheld = 0;
        foreach (var id in input.TaskIds)
            if ((await journal.FindTaskAsync(caseId, id))?.Decision == Decisions.Upheld) upheld++;
        if (input.TaskIds.Count > 0)
            await journal.RecordAsync(caseId, async (c, ct) =>
            {
                var publicity = (await journal.FindRowAsync<PublicityEntity>(caseId, PublicityEntity.Key, ct))!;
                publicity.Upheld = upheld;
                return new CaseChange
                {
                    Key = "publicity-concluded",
                    Event = new CaseEventDraft("park.objections-verified",
                        upheld == 0 ? $"异议{input.TaskIds.Count}件经核实均不影响评定入选" : $"异议{input.TaskIds.Count}件中{upheld}件经核实成立，影响评定入选",
                        Actor.System, clock.GetUtcNow()),
                    Rows = [publicity],
                };
            });
        return upheld > 0;
    }

    /// <summary>
    /// The publicity's end counted again on the calendar in force. It protects the public: it may end later, never earlier;
    /// a later end is recorded, the applicant told, and returned for the workflow's timer.
    /// </summary>
    public async Task<PublicityExtended?> RecountAsync(string caseIdText, CancellationToken ct = default)
    {
        var caseId = new CaseId(caseIdText);
        var calendar = await calendars.CurrentAsync(ct);
        PublicityExtended? later = null;
        await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            var publicity = await journal.FindRowAsync<PublicityEntity>(caseId, PublicityEntity.Key, ct2);
            if (publicity is null || publicity.ClosedAt is not null || !publicity.Ends.Basis.IsProvisional) return null;
            var before = publicity.Ends;
            var (recounted, move) = calendar.Recount(before);
            // A workflow started before 1.2 closes the window at the end it was given.
            if (move == DeadlineMove.Later && !publicity.FollowsCalendar)
                (recounted, move) = (recounted with { At = before.At }, DeadlineMove.KeptForPublic);
            publicity.Ends = recounted;
            if (move == DeadlineMove.Later) later = new PublicityExtended(recounted.At);
            var details = ParkCaseDetails.Of(c);
            var label = move == DeadlineMove.Later
                ? $"国务院节假日安排已发布，公示期由 {BeijingTime.Format(before.At)} 顺延至 {BeijingTime.Format(recounted.At)}（{recounted.Basis.Describe()}）"
                : $"国务院节假日安排已发布，公示期保持至 {BeijingTime.Format(before.At)}，不提前结束（{recounted.Basis.Describe()}）";
            return new CaseChange
            {
                Key = $"publicity-recount-{recounted.Basis.Code}",
                Event = new CaseEventDraft("park.publicity-recounted", label, Actor.System, clock.GetUtcNow()),
                Update = later is null ? null : e => e.DueAt = recounted.At,
                Rows = [publicity],
                Notifications = later is null ? [] :
                [
                    new Notification($"publicity-recount-{recounted.Basis.Code}", details.Submitter,
                        $"【公示期调整】{details.Application.ParkName}", label + "。", urls.Absolute(Routes.ParkPublicityPath(caseIdText))),
                ],
            };
        }, ct);
        return later;
    }
}

/// <summary>A publicity's end counted again after a notice import; the waiting workflow's window follows a later end.</summary>
public sealed class PublicityRecount(ParkPublicityActivities publicity) : Platform.IDeadlineRecount
{
    public string Kind => ParkPublicityActivities.TrackedKind;

    public async Task RecountAsync(DurableTaskClient client, ProvisionalDeadlineEntity deadline, CancellationToken ct)
    {
        if (await publicity.RecountAsync(deadline.CaseId, ct) is { } later)
            await client.RaiseEventAsync(deadline.CaseId, ParkEvents.PublicityExtended, later, ct);
    }
}
