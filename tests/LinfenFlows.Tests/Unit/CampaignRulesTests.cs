using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Campaigns;

namespace LinfenFlows.Tests.Unit;

/// <summary>The report days of a campaign on the official calendar of 2026 (国务院办公厅 notice).</summary>
public class CampaignRulesTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Official;

    [Fact]
    public void A_Thursday_in_the_National_Day_holiday_moves_to_the_next_working_day_and_merges_with_that_week()
    {
        var days = CampaignRules.ReportDays(new DateOnly(2026, 9, 21), new DateOnly(2026, 10, 20), 4, Calendar);
        Assert.Equal([new DateOnly(2026, 9, 24), new DateOnly(2026, 10, 8), new DateOnly(2026, 10, 15)], days.Select(d => d.Due));
        Assert.Equal(new DateOnly(2026, 10, 1), days[1].Scheduled); // 国庆 1–7 October: reported on Thursday 8 October, once
        Assert.Equal([1, 2, 3], days.Select(d => d.Week));
    }

    [Fact]
    public void A_Thursday_in_the_Spring_Festival_moves_to_the_first_working_day_after_it()
    {
        var days = CampaignRules.ReportDays(new DateOnly(2026, 2, 16), new DateOnly(2026, 2, 28), 4, Calendar);
        Assert.Equal([new DateOnly(2026, 2, 24), new DateOnly(2026, 2, 26)], days.Select(d => d.Due)); // 春节 15–23 February
        Assert.True(days[0].Moved);
        Assert.False(days[1].Moved);
    }

    [Fact]
    public void A_collection_opens_six_days_before_its_day_and_takes_late_reports_until_the_next_working_day()
    {
        var days = CampaignRules.ReportDays(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), 4, Calendar);
        Assert.Empty(CampaignRules.Opening(days, new DateOnly(2026, 11, 5).AddDays(-7)));
        Assert.Equal(new DateOnly(2026, 11, 5), CampaignRules.Opening(days, new DateOnly(2026, 10, 30)).Single().Due);
        Assert.Equal(new DateOnly(2026, 11, 5), CampaignRules.Opening(days, new DateOnly(2026, 11, 5)).Single().Due);
        Assert.Equal(new DateOnly(2026, 11, 9), CampaignRules.LastLateDay(new DateOnly(2026, 11, 6), Calendar)); // a Friday: Monday
    }
}
