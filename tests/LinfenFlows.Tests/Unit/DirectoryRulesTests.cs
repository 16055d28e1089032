using LinfenFlows.Shared;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Workflows.Parks;

namespace LinfenFlows.Tests.Unit;

public class DirectoryRulesTests
{
    [Fact]
    public void A_csv_file_from_a_spreadsheet_reads_with_its_byte_order_mark_quotes_and_line_numbers()
    {
        var rows = Csv.Read("\uFEFFname,county\r\n\"临汾市某公司,分公司\",浮山县\r\n\r\n\"李\"\"某\"\"\",尧都区\r\n", ["name", "county"], "units", "单位名单");
        Assert.Equal(2, rows.Count);
        Assert.Equal("临汾市某公司,分公司", rows[0]["name"]);
        Assert.Equal("李\"某\"", rows[1]["name"]);
        Assert.Equal(4, rows[1].Line);
    }

    [Fact]
    public void A_csv_file_with_a_wrong_line_is_refused_naming_the_line()
    {
        var error = Assert.Throws<ProblemException>(() => Csv.Read("name,county\n甲,尧都区\n乙\n", ["name", "county"], "units", "单位名单"));
        var line = Assert.Single(error.Errors);
        Assert.Equal("rows[3]", line.Field);
        Assert.Equal("columns", line.Rule);
        Assert.Equal("csv-header", Assert.Single(Assert.Throws<ProblemException>(() =>
            Csv.Read("名称,县\n甲,乙\n", ["name", "county"], "units", "单位名单")).Errors).Rule);
    }

    [Theory]
    [InlineData("91141000MA0GTUPX3R", true)]
    [InlineData("91141000MA0GTUPX3N", false)]
    [InlineData("9114100", false)]
    [InlineData("91141000MA0GTUPXIN", false)] // I is not in the code's alphabet
    public void A_unified_social_credit_code_is_checked_by_its_check_character(string code, bool valid) =>
        Assert.Equal(valid, CreditCode.IsValid(code));

    [Fact]
    public void Roles_are_read_by_code_or_by_their_chinese_name()
    {
        Assert.Equal(Roles.Reviewer, Roles.Parse("审批"));
        Assert.Equal(Roles.Applicant, Roles.Parse("applicant"));
        Assert.Null(Roles.Parse("局长"));
    }

    [Fact]
    public void The_built_in_chart_names_every_body_the_processes_address()
    {
        Assert.Equal("临汾市人民政府督查室", Organisations.NameOf(Organisations.CityGovernmentInspection));
        Assert.Equal("浮山县应急管理局", Organisations.NameOf(Counties.Named("浮山县")!.EmergencyBureau));
        Assert.Equal("临汾经济开发区管理委员会", Organisations.NameOf(Counties.Named("临汾经济开发区")!.Government));
        Assert.Equal("临汾市大气污染防治工作领导小组办公室", Organisations.NameOf(Organisations.CityAirOffice));
        Assert.Equal("临汾市自然资源局", Organisations.NameOf(Organisations.CityNaturalResourcesBureau));
        Assert.Equal(19 + 4 * Counties.All.Count, Organisations.Chart.Count);
        Assert.All(Organisations.Chart.Where(o => o.Parent is not null), o => Assert.NotNull(Organisations.Find(o.Parent)));
    }

    [Fact]
    public void The_expert_draw_gives_the_same_order_for_the_same_seed_and_a_different_one_for_another()
    {
        var ids = Enumerable.Range(1, 7).Select(i => $"expert-{i}").ToList();
        Assert.Equal(ExpertDraw.Order("seed-a", ids), ExpertDraw.Order("seed-a", ids.AsEnumerable().Reverse()));
        Assert.NotEqual(ExpertDraw.Order("seed-a", ids), ExpertDraw.Order("seed-b", ids));
    }

    [Fact]
    public void An_expert_of_the_applicants_county_or_employer_steps_aside_by_rule()
    {
        var d = new ParkCaseDetails(Support.ParkSamples.Application(), new("yaodu-clerk", "经办", "yaodu-rsj"),
            new Dictionary<string, string>(), 1, DateTimeOffset.UnixEpoch);
        Person Expert(string? employer, string? county) => new("e", "专家", Organisations.CityHrExpertPool,
            new HashSet<string> { Roles.Expert }, Expertise: new Expertise("产业规划", employer, county));
        Assert.Contains("尧都区", ExpertDraw.ConflictOf(Expert(null, "尧都区"), d, "尧都区人力资源和社会保障局"));
        Assert.NotNull(ExpertDraw.ConflictOf(Expert(d.Application.Institutions![0].Name, null), d, "尧都区人力资源和社会保障局"));
        Assert.NotNull(ExpertDraw.ConflictOf(Expert("尧都区人力资源和社会保障局", null), d, "尧都区人力资源和社会保障局"));
        Assert.Null(ExpertDraw.ConflictOf(Expert("山西师范大学", "浮山县"), d, "尧都区人力资源和社会保障局"));
    }
}
