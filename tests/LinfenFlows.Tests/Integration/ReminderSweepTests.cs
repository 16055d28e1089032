using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Notifications;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Tests.Integration;

/// <summary>
/// The morning sweep, with the clock moved day by day. Each test has its own reviewer and its own month, because a sweep
/// reads every row due in the days before it (tests in one class run one after another). The months are in 2025, before
/// any real date, so these sweeps never touch the reminders of cases that other tests run on the real clock.
/// </summary>
public class ReminderSweepTests
{
    private readonly ManualClock clock = new(new DateTimeOffset(2025, 11, 30, 9, 0, 0, BeijingTime.Offset));
    private readonly ServiceProvider services;
    private readonly string reviewer = "reviewer-" + Guid.NewGuid().ToString("N")[..8];
    private Assignee? role;

    public ReminderSweepTests() => services = TestServices.Build(clock);

    /// <summary>This test's reviewer: the one 审批 of an organisation of its own.</summary>
    private async Task<Assignee> RoleAsync()
    {
        if (role is not null) return role;
        var unit = await services.Get<StaffDirectory>().UnitNamedAsync("提醒测试单位" + reviewer, "尧都区", null, null);
        await services.Get<DirectoryImport>().ImportPeopleAsync(People.Get("gov-office-operator"),
            $"{string.Join(",", DirectoryImport.PeopleColumns)}\n{reviewer},审批人,{unit.Id},reviewer,{reviewer}@linfen.example,,,,,,是\n");
        return role = new Assignee(unit.Id, Roles.Reviewer);
    }

    private async Task<CaseId> OpenAsync(DateOnly opened, DateOnly due, params int[] remind)
    {
        clock.Now = BeijingTime.StartOf(opened).AddHours(10);
        var journal = services.GetRequiredService<CaseJournal>();
        var id = new CaseId("rem-" + Guid.NewGuid().ToString("N")[..16]);
        await journal.CreateAsync(new CaseEntity { PartitionKey = id.Value, Kind = "test", Title = "测试办件", Parties = "linfen-gov" },
            new CaseChange { Key = "created", Event = new CaseEventDraft("test.created", "创建", Actor.System, clock.GetUtcNow()) });
        await services.Get<TaskOpening>().OpenAsync(new TaskSpec
        {
            CaseId = id.Value, TaskId = "t1", Step = "approval", StepName = "市政府审批", AssignedTo = await RoleAsync(),
            Supervisor = new Assignee(Organisations.CityGovernmentInspection, Roles.Supervisor), Decisions = [Decisions.Approve],
            Due = Deadline.FixedAt(BeijingTime.EndOf(due)), RemindWorkingDaysBefore = remind,
        });
        return id;
    }

    private async Task<IReadOnlyList<MailboxEntity>> DigestsAsync() =>
        (await MailboxEntity.ListAsync(services.GetRequiredService<StorageAccount>(), 1000, CancellationToken.None))
        .Where(m => m.RecipientId == reviewer && m.Subject.StartsWith("【待办提醒】", StringComparison.Ordinal)).ToList();

    private Task<SweepResult> SweepOnAsync(DateOnly day)
    {
        clock.Now = BeijingTime.StartOf(day).AddHours(9);
        return services.GetRequiredService<ReminderSweep>().RunAsync();
    }

    [Fact]
    public async Task A_reviewer_is_reminded_three_and_one_working_days_before_the_deadline_once_each()
    {
        // Due Monday 15 December 2025: reminders on Wednesday 10 and Friday 12 December.
        var id = await OpenAsync(new DateOnly(2025, 12, 1), new DateOnly(2025, 12, 15), 3, 1);

        await SweepOnAsync(new DateOnly(2025, 12, 9));
        Assert.Empty(await DigestsAsync());

        await SweepOnAsync(new DateOnly(2025, 12, 10));
        await SweepOnAsync(new DateOnly(2025, 12, 10)); // a second run the same morning sends nothing more
        Assert.Single(await DigestsAsync());

        await SweepOnAsync(new DateOnly(2025, 12, 12));
        Assert.Equal(2, (await DigestsAsync()).Count);
        var timeline = await services.GetRequiredService<CaseJournal>().TimelineAsync(id);
        Assert.Equal(2, timeline.Count(e => e.Action == "review.reminded"));
    }

    [Fact]
    public async Task Nobody_is_reminded_on_a_rest_day_and_the_reminder_waits_for_the_next_working_morning()
    {
        // Due Tuesday 3 June 2025, reminded Friday 30 May; that morning's sweep failed, the next run falls on Saturday
        // 31 May (端午, 31 May – 2 June).
        await OpenAsync(new DateOnly(2025, 5, 20), new DateOnly(2025, 6, 3), 1);
        var holiday = await SweepOnAsync(new DateOnly(2025, 5, 31));
        Assert.False(holiday.WorkingDay);
        Assert.Empty(await DigestsAsync());

        await SweepOnAsync(new DateOnly(2025, 6, 3));
        Assert.Single(await DigestsAsync());
    }

    [Fact]
    public async Task A_task_decided_before_its_reminder_is_not_reminded()
    {
        var id = await OpenAsync(new DateOnly(2025, 9, 1), new DateOnly(2025, 9, 16), 3);
        var token = await services.ReviewTokenAsync(id.Value, "t1");
        await services.DecideAsync(token, Decisions.Approve);

        await SweepOnAsync(new DateOnly(2025, 9, 11));
        Assert.Empty(await DigestsAsync());
    }

    [Fact]
    public async Task Several_tasks_due_for_one_person_arrive_as_one_digest()
    {
        await OpenAsync(new DateOnly(2025, 10, 13), new DateOnly(2025, 10, 24), 3);
        await OpenAsync(new DateOnly(2025, 10, 13), new DateOnly(2025, 10, 24), 3);
        await SweepOnAsync(new DateOnly(2025, 10, 21));

        var digest = Assert.Single(await DigestsAsync());
        Assert.Equal(2, digest.Body.Split('\n').Count(l => l.StartsWith("· ", StringComparison.Ordinal)));
    }
}
