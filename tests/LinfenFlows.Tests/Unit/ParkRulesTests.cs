using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Time;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows.Parks;

namespace LinfenFlows.Tests.Unit;

/// <summary>第五、八、九、十七条 with the document's numbers, at and around every boundary.</summary>
public class ParkRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 29);

    private static IReadOnlyList<FieldError> Problems(ParkApplication a)
    {
        try
        {
            ParkRules.Validate(a, Today);
            return [];
        }
        catch (ProblemException p)
        {
            return p.Errors;
        }
    }

    private static IEnumerable<string> Rules(ParkApplication a) => Problems(a).Select(e => $"{e.Field}:{e.Rule}");

    [Fact]
    public void An_application_meeting_every_threshold_exactly_passes() => Assert.Empty(Problems(ParkSamples.Application()));

    [Theory]
    [InlineData(false, 2500, true)]
    [InlineData(false, 2499.99, false)]
    [InlineData(true, 2000, true)]
    [InlineData(true, 1999, false)]
    public void A_single_site_needs_2500_square_metres_or_2000_in_a_small_county(bool small, double area, bool ok)
    {
        var a = ParkSamples.Application() with
        {
            SmallCounty = small,
            BuildingArea = (decimal)area,
            Institutions = ParkSamples.Institutions(small ? 8 : 10)
        };
        Assert.Equal(ok, !Rules(a).Contains("buildingArea:min-area"));
    }

    [Theory]
    [InlineData(false, 1500, 3000, 3, new string[0])]
    [InlineData(false, 1499, 3000, 3, new[] { "coreArea:min-area" })]
    [InlineData(false, 1500, 2999, 3, new[] { "totalArea:min-area" })]
    [InlineData(false, 1500, 3000, 4, new[] { "branchSites:max-branch-sites" })]
    [InlineData(true, 1200, 2400, 3, new string[0])]
    [InlineData(true, 1199, 2399, 3, new[] { "coreArea:min-area", "totalArea:min-area" })]
    public void Several_sites_need_a_core_of_1500_a_total_of_3000_and_at_most_3_branches_relaxed_for_small_counties(bool small, int core,
        int total, int branches, string[] broken)
    {
        var a = ParkSamples.MultiSite(small) with { CoreArea = core, TotalArea = total, BranchSites = branches };
        Assert.Equal(broken.Order(), Rules(a).Order());
    }

    [Theory]
    [InlineData(false, 10, true)]
    [InlineData(false, 9, false)]
    [InlineData(true, 8, true)]
    [InlineData(true, 7, false)]
    public void There_must_be_10_resident_institutions_or_8_in_a_small_county(bool small, int count, bool ok)
    {
        // Revenue is met by one institution above 5,000,000 元, so only the count is judged.
        var institutions = ParkSamples.Institutions(count, 1_000_000)
            .Select((x, i) => i == 0 ? x with { RevenueLastYear = 5_000_001 } : x).ToList();
        var a = ParkSamples.Application() with { SmallCounty = small, Institutions = institutions };
        Assert.Equal(ok, !Rules(a).Contains("institutions:min-institutions"));
    }

    public static TheoryData<bool, decimal[], bool> Revenues => new()
    {
        // Total of the commercial institutions: 25,000,000 元 (normal), 20,000,000 元 (small county), 以上 includes the number.
        { false, [.. Enumerable.Repeat(2_500_000m, 10)], true },
        { false, [.. Enumerable.Repeat(2_499_999m, 10)], false },
        { true, [.. Enumerable.Repeat(2_000_000m, 10)], true },
        { true, [.. Enumerable.Repeat(1_999_999m, 10)], false },
        // Or 3 institutions above 2,500,000 元 (超过: strictly above).
        { false, [2_500_001, 2_500_001, 2_500_001, 0, 0, 0, 0, 0, 0, 0], true },
        { false, [2_500_000, 2_500_001, 2_500_001, 0, 0, 0, 0, 0, 0, 0], false },
        // Or 1 institution above 5,000,000 元.
        { false, [5_000_001, 0, 0, 0, 0, 0, 0, 0, 0, 0], true },
        { false, [5_000_000, 0, 0, 0, 0, 0, 0, 0, 0, 0], false },
    };

    [Theory]
    [MemberData(nameof(Revenues))]
    public void Revenue_needs_one_of_the_total_three_above_2_5_million_or_one_above_5_million(bool small, decimal[] revenues, bool ok)
    {
        var institutions = revenues.Select((r, i) => new ResidentInstitution($"机构{i}", $"证{i}", r)).ToList();
        var a = ParkSamples.Application() with { SmallCounty = small, Institutions = institutions };
        Assert.Equal(ok, !Rules(a).Contains("institutions:revenue"));
    }

    [Fact]
    public void Public_service_institutions_do_not_count_towards_the_commercial_revenue_total()
    {
        var institutions = ParkSamples.Institutions().Select((x, i) => i == 0 ? x with { Commercial = false } : x).ToList();
        Assert.Contains("institutions:revenue", Rules(ParkSamples.Application() with { Institutions = institutions }));
    }

    [Theory]
    [InlineData(2025, 11, 29, true)]
    [InlineData(2025, 11, 30, false)]
    public void The_park_must_have_operated_for_a_full_year_when_it_applies(int y, int m, int d, bool ok) =>
        Assert.Equal(ok, !Rules(ParkSamples.Application() with { OperatingSince = new DateOnly(y, m, d) })
            .Contains("operatingSince:operating-one-year"));

    [Fact]
    public void Every_unmet_condition_and_missing_field_is_told_at_once_in_Chinese()
    {
        var a = ParkSamples.Application() with
        {
            BuildingArea = 1800,
            OperatingSince = Today.AddMonths(-6),
            Institutions = ParkSamples.Institutions(6, 100_000),
            Contact = new ParkContact("", "123"),
        };
        var errors = Problems(a);
        Assert.Equal(["buildingArea:min-area", "contact.name:required", "contact.phone:phone", "institutions:min-institutions",
            "institutions:revenue", "operatingSince:operating-one-year"],
            errors.Select(e => $"{e.Field}:{e.Rule}").Order());
        var area = errors.Single(e => e.Field == "buildingArea").Message;
        Assert.Contains("不少于2500平方米", area);
        Assert.Contains("1800", area);
        Assert.Contains("营业收入", errors.Single(e => e.Rule == "revenue").Message);
    }

    [Fact]
    public void A_county_outside_Linfen_and_a_missing_layout_are_refused_by_name()
    {
        var rules = Rules(ParkSamples.Application() with { County = "太原市", Layout = null });
        Assert.Contains("county:allowed-county", rules);
        Assert.Contains("layout:allowed-layout", rules);
    }

    [Theory]
    [InlineData(false, 500_000)]
    [InlineData(true, 400_000)]
    public void The_one_off_reward_is_500000_yuan_or_400000_under_the_small_county_standard(bool small, int reward) =>
        Assert.Equal(reward, ParkRules.Reward(small));

    [Theory]
    // County target 20,000: the threshold is 10 % = 2,000 people.
    [InlineData(1_999, 20_000, false, 0)]
    [InlineData(2_000, 20_000, true, 100_000)]
    [InlineData(2_001, 20_000, true, 100_015)]
    [InlineData(15_333, 20_000, true, 299_995)]
    [InlineData(15_334, 20_000, true, 300_000)]
    [InlineData(40_000, 20_000, true, 300_000)]
    // 10 % of 12,345 is 1,234.5: reaching it needs 1,235 people.
    [InlineData(1_234, 12_345, false, 0)]
    [InlineData(1_235, 12_345, true, 100_000)]
    public void The_operating_subsidy_is_100000_plus_15_per_person_above_10_percent_capped_at_300000(int promoted, int target,
        bool reached, int amount)
    {
        var s = ParkRules.OperatingSubsidy(ParkLevel.City, promoted, target);
        Assert.Equal(reached, s.Reached);
        Assert.Equal(amount, s.Amount);
        Assert.Contains(reached ? "补助" : "不予补助", s.Explanation);
    }

    [Theory]
    [InlineData(ParkLevel.Provincial, 100_000, 14_999, 0)]
    [InlineData(ParkLevel.Provincial, 100_000, 15_000, 300_000)]
    [InlineData(ParkLevel.Provincial, 100_000, 25_000, 600_000)]
    [InlineData(ParkLevel.National, 100_000, 20_000, 500_000)]
    [InlineData(ParkLevel.National, 100_000, 20_100, 503_000)]
    [InlineData(ParkLevel.National, 100_000, 40_000, 800_000)]
    public void Provincial_and_national_parks_have_their_own_rate_base_and_cap(ParkLevel level, int target, int promoted, int amount) =>
        Assert.Equal(amount, ParkRules.OperatingSubsidy(level, promoted, target).Amount);

    [Fact]
    public void The_subsidy_working_shows_the_cap_when_it_applies() =>
        Assert.Contains("超过每年上限300,000元", ParkRules.OperatingSubsidy(ParkLevel.City, 40_000, 20_000).Explanation);

    [Theory]
    [InlineData(4, 5, true)]
    [InlineData(3, 5, false)]
    [InlineData(2, 3, true)]
    [InlineData(4, 6, true)]
    [InlineData(3, 6, false)]
    public void The_panel_recommends_with_at_least_two_thirds_of_its_seats(int recommends, int seats, bool ok) =>
        Assert.Equal(ok, ParkRules.PanelRecommends(recommends, seats, 2, 3));

    [Theory]
    [InlineData(AssessmentGrades.Excellent, null, AssessmentConsequence.Commend)]
    [InlineData(AssessmentGrades.Qualified, AssessmentGrades.Unqualified, AssessmentConsequence.None)]
    [InlineData(AssessmentGrades.Unqualified, AssessmentGrades.Qualified, AssessmentConsequence.Rectify)]
    [InlineData(AssessmentGrades.Unqualified, null, AssessmentConsequence.Rectify)]
    [InlineData(AssessmentGrades.Unqualified, AssessmentGrades.Unqualified, AssessmentConsequence.Revoke)]
    public void Excellent_is_commended_unqualified_is_rectified_and_two_in_a_row_revoke(string grade, string? previous,
        AssessmentConsequence expected) =>
        Assert.Equal(expected, ParkRules.AfterAssessment(grade, previous));

    [Theory]
    [InlineData(2026, 2027, null)]
    [InlineData(2026, 2029, null)]
    [InlineData(2026, 2030, 1)]
    [InlineData(2026, 2033, 2)]
    public void The_comprehensive_assessment_comes_after_every_three_full_years(int recognised, int year, int? cycle) =>
        Assert.Equal(cycle, ParkCycleDetails.AssessmentCycleOf(recognised, year));

    [Fact]
    public void Publicity_announced_before_National_Day_ends_after_five_working_days_skipping_the_holiday()
    {
        // Announced Tuesday 29 September 2026; 30 Sep is day 1, 1–7 October are off, 8, 9, 10 (a make-up Saturday) and 12 October.
        var announced = new DateTimeOffset(2026, 9, 29, 16, 0, 0, BeijingTime.Offset);
        var ends = ParkDeadlines.PublicityEnds(WorkingCalendar.Official, announced, 5, startDayCounts: false);
        Assert.Equal("2026年10月12日 24:00", BeijingTime.Format(ends.At));
    }

    [Fact]
    public void Publicity_counted_from_a_Thursday_before_the_Spring_Festival_includes_the_make_up_Saturday()
    {
        // HOLIDAYS.md's example: from Thu 12 February 2026 inclusive: 12, 13, 14 (make-up Saturday), 24, 25 February.
        var announced = new DateTimeOffset(2026, 2, 12, 9, 0, 0, BeijingTime.Offset);
        Assert.Equal("2026年2月25日 24:00",
            BeijingTime.Format(ParkDeadlines.PublicityEnds(WorkingCalendar.Official, announced, 5, startDayCounts: true).At));
    }
}
