using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Veterinary;

namespace LinfenFlows.Tests.Unit;

/// <summary>《2022—2025年临汾市官方兽医培训计划》's numbers at their boundaries, and its dates on the official calendar.</summary>
public class TrainingRulesTests
{
    [Theory]
    [InlineData(39.5, true, false)]
    [InlineData(40, true, true)]
    [InlineData(40, false, false)]
    [InlineData(64, true, true)]
    public void Duty_needs_40_pre_job_hours_and_the_exam_passed(double hours, bool exam, bool cleared) =>
        Assert.Equal(cleared, TrainingRules.ClearedForDuty((decimal)hours, exam));

    [Theory]
    [InlineData(VetRoles.Official, 29.5, 0, false)]
    [InlineData(VetRoles.Official, 30, 0, true)]
    [InlineData(VetRoles.Inspector, 30, 0, true)]
    [InlineData(VetRoles.Trainer, 30, 5.5, false)]
    [InlineData(VetRoles.Trainer, 30, 6, true)]
    [InlineData(VetRoles.Trainer, 29, 10, false)]
    public void A_year_needs_30_hours_and_a_trainer_also_6_teaching_hours(string role, double hours, double teaching, bool met) =>
        Assert.Equal(met, TrainingRules.Standing(role, (decimal)hours, (decimal)teaching).Met);

    [Fact]
    public void What_is_short_is_said_in_hours()
    {
        var s = TrainingRules.Standing(VetRoles.Trainer, 24, 4);
        Assert.Equal((6m, 2m), (s.HoursShort, s.TeachingShort));
    }

    [Fact]
    public void The_pre_job_deadline_is_60_days_after_confirmation_and_moves_past_the_National_Day_holiday()
    {
        // Confirmed 2 August 2026: the 60th day is 1 October, a holiday until the 7th; the period ends at the end of 8 October.
        Assert.Equal("2026年10月8日 24:00",
            BeijingTime.Format(TrainingRules.PreJobDue(WorkingCalendar.Official, new DateOnly(2026, 8, 2)).At));
        // Confirmed 3 August: the 60th day, 2 October, is also in the holiday.
        Assert.Equal("2026年10月8日 24:00",
            BeijingTime.Format(TrainingRules.PreJobDue(WorkingCalendar.Official, new DateOnly(2026, 8, 3)).At));
        // Confirmed 1 September: the 60th day is Saturday 31 October, so it ends on Monday 2 November.
        Assert.Equal("2026年11月2日 24:00",
            BeijingTime.Format(TrainingRules.PreJobDue(WorkingCalendar.Official, new DateOnly(2026, 9, 1)).At));
    }

    [Fact]
    public void Submissions_close_at_the_end_of_20_December_Beijing_time()
    {
        var lastMinute = new DateTimeOffset(2026, 12, 20, 23, 59, 59, BeijingTime.Offset);
        var midnight = new DateTimeOffset(2026, 12, 21, 0, 0, 0, BeijingTime.Offset);
        Assert.True(TrainingRules.YearOpen(2026, lastMinute));
        Assert.False(TrainingRules.YearOpen(2026, midnight));
        // 16:00 UTC on the 20th is already midnight in Beijing.
        Assert.False(TrainingRules.YearOpen(2026, new DateTimeOffset(2026, 12, 20, 16, 0, 0, TimeSpan.Zero)));
        // The next year is open from its first day.
        Assert.True(TrainingRules.YearOpen(2027, midnight));
    }

    [Fact]
    public void Rates_are_counted_against_100_percent_completion_and_90_percent_passes()
    {
        var r = new TrainingRates(Vets: 40, Participated: 38, Completed: 40, ExamTaken: 20, ExamPassed: 18);
        Assert.Equal((95.0m, 100.0m, 90.0m), (r.ParticipationRate, r.CompletionRate, r.PassRate));
        Assert.True(r.CompletionTargetMet);
        Assert.True(r.PassTargetMet);
        var short1 = r with { Completed = 39, ExamPassed = 17 };
        Assert.False(short1.CompletionTargetMet);
        Assert.False(short1.PassTargetMet);
        Assert.Equal(80, TrainingRates.Sum([r, short1]).Vets);
    }

    [Theory]
    [InlineData(2025, 2026, null)]
    [InlineData(2024, 2026, "本年度应安排轮训")]
    [InlineData(2023, 2026, "已超过3年")]
    public void Trainers_are_due_for_rotation_after_two_years_and_overdue_after_three(int last, int year, string? says)
    {
        var rotation = TrainingRules.Rotation(last, year);
        if (says is null) Assert.Null(rotation);
        else Assert.Contains(says, rotation);
    }

    [Theory]
    [InlineData(3, 3, 31, 0)]
    [InlineData(3, 4, 1, 0)]
    [InlineData(3, 7, 1, 1)]
    [InlineData(3, 10, 1, 2)]
    [InlineData(3, 11, 20, 3)]
    [InlineData(2, 10, 1, 1)]
    public void An_organiser_should_have_held_its_share_of_the_years_trainings_by_each_quarter(int required, int month, int day,
        int expected) =>
        Assert.Equal(expected, TrainingRules.SessionsExpectedBy(required, new DateOnly(2026, month, day)));
}
