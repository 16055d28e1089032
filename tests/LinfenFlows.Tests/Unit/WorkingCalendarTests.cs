using LinfenFlows.Shared.Time;

namespace LinfenFlows.Tests.Unit;

public class WorkingCalendarTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Official;

    [Theory]
    [InlineData(2022, 249)]
    [InlineData(2023, 249)]
    [InlineData(2024, 251)]
    [InlineData(2025, 248)]
    [InlineData(2026, 248)]
    public void Each_year_has_the_official_number_of_working_days(int year, int workingDays) =>
        Assert.Equal(workingDays, Calendar.WorkingDaysIn(year));

    [Fact]
    public void Five_working_days_from_12_February_2026_include_the_Saturday_make_up_day_and_skip_the_spring_festival()
    {
        var last = Calendar.AddWorkingDays(new DateOnly(2026, 2, 12), 5, startCounts: true);
        Assert.Equal(new DateOnly(2026, 2, 25), last);
    }

    [Fact]
    public void Publicity_ends_after_five_working_days_skipping_the_national_day_holiday()
    {
        // Announced on Wednesday 30 September 2026; counting starts the next working day, which is Thursday 8 October.
        var last = Calendar.AddWorkingDays(new DateOnly(2026, 9, 30), 5, startCounts: false);
        Assert.Equal(new DateOnly(2026, 10, 13), last); // 8, 9, 10 (Saturday make-up day), 12, 13
    }

    [Theory]
    [InlineData("2026-01-04", true)]  // Sunday make-up working day
    [InlineData("2026-02-14", true)]  // Saturday make-up working day
    [InlineData("2026-02-16", false)] // 春节
    [InlineData("2026-10-08", true)]  // Thursday after 国庆
    [InlineData("2026-10-07", false)]
    [InlineData("2025-05-02", false)] // from 2025 a statutory holiday
    [InlineData("2026-11-28", false)] // ordinary Saturday
    public void Make_up_days_count_and_holidays_do_not(string day, bool working) =>
        Assert.Equal(working, Calendar.IsWorkingDay(DateOnly.Parse(day)));

    [Fact]
    public void A_period_in_days_does_not_count_the_start_day()
    {
        // Received Monday 30 November 2026: 15 days end on Tuesday 15 December.
        Assert.Equal(new DateOnly(2026, 12, 15), Calendar.EndOfPeriodInDays(new DateOnly(2026, 11, 30), 15));
    }

    [Fact]
    public void A_period_whose_last_day_is_a_holiday_ends_on_the_first_working_day_after_it()
    {
        // Received 20 September 2026 + 15 days = 5 October (国庆): the period ends on Thursday 8 October.
        Assert.Equal(new DateOnly(2026, 10, 8), Calendar.EndOfPeriodInDays(new DateOnly(2026, 9, 20), 15));
    }

    [Fact]
    public void A_period_reaching_a_year_without_the_official_notice_is_counted_on_its_provisional_calendar()
    {
        // Received 20 December 2026: 15 days reach 4 January 2027, a Monday of a year without its notice yet.
        var due = Calendar.Compute(new Period(PeriodKind.Days, new DateOnly(2026, 12, 20), 15));
        Assert.Equal("2027年1月4日 24:00", BeijingTime.Format(due.At));
        Assert.True(due.Basis.IsProvisional);
        Assert.Equal([2027], due.Basis.ProvisionalYears);
        Assert.Equal([2026], due.Basis.OfficialYears);
    }

    [Fact]
    public void A_year_beyond_the_lunar_calendar_is_refused_with_the_year_named()
    {
        var error = Assert.Throws<CalendarOutOfRangeException>(() => Calendar.IsWorkingDay(new DateOnly(2101, 3, 1)));
        Assert.Equal(2101, error.Year);
        Assert.Contains("2101", error.Message);
    }

    [Fact]
    public void Calendar_data_that_contradicts_itself_is_refused_at_start_up()
    {
        var broken = new CalendarYear(2030, "test", new DateOnly(2029, 11, 1),
            [new CalendarHoliday("国庆节", new DateOnly(2030, 10, 1), new DateOnly(2030, 10, 7))],
            [new DateOnly(2030, 10, 2)]);
        Assert.Throws<InvalidDataException>(() => WorkingCalendar.FromYears([broken]));
    }

    [Fact]
    public void Deadlines_end_at_midnight_Beijing_time_and_read_as_24_00()
    {
        var end = BeijingTime.EndOf(new DateOnly(2026, 12, 15));
        Assert.Equal(new DateTimeOffset(2026, 12, 15, 16, 0, 0, TimeSpan.Zero), end);
        Assert.Equal("2026年12月15日 24:00", BeijingTime.Format(end));
    }
}
