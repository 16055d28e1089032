using LinfenFlows.Shared.Time;

namespace LinfenFlows.Tests.Unit;

public class StatutoryHolidaysTests
{
    private static readonly string[] Names = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"];

    public static TheoryData<int> CoveredYears { get; } =
        [.. Enumerable.Range(StatutoryHolidays.FirstYear, StatutoryHolidays.LastYear - StatutoryHolidays.FirstYear + 1)];

    [Theory]
    [InlineData(2025)]
    [InlineData(2026)]
    public void Every_statutory_day_is_a_holiday_of_the_same_name_in_the_official_notice(int year)
    {
        foreach (var holiday in StatutoryHolidays.Of(year))
            foreach (var day in Days(holiday))
            {
                var official = WorkingCalendar.Official.HolidayName(day);
                Assert.NotNull(official);
                Assert.Contains(holiday.Name, official); // 2025's notice names the combined holiday 国庆节、中秋节
            }
    }

    [Theory]
    [InlineData(2027, "2027-02-05", "2027-04-05", "2027-06-09", "2027-09-15")]
    [InlineData(2028, "2028-01-25", "2028-04-04", "2028-05-28", "2028-10-03")]
    [InlineData(2029, "2029-02-12", "2029-04-04", "2029-06-16", "2029-09-22")]
    [InlineData(2030, "2030-02-02", "2030-04-05", "2030-06-05", "2030-09-12")]
    public void The_lunar_holidays_and_qingming_fall_on_the_dates_of_the_domain_table(
        int year, string chuxi, string qingming, string duanwu, string zhongqiu)
    {
        var holidays = StatutoryHolidays.Of(year);
        Assert.Equal(DateOnly.Parse(chuxi), Named(holidays, "春节").From);
        Assert.Equal(DateOnly.Parse(qingming), Named(holidays, "清明节").From);
        Assert.Equal(DateOnly.Parse(duanwu), Named(holidays, "端午节").From);
        Assert.Equal(DateOnly.Parse(zhongqiu), Named(holidays, "中秋节").From);
    }

    [Theory]
    [InlineData("2022-04-05")] // the days of 清明 in the notices of 2022 to 2026
    [InlineData("2023-04-05")]
    [InlineData("2024-04-04")]
    [InlineData("2025-04-04")]
    [InlineData("2026-04-05")]
    [InlineData("2027-04-05")] // the years a fixed 4 April gets wrong
    [InlineData("2030-04-05")]
    [InlineData("2100-04-05")] // 2100 is no leap year, so the term falls a day later again
    public void Qingming_is_the_beijing_day_the_sun_reaches_15_degrees(string day)
    {
        var expected = DateOnly.Parse(day);
        Assert.Equal(expected, StatutoryHolidays.Qingming(expected.Year));
    }

    [Theory]
    [InlineData("2024-02-10")]
    [InlineData("2025-01-29")]
    [InlineData("2026-02-17")]
    [InlineData("2031-01-23")]
    [InlineData("2033-01-31")]
    [InlineData("2034-02-19")]
    public void The_lunar_new_year_falls_on_its_known_date(string day)
    {
        var expected = DateOnly.Parse(day);
        Assert.Equal(expected, StatutoryHolidays.LunarNewYear(expected.Year));
    }

    [Theory]
    [InlineData(2025, "2025-05-31", "2025-10-06")] // 闰六月: 中秋 is in the month after the leap month
    [InlineData(2028, "2028-05-28", "2028-10-03")] // 闰五月: 端午 is in the ordinary fifth month, not the leap one
    [InlineData(2033, "2033-06-01", "2033-09-08")] // 闰十一月, after both
    public void Duanwu_and_zhongqiu_land_in_the_ordinary_month_in_a_year_with_a_leap_month(int year, string duanwu, string zhongqiu)
    {
        Assert.Equal(DateOnly.Parse(duanwu), StatutoryHolidays.FromLunar(year, 5, 5));
        Assert.Equal(DateOnly.Parse(zhongqiu), StatutoryHolidays.FromLunar(year, 8, 15));
    }

    [Fact]
    public void Chuxi_is_the_last_day_of_the_lunar_year_also_after_a_leap_eleventh_month()
    {
        // 2033: 十一月 from 22 November, 闰十一月 from 22 December, 腊月 from 20 January 2034 with 30 days.
        Assert.Equal(new DateOnly(2033, 11, 22), StatutoryHolidays.FromLunar(2033, 11, 1));
        Assert.Equal(new DateOnly(2034, 1, 20), StatutoryHolidays.FromLunar(2033, 12, 1));
        Assert.Equal(new DateOnly(2034, 2, 18), StatutoryHolidays.FromLunar(2033, 12, 30));
        Assert.Equal(new DateOnly(2034, 2, 18), Named(StatutoryHolidays.Of(2034), "春节").From);
    }

    [Fact]
    public void The_month_the_calendar_numbers_like_the_leap_month_is_the_ordinary_month_after_it()
    {
        // 2025 has 闰六月, which ChineseLunisolarCalendar counts as month 7: 七夕 (七月初七) is still 29 August.
        Assert.Equal(new DateOnly(2025, 8, 29), StatutoryHolidays.FromLunar(2025, 7, 7));
    }

    [Fact]
    public void Chuxi_is_the_29th_of_the_twelfth_month_when_that_month_is_short()
    {
        // 2025 to 2029 have no 腊月三十; 2030 has one again.
        for (var year = 2025; year <= 2029; year++)
        {
            Assert.Equal(StatutoryHolidays.FromLunar(year - 1, 12, 29), Named(StatutoryHolidays.Of(year), "春节").From);
            Assert.Throws<ArgumentOutOfRangeException>(() => StatutoryHolidays.FromLunar(year - 1, 12, 30));
        }
        Assert.Equal(StatutoryHolidays.FromLunar(2029, 12, 30), Named(StatutoryHolidays.Of(2030), "春节").From);
    }

    [Theory]
    [MemberData(nameof(CoveredYears))]
    public void Every_covered_year_has_the_thirteen_days_of_the_law(int year)
    {
        var holidays = StatutoryHolidays.Of(year);

        Assert.Equal(Names.Order(), holidays.Select(h => h.Name).Order());
        Assert.Equal(holidays.OrderBy(h => h.From), holidays);
        var days = holidays.SelectMany(Days).ToList();
        Assert.Equal(13, days.Count);
        Assert.All(days, d => Assert.Equal(year, d.Year));
        // The only overlap the law allows: 中秋 on 1, 2 or 3 October is also a day of 国庆 (2028, 2031, 2039, …).
        var zhongqiu = Named(holidays, "中秋节").From;
        Assert.Equal(zhongqiu is { Month: 10, Day: <= 3 } ? 12 : 13, days.Distinct().Count());

        var spring = Named(holidays, "春节");
        Assert.Equal(StatutoryHolidays.LunarNewYear(year), spring.From.AddDays(1));
        Assert.Equal(3, spring.To.DayNumber - spring.From.DayNumber);
        // 清明 was last on 6 April in 1943 and is never on 3 or 6 April from 2025 to 2100.
        Assert.Contains(Named(holidays, "清明节").From, new[] { new DateOnly(year, 4, 4), new DateOnly(year, 4, 5) });
    }

    [Fact]
    public void Zhongqiu_inside_national_day_is_returned_as_a_holiday_of_its_own()
    {
        var holidays = StatutoryHolidays.Of(2028);
        Assert.Equal(new CalendarHoliday("国庆节", new DateOnly(2028, 10, 1), new DateOnly(2028, 10, 3)), holidays[^2]);
        Assert.Equal(new CalendarHoliday("中秋节", new DateOnly(2028, 10, 3), new DateOnly(2028, 10, 3)), holidays[^1]);
    }

    [Fact]
    public void A_provisional_year_has_only_the_statutory_days_no_make_up_days_and_no_notice()
    {
        var year = StatutoryHolidays.Provisional(2027);

        Assert.Equal(2027, year.Year);
        Assert.Equal("暂定：按《全国年节及纪念日放假办法》推算（国务院当年节假日安排通知尚未发布）", year.Source);
        Assert.Null(year.NoticeDate);
        Assert.Equal(StatutoryHolidays.Of(2027), year.Holidays);
        Assert.Empty(year.MakeUpWorkdays);
        // 365 days − 104 weekend days − 7 weekday holidays: 1 Jan, 5 (除夕) and 8 Feb, 5 Apr, 9 Jun, 15 Sep, 1 Oct.
        Assert.Equal(254, WorkingCalendar.FromYears([year]).WorkingDaysIn(2027));
    }

    [Theory]
    [InlineData(2024)]
    [InlineData(2101)]
    public void A_year_outside_the_amended_law_and_the_lunar_calendar_is_refused_naming_the_year(int year)
    {
        Assert.False(StatutoryHolidays.Covers(year));
        var error = Assert.Throws<CalendarOutOfRangeException>(() => StatutoryHolidays.Of(year));
        Assert.Equal(year, error.Year);
        Assert.Contains(year.ToString(), error.Message);
        Assert.Equal(year, Assert.Throws<CalendarOutOfRangeException>(() => StatutoryHolidays.Provisional(year)).Year);
    }

    [Fact]
    public void The_last_year_of_the_lunar_calendar_is_covered()
    {
        Assert.True(StatutoryHolidays.Covers(StatutoryHolidays.LastYear));
        Assert.Equal(new DateOnly(2100, 2, 8), Named(StatutoryHolidays.Of(2100), "春节").From);
    }

    private static CalendarHoliday Named(IEnumerable<CalendarHoliday> holidays, string name) => holidays.Single(h => h.Name == name);

    private static IEnumerable<DateOnly> Days(CalendarHoliday holiday)
    {
        for (var d = holiday.From; d <= holiday.To; d = d.AddDays(1)) yield return d;
    }
}
