using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Reviews;
using LinfenFlows.Shared.Time;
using LinfenFlows.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Tests.Integration;

public class ReviewServiceTests
{
    // Monday 30 November 2026, 09:00 Beijing time.
    private readonly ManualClock clock = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, BeijingTime.Offset));
    private readonly ServiceProvider services;
    private readonly ReviewService reviews;
    private readonly CaseJournal journal;

    public ReviewServiceTests()
    {
        services = TestServices.Build(clock);
        reviews = services.GetRequiredService<ReviewService>();
        journal = services.GetRequiredService<CaseJournal>();
    }

    private static readonly Recipient Reviewer = new("gov-reviewer", "市人民政府", "linfen-gov");
    private static readonly Recipient Supervisor = new("gov-supervisor", "市政府督查室", "linfen-gov-office");

    private async Task<(CaseId Case, string Token)> OpenAsync(DateOnly dueDay, params int[] remind)
    {
        var id = new CaseId("rev-" + Guid.NewGuid().ToString("N")[..16]);
        await journal.CreateAsync(new CaseEntity { PartitionKey = id.Value, Kind = "test", Title = "测试办件", Parties = "linfen-gov" },
            new CaseChange { Key = "created", Event = new CaseEventDraft("test.created", "创建", Actor.System, clock.Now) });
        await reviews.OpenAsync(new ReviewSpec(id.Value, "t1", "approval", "市政府审批", Reviewer, Supervisor,
            [Decisions.Approve, Decisions.Return], BeijingTime.EndOf(dueDay), remind));
        return (id, await services.ReviewTokenAsync(id.Value, "t1"));
    }

    [Fact]
    public async Task Opening_a_task_twice_sends_one_link()
    {
        var (id, _) = await OpenAsync(new DateOnly(2026, 12, 15));
        var task = (await journal.FindRowAsync<ReviewTaskEntity>(id, RowKeys.Task("t1")))!;
        await reviews.OpenAsync(new ReviewSpec(id.Value, "t1", "approval", "市政府审批", Reviewer, Supervisor, [Decisions.Approve], task.DueAt, []));

        Assert.Single(await services.MailAsync(id.Value));
        Assert.Equal(2, (await journal.TimelineAsync(id)).Count);
    }

    [Fact]
    public async Task Resolving_a_link_changes_nothing_and_the_decision_is_taken_once()
    {
        var (id, token) = await OpenAsync(new DateOnly(2026, 12, 15));
        Assert.Equal(LinkState.Open, (await reviews.ResolveAsync(token)).State);
        Assert.Equal(LinkState.Open, (await reviews.ResolveAsync(token)).State);

        var (_, decision) = await reviews.DecideAsync(token, Decisions.Approve, null);
        Assert.Equal(Decisions.Approve, decision.Decision);

        var second = await Assert.ThrowsAsync<ProblemException>(() => reviews.DecideAsync(token, Decisions.Return, "再议"));
        Assert.Equal(409, second.Status);
        Assert.Equal(LinkState.Used, (await reviews.ResolveAsync(token)).State);
        Assert.Single(await journal.TimelineAsync(id), e => e.Action == "review.decided");
    }

    [Fact]
    public async Task A_decision_not_offered_or_a_return_without_opinion_is_refused_and_the_link_still_works()
    {
        var (_, token) = await OpenAsync(new DateOnly(2026, 12, 15));
        var notOffered = await Assert.ThrowsAsync<ProblemException>(() => reviews.DecideAsync(token, Decisions.Reject, "不同意"));
        Assert.Equal("decision", notOffered.Errors.Single().Field);
        var noOpinion = await Assert.ThrowsAsync<ProblemException>(() => reviews.DecideAsync(token, Decisions.Return, " "));
        Assert.Equal("opinion", noOpinion.Errors.Single().Field);

        Assert.Equal(LinkState.Open, (await reviews.ResolveAsync(token)).State);
    }

    [Fact]
    public async Task Forged_and_expired_links_decide_nothing()
    {
        var (_, token) = await OpenAsync(new DateOnly(2026, 12, 15));
        Assert.Equal(LinkState.Unknown, (await reviews.ResolveAsync(LinkTokens.New())).State);
        Assert.Equal(LinkState.Unknown, (await reviews.ResolveAsync("../../etc/passwd")).State);
        Assert.Equal(404, (await Assert.ThrowsAsync<ProblemException>(() => reviews.DecideAsync(LinkTokens.New(), Decisions.Approve, null))).Status);

        clock.Now = BeijingTime.EndOf(new DateOnly(2026, 12, 15));
        Assert.Equal(LinkState.Expired, (await reviews.ResolveAsync(token)).State);
        Assert.Equal(409, (await Assert.ThrowsAsync<ProblemException>(() => reviews.DecideAsync(token, Decisions.Approve, null))).Status);
    }

    [Fact]
    public async Task At_the_deadline_the_task_turns_overdue_and_the_supervisor_is_told_once()
    {
        var (id, token) = await OpenAsync(new DateOnly(2026, 12, 15));
        clock.Now = BeijingTime.EndOf(new DateOnly(2026, 12, 15));
        Assert.Null(await reviews.ExpireAsync(id, "t1"));
        Assert.Null(await reviews.ExpireAsync(id, "t1"));

        var task = (await journal.FindRowAsync<ReviewTaskEntity>(id, RowKeys.Task("t1")))!;
        Assert.Equal(ReviewStates.Overdue, task.State);
        var supervisorMail = Assert.Single(await services.MailAsync(id.Value), m => m.RecipientId == Supervisor.Id);
        Assert.StartsWith("【督办】", supervisorMail.Subject);
        Assert.Equal(LinkState.Expired, (await reviews.ResolveAsync(token)).State);
    }

    [Fact]
    public async Task A_decision_recorded_before_the_deadline_wins_over_expiry()
    {
        var (id, token) = await OpenAsync(new DateOnly(2026, 12, 15));
        await reviews.DecideAsync(token, Decisions.Approve, null);
        clock.Now = BeijingTime.EndOf(new DateOnly(2026, 12, 15));

        var recorded = await reviews.ExpireAsync(id, "t1");
        Assert.Equal(Decisions.Approve, recorded!.Decision);
    }
}
