using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Tests.Unit;

/// <summary>Years without their State Council notice: counted on the law's holidays, marked as such, recounted by rule.</summary>
public class ProvisionalCalendarTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Official;

    [Theory]
    [InlineData("2027-01-01", false)] // 元旦
    [InlineData("2027-02-05", false)] // 除夕, a Friday
    [InlineData("2027-02-08", false)] // 正月初三, a Monday
    [InlineData("2027-02-09", true)]  // no bridging days: the notice alone sets those
    [InlineData("2027-04-05", false)] // 清明, a Monday
    [InlineData("2027-05-03", true)]  // 劳动节 is 1 and 2 May only
    [InlineData("2027-06-09", false)] // 端午
    [InlineData("2027-09-15", false)] // 中秋
    [InlineData("2027-10-04", true)]  // 国庆 is 1 to 3 October
    [InlineData("2027-02-20", false)] // a Saturday: no make-up working days without the notice
    public void A_year_without_its_notice_has_exactly_the_statutory_holidays_and_plain_weekends(string day, bool working) =>
        Assert.Equal(working, Calendar.IsWorkingDay(DateOnly.Parse(day)));

    [Theory]
    [InlineData(2027)]
    [InlineData(2028)]
    [InlineData(2029)]
    [InlineData(2030)]
    public void Several_years_after_the_last_notice_are_provisional_with_every_statutory_day_a_holiday(int year)
    {
        Assert.False(Calendar.IsOfficial(year));
        foreach (var h in StatutoryHolidays.Of(year))
            for (var d = h.From; d <= h.To; d = d.AddDays(1))
                Assert.False(Calendar.IsWorkingDay(d), $"{d} ({h.Name}) should be a holiday");
    }

    [Fact]
    public void Publicity_over_New_Year_counts_new_years_day_as_a_holiday_on_the_provisional_calendar()
    {
        // Announced Thursday 24 December 2026: 25, 28, 29, 30, 31 December — then 1 January 2027 is 元旦 whatever the notice says.
        var fiveDays = Calendar.Compute(new Period(PeriodKind.WorkingDays, new DateOnly(2026, 12, 24), 5, PeriodBinds.Public));
        Assert.Equal(new DateOnly(2026, 12, 31), BeijingTime.LastDayOf(fiveDays.At));
        Assert.False(fiveDays.Basis.IsProvisional);
        var sixDays = Calendar.Compute(new Period(PeriodKind.WorkingDays, new DateOnly(2026, 12, 24), 6, PeriodBinds.Public));
        Assert.Equal(new DateOnly(2027, 1, 4), BeijingTime.LastDayOf(sixDays.At));
        Assert.True(sixDays.Basis.IsProvisional);
        Assert.Contains("暂定", sixDays.Basis.Describe());
        Assert.EndsWith(CalendarBasis.ProvisionalNote, sixDays.Display);
    }

    [Fact]
    public void A_calendar_basis_survives_its_stored_form()
    {
        var basis = new CalendarBasis([2026], [2027, 2028]);
        Assert.Equal(basis, CalendarBasis.Parse(basis.Code));
        Assert.Equal(CalendarBasis.Fixed, CalendarBasis.Parse(""));
    }

    private static readonly CalendarYear Notice2027 = new(2027, "国务院办公厅关于2027年部分节假日安排的通知（测试数据）", new DateOnly(2026, 11, 10),
        [
            new CalendarHoliday("元旦", new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 3)),
            new CalendarHoliday("春节", new DateOnly(2027, 2, 5), new DateOnly(2027, 2, 12)),
            new CalendarHoliday("清明节", new DateOnly(2027, 4, 3), new DateOnly(2027, 4, 5)),
            new CalendarHoliday("劳动节", new DateOnly(2027, 5, 1), new DateOnly(2027, 5, 5)),
            new CalendarHoliday("端午节", new DateOnly(2027, 6, 9), new DateOnly(2027, 6, 11)),
            new CalendarHoliday("中秋节", new DateOnly(2027, 9, 15), new DateOnly(2027, 9, 17)),
            new CalendarHoliday("国庆节", new DateOnly(2027, 10, 1), new DateOnly(2027, 10, 7)),
        ],
        [new DateOnly(2027, 2, 20), new DateOnly(2027, 9, 26), new DateOnly(2027, 10, 9)]);

    [Fact]
    public void An_administrative_deadline_takes_the_official_value_when_the_notice_arrives()
    {
        // A review of 10 working days from 28 January 2027 ends on 15 February provisionally; with the notice's 春节 (5–12
        // February) it ends on 19 February.
        var provisional = Calendar.Compute(new Period(PeriodKind.WorkingDays, new DateOnly(2027, 1, 28), 10));
        var (recounted, move) = Calendar.With([Notice2027]).Recount(provisional);
        Assert.Equal(DeadlineMove.Later, move);
        Assert.True(recounted.At > provisional.At);
        Assert.False(recounted.Basis.IsProvisional);
    }

    [Fact]
    public void A_period_that_protects_the_public_never_ends_earlier_than_announced()
    {
        // Saturday 20 February 2027 becomes a make-up working day: five working days from 15 February end a day earlier officially.
        var announced = Calendar.Compute(new Period(PeriodKind.WorkingDays, new DateOnly(2027, 2, 15), 5, PeriodBinds.Public));
        var official = Calendar.With([Notice2027]);
        var administrative = official.Recount(announced with { Period = announced.Period! with { Binds = PeriodBinds.Administration } });
        Assert.Equal(DeadlineMove.Earlier, administrative.Move);
        var (kept, move) = official.Recount(announced);
        Assert.Equal(DeadlineMove.KeptForPublic, move);
        Assert.Equal(announced.At, kept.At);
        Assert.False(kept.Basis.IsProvisional);
    }

    [Fact]
    public void A_fixed_deadline_stays_as_it_is()
    {
        var fixedAt = Deadline.FixedAt(BeijingTime.EndOf(new DateOnly(2027, 3, 31)));
        Assert.Equal(DeadlineMove.Unchanged, Calendar.With([Notice2027]).Recount(fixedAt).Move);
    }

    [Fact]
    public void An_imported_notice_replaces_the_provisional_year()
    {
        var withNotice = Calendar.With([Notice2027]);
        Assert.True(withNotice.IsOfficial(2027));
        Assert.True(withNotice.IsWorkingDay(new DateOnly(2027, 2, 20)));
        Assert.False(withNotice.IsWorkingDay(new DateOnly(2027, 2, 10)));
    }

    public static TheoryData<string, string> BrokenNotices => new()
    {
        { "holidays", "statutory-days" },
        { "makeUpWorkdays[0]", "weekend" },
        { "holidays[0].from", "in-year" },
        { "year", "shipped" },
    };

    [Theory]
    [MemberData(nameof(BrokenNotices))]
    public void An_invalid_notice_is_refused_naming_the_field_and_the_rule(string field, string rule)
    {
        var notice = rule switch
        {
            "statutory-days" => Notice2027 with { Holidays = Notice2027.Holidays.Where(h => h.Name != "中秋节").ToList() },
            "weekend" => Notice2027 with { MakeUpWorkdays = [new DateOnly(2027, 2, 22)] },
            "in-year" => Notice2027 with
            {
                Holidays = [new CalendarHoliday("元旦", new DateOnly(2026, 11, 30), new DateOnly(2027, 1, 3)), .. Notice2027.Holidays.Skip(1)]
            },
            _ => Notice2027 with { Year = 2026 },
        };
        var error = Assert.Throws<ProblemException>(() => WorkingCalendars.Check(notice, "国办发明电〔2026〕1号"));
        Assert.Equal(400, error.Status);
        Assert.Contains(error.Errors, e => e.Field == field && e.Rule == rule);
    }

    [Fact]
    public void A_valid_notice_passes_the_checks()
    {
        WorkingCalendars.Check(Notice2027, "国办发明电〔2026〕1号");
    }
}
