using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Tests.Integration;

/// <summary>Tasks on a real Azurite: opened to whoever holds the role, found by link or inbox, decided once, expired, reassigned.</summary>
public class TaskServiceTests
{
    // Monday 30 November 2026, 09:00 Beijing time.
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, BeijingTime.Offset));
    private readonly ServiceProvider services;
    private readonly CaseJournal journal;

    public TaskServiceTests()
    {
        services = TestServices.Build(clock);
        journal = services.GetRequiredService<CaseJournal>();
    }

    private static readonly Assignee CityReviewer = new(Organisations.CityGovernment, Roles.Reviewer);
    private static readonly Assignee Inspection = new(Organisations.CityGovernmentInspection, Roles.Supervisor);

    private async Task<(CaseId Case, string Token)> OpenAsync(DateOnly dueDay, Assignee? to = null, params int[] remind)
    {
        var id = new CaseId("rev-" + Guid.NewGuid().ToString("N")[..16]);
        await journal.CreateAsync(new CaseEntity { PartitionKey = id.Value, Kind = "test", Title = "测试办件", Parties = "linfen-gov" },
            new CaseChange { Key = "created", Event = new CaseEventDraft("test.created", "创建", Actor.System, clock.GetUtcNow()) });
        await services.Get<TaskOpening>().OpenAsync(Spec(id, dueDay, to ?? CityReviewer, remind));
        var token = to is null || (await services.Get<StaffDirectory>().AssignAsync(to)).Holders.Count > 0
            ? await services.ReviewTokenAsync(id.Value, "t1") : "";
        return (id, token);
    }

    private static TaskSpec Spec(CaseId id, DateOnly dueDay, Assignee to, int[] remind) => new()
    {
        CaseId = id.Value, TaskId = "t1", Step = "approval", StepName = "市政府审批", AssignedTo = to, Supervisor = Inspection,
        Decisions = [Decisions.Approve, Decisions.Return], Due = Deadline.FixedAt(BeijingTime.EndOf(dueDay)),
        RemindWorkingDaysBefore = remind,
    };

    private Task<TaskAccess> FindAsync(string token) => services.Get<TaskFinder>().ByLinkAsync(token);

    /// <summary>People of an organisation of their own (an outside unit), so the test decides who holds which role.</summary>
    private async Task<(string Unit, Caller Operator)> UnitWithAsync(params (string Id, string Roles)[] people)
    {
        var unit = await services.Get<StaffDirectory>().UnitNamedAsync("测试单位" + Guid.NewGuid().ToString("N")[..8], "尧都区", null, null);
        var csv = "personId,name,organisation,roles,mail,mobile,vetId,expertField,expertEmployer,expertCounty,active\n" +
                  string.Concat(people.Select(p => $"{p.Id},{p.Id}姓名,{unit.Id},{p.Roles},{p.Id}@linfen.example,,,,,,是\n"));
        await services.Get<DirectoryImport>().ImportPeopleAsync(People.Get("gov-office-operator"), csv);
        return (unit.Id, People.Get("gov-office-operator"));
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid():N}"[..24];

    [Fact]
    public async Task Opening_a_task_twice_sends_one_link()
    {
        var (id, _) = await OpenAsync(new DateOnly(2026, 12, 15));
        await services.Get<TaskOpening>().OpenAsync(Spec(id, new DateOnly(2026, 12, 15), CityReviewer, []));

        Assert.Single(await services.MailAsync(id.Value));
        Assert.Equal(2, (await journal.TimelineAsync(id)).Count);
    }

    [Fact]
    public async Task Finding_a_task_by_its_link_changes_nothing_and_the_decision_is_taken_once()
    {
        var (id, token) = await OpenAsync(new DateOnly(2026, 12, 15));
        Assert.Equal(AccessState.Open, (await FindAsync(token)).State);
        Assert.Equal(AccessState.Open, (await FindAsync(token)).State);

        var decision = await services.DecideAsync(token, Decisions.Approve);
        Assert.Equal(Decisions.Approve, decision.Decision);
        Assert.Equal("gov-reviewer", decision.DecidedBy.Id);

        var second = await Assert.ThrowsAsync<ProblemException>(() => services.DecideAsync(token, Decisions.Return, "再议"));
        Assert.Equal(409, second.Status);
        Assert.Equal(AccessState.Done, (await FindAsync(token)).State);
        Assert.Single(await journal.TimelineAsync(id), e => e.Action == "review.decided");
    }

    [Fact]
    public async Task A_decision_not_offered_or_a_return_without_opinion_is_refused_and_the_link_still_works()
    {
        var (_, token) = await OpenAsync(new DateOnly(2026, 12, 15));
        var notOffered = await Assert.ThrowsAsync<ProblemException>(() => services.DecideAsync(token, Decisions.Reject, "不同意"));
        Assert.Equal("decision", notOffered.Errors.Single().Field);
        var noOpinion = await Assert.ThrowsAsync<ProblemException>(() => services.DecideAsync(token, Decisions.Return, " "));
        Assert.Equal("opinion", noOpinion.Errors.Single().Field);

        Assert.Equal(AccessState.Open, (await FindAsync(token)).State);
    }

    [Fact]
    public async Task Forged_and_expired_links_decide_nothing()
    {
        var (_, token) = await OpenAsync(new DateOnly(2026, 12, 15));
        Assert.Equal(AccessState.Unknown, (await FindAsync(LinkTokens.New())).State);
        Assert.Equal(AccessState.Unknown, (await FindAsync("../../etc/passwd")).State);
        Assert.Equal(404,
            (await Assert.ThrowsAsync<ProblemException>(() => services.DecideAsync(LinkTokens.New(), Decisions.Approve))).Status);

        clock.Now = BeijingTime.EndOf(new DateOnly(2026, 12, 15));
        Assert.Equal(AccessState.Expired, (await FindAsync(token)).State);
        Assert.Equal(409, (await Assert.ThrowsAsync<ProblemException>(() => services.DecideAsync(token, Decisions.Approve))).Status);
    }

    [Fact]
    public async Task At_the_deadline_the_task_turns_overdue_and_the_supervisor_is_told_once()
    {
        var (id, token) = await OpenAsync(new DateOnly(2026, 12, 15));
        clock.Now = BeijingTime.EndOf(new DateOnly(2026, 12, 15));
        var deadlines = services.Get<TaskDeadlines>();
        Assert.Null(await deadlines.ExpireAsync(id, "t1"));
        Assert.Null(await deadlines.ExpireAsync(id, "t1"));

        var task = (await journal.FindRowAsync<TaskEntity>(id, RowKeys.Task("t1")))!;
        Assert.Equal(TaskStates.Overdue, task.State);
        var supervisorMail = Assert.Single(await services.MailAsync(id.Value), m => m.RecipientId == "gov-supervisor");
        Assert.StartsWith("【督办】", supervisorMail.Subject);
        Assert.Equal(AccessState.Expired, (await FindAsync(token)).State);
    }

    [Fact]
    public async Task A_decision_recorded_before_the_deadline_wins_over_expiry()
    {
        var (id, token) = await OpenAsync(new DateOnly(2026, 12, 15));
        await services.DecideAsync(token, Decisions.Approve);
        clock.Now = BeijingTime.EndOf(new DateOnly(2026, 12, 15));

        var recorded = await services.Get<TaskDeadlines>().ExpireAsync(id, "t1");
        Assert.Equal(Decisions.Approve, recorded!.Decision);
    }

    [Fact]
    public async Task A_role_held_by_two_people_reaches_both_and_either_may_act_only_once()
    {
        string a = Unique("a"), b = Unique("b");
        var (unit, _) = await UnitWithAsync((a, "reviewer"), (b, "reviewer"));
        var (id, _) = await OpenAsync(new DateOnly(2026, 12, 15), new Assignee(unit, Roles.Reviewer));
        var tokenA = await services.ReviewTokenAsync(id.Value, "t1", personId: a);
        var tokenB = await services.ReviewTokenAsync(id.Value, "t1", personId: b);
        Assert.NotEqual(tokenA, tokenB);

        var taken = await services.DecideAsync(tokenB, Decisions.Approve);
        Assert.Equal(b, taken.DecidedBy.Id);
        Assert.Equal(409, (await Assert.ThrowsAsync<ProblemException>(() => services.DecideAsync(tokenA, Decisions.Approve))).Status);
        // Each saw it in 我的待办; once done, neither does.
        Assert.Empty(await services.Get<TaskInbox>().OfAsync(new Caller(a, a, unit, new HashSet<string> { Roles.Reviewer })));
    }

    [Fact]
    public async Task A_role_nobody_holds_goes_to_the_organisations_clerks_and_with_no_one_at_all_the_supervisor_is_told()
    {
        var clerk = Unique("clerk");
        var (withClerk, _) = await UnitWithAsync((clerk, "applicant"));
        var (id, _) = await OpenAsync(new DateOnly(2026, 12, 15), new Assignee(withClerk, Roles.Reviewer));
        await services.ReviewTokenAsync(id.Value, "t1", personId: clerk);
        Assert.Contains("送经办人员", (await journal.TimelineAsync(id)).Single(e => e.Action == "review.opened").Label);

        var empty = await services.Get<StaffDirectory>().UnitNamedAsync("无人单位" + Guid.NewGuid().ToString("N")[..8], "浮山县", null, null);
        var (unheld, _) = await OpenAsync(new DateOnly(2026, 12, 15), new Assignee(empty.Id, Roles.Reviewer));
        var notice = await services.MailAsync(unheld.Value, m => m.Subject.StartsWith("【无人承办】", StringComparison.Ordinal));
        Assert.Equal("gov-supervisor", notice.RecipientId);
        var task = (await journal.FindTaskAsync(unheld, "t1"))!;
        Assert.Empty(task.Holders);
        Assert.Equal(empty.Name, task.AssigneeName);
    }

    [Fact]
    public async Task A_delegation_sends_tasks_opened_in_its_period_to_the_delegate_who_acts_for_the_person()
    {
        string boss = Unique("boss"), deputy = Unique("deputy");
        var (unit, _) = await UnitWithAsync((boss, "reviewer"), (deputy, "applicant"));
        var delegator = new Caller(boss, boss + "姓名", unit, new HashSet<string> { Roles.Reviewer });
        await services.Get<Delegations>().DelegateAsync(delegator,
            new DelegationRequest("reviewer", deputy, new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 5), "出差"));

        // Before the period: the task goes to the person themself.
        var (before, _) = await OpenAsync(new DateOnly(2026, 12, 15), new Assignee(unit, Roles.Reviewer));
        await services.ReviewTokenAsync(before.Value, "t1", personId: boss);

        // In it: to the delegate, who acts 代 the person.
        clock.Now = new DateTimeOffset(2026, 12, 2, 9, 0, 0, BeijingTime.Offset);
        var (during, _) = await OpenAsync(new DateOnly(2026, 12, 15), new Assignee(unit, Roles.Reviewer));
        var token = await services.ReviewTokenAsync(during.Value, "t1", personId: deputy);
        var taken = await services.DecideAsync(token, Decisions.Approve);
        Assert.Equal(deputy, taken.DecidedBy.Id);
        Assert.Contains($"代{boss}姓名办理", taken.DecidedBy.Name);

        // After it: to the person again.
        clock.Now = new DateTimeOffset(2026, 12, 7, 9, 0, 0, BeijingTime.Offset);
        var (after, _) = await OpenAsync(new DateOnly(2026, 12, 15), new Assignee(unit, Roles.Reviewer));
        await services.ReviewTokenAsync(after.Value, "t1", personId: boss);
    }

    [Fact]
    public async Task A_supervisor_reassigns_an_open_task_and_the_old_link_stops_working()
    {
        string first = Unique("first"), second = Unique("second"), chief = Unique("chief");
        var (unit, _) = await UnitWithAsync((first, "reviewer"), (second, "applicant"), (chief, "supervisor"));
        var (id, _) = await OpenAsync(new DateOnly(2026, 12, 15), new Assignee(unit, Roles.Reviewer));
        var oldToken = await services.ReviewTokenAsync(id.Value, "t1", personId: first);

        var outsider = People.Get("yjj-supervisor");
        await Assert.ThrowsAsync<ProblemException>(() =>
            services.Get<TaskReassignment>().ReassignAsync(outsider, id.Value, "t1", second, "休假"));
        var supervisor = new Caller(chief, chief, unit, new HashSet<string> { Roles.Supervisor });
        var noReason = await Assert.ThrowsAsync<ProblemException>(() =>
            services.Get<TaskReassignment>().ReassignAsync(supervisor, id.Value, "t1", second, ""));
        Assert.Equal("reason", noReason.Errors.Single().Field);
        await services.Get<TaskReassignment>().ReassignAsync(supervisor, id.Value, "t1", second, "原承办人休假");

        Assert.Equal(AccessState.Unknown, (await FindAsync(oldToken)).State);
        var newToken = await services.ReviewTokenAsync(id.Value, "t1", personId: second);
        Assert.Equal(second, (await services.DecideAsync(newToken, Decisions.Approve)).DecidedBy.Id);
        var entry = (await journal.TimelineAsync(id)).Single(e => e.Action == "review.reassigned");
        Assert.Equal(chief, entry.ActorId);
        Assert.Equal("原承办人休假", entry.Opinion);
    }

    [Fact]
    public async Task A_directory_import_with_a_bad_line_changes_nothing_and_names_the_line_and_column()
    {
        var good = Unique("good");
        var csv = "personId,name,organisation,roles,mail,mobile,vetId,expertField,expertEmployer,expertCounty,active\n" +
                  $"{good},张三,linfen-yjj,applicant,{good}@linfen.example,13900001111,,,,,是\n" +
                  "bad person,李四,不存在的单位,局长,not-a-mail,123,,,,,也许\n";
        var error = await Assert.ThrowsAsync<ProblemException>(() =>
            services.Get<DirectoryImport>().ImportPeopleAsync(People.Get("gov-office-operator"), csv));
        Assert.Equal(400, error.Status);
        foreach (var column in new[] { "personId", "organisation", "roles", "mail", "mobile", "active" })
            Assert.Contains(error.Errors, e => e.Field == $"rows[3].{column}");
        Assert.Null(await services.Get<StaffDirectory>().FindAsync(good));
    }
}
