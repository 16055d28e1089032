using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Time;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows.Accidents;

namespace LinfenFlows.Tests.Unit;

public class AccidentRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    [Theory]
    [InlineData(AccidentRules.General, 15)]
    [InlineData(AccidentRules.Larger, 15)]
    [InlineData(AccidentRules.Major, 15)]
    [InlineData(AccidentRules.ExtraordinarilyMajor, 30)]
    public void The_reply_is_due_within_15_days_or_30_for_extraordinarily_major_accidents(string level, int days) =>
        Assert.Equal(days, AccidentRules.ReplyPeriodDays(level));

    [Fact]
    public void The_reply_deadline_is_the_end_of_the_fifteenth_day_after_receipt_in_Beijing_time()
    {
        // Received Monday 30 November 2026 at 10:00 Beijing time.
        var received = new DateTimeOffset(2026, 11, 30, 10, 0, 0, BeijingTime.Offset);
        var due = AccidentDeadlines.ReplyDue(WorkingCalendar.Official, AccidentRules.General, received);
        Assert.Equal("2026年12月15日 24:00", BeijingTime.Format(due.At));
    }

    [Fact]
    public void A_valid_request_passes() => AccidentRules.Validate(Samples.Request(), Today);

    [Fact]
    public void Every_broken_rule_is_reported_at_once()
    {
        var request = Samples.Request() with { Enterprise = " ", Level = "严重", OccurredOn = Today.AddDays(1), PreventionMeasures = [] };
        var problem = Assert.Throws<ProblemException>(() => AccidentRules.Validate(request, Today));
        Assert.Equal(400, problem.Status);
        Assert.Equal(["enterprise", "level", "occurredOn", "preventionMeasures"], problem.Errors.Select(e => e.Field).Order());
        Assert.All(problem.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        Assert.Contains(problem.Errors, e => e.Rule == "allowed-level" && e.Message.Contains("特别重大"));
    }

    [Fact]
    public void A_handling_outside_the_four_channels_of_the_reply_is_refused()
    {
        var request = Samples.Request() with { ResponsiblePersons = [new ResponsibleParty("李某", null, "口头批评", null)] };
        var problem = Assert.Throws<ProblemException>(() => AccidentRules.Validate(request, Today));
        Assert.Equal("responsiblePersons[0].handling", Assert.Single(problem.Errors).Field);
    }
}
