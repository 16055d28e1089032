using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Requests;

namespace LinfenFlows.Tests.Unit;

/// <summary>The rules of a request to the city government, with the gazette's case (临政函〔2022〕70号, 曲政请字〔2022〕12号).</summary>
public class CityRequestRulesTests
{
    private const string Title = "关于确认曲沃经济技术开发区化工新材料园区面积和四至边界的请示";
    private static readonly Person Head = new("quwo-gov-head", "任县长", "quwo-gov", new HashSet<string> { Roles.Reviewer });
    private static readonly DateOnly Today = new(2022, 12, 12);

    private static CityRequest Quwo(string number = "曲政请字〔2022〕12号", string title = Title) =>
        new(number, title, "请求确认园区面积和四至边界。妥否，请批示。", "quwo-gov", "quwo-gov-head");

    [Fact]
    public void The_gazette_request_passes_and_its_reply_is_drafted_in_the_words_of_lzh_2022_70()
    {
        Assert.Empty(CityRequestRules.Check(Quwo(), "quwo-gov", Head, Today));
        Assert.Equal("确认曲沃经济技术开发区化工新材料园区面积和四至边界", CityRequestRules.SubjectOf(Title));
        Assert.Equal("关于确认曲沃经济技术开发区化工新材料园区面积和四至边界的批复", CityRequestRules.ReplyTitleOf(Title));
        Assert.Equal("曲沃县人民政府", CityRequestRules.AddresseeOf("quwo-gov"));
        Assert.Equal(
            $"你县《{Title}》（曲政请字〔2022〕12号）收悉，经研究，现批复如下：\n同意确认曲沃经济技术开发区化工新材料园区面积和四至边界。\n此复。",
            CityRequestRules.DraftReply(Quwo(), Decisions.Approve));
        Assert.Contains("\n不同意确认", CityRequestRules.DraftReply(Quwo(), Decisions.Disagree));
    }

    [Theory]
    [InlineData("quwo-gov", "你县")]
    [InlineData("yaodu-gov", "你区")]
    [InlineData("houma-gov", "你市")]
    [InlineData("kaifaqu-gov", "你委")]
    [InlineData("linfen-fgw", "你委")]
    [InlineData("linfen-zrzyj", "你局")]
    public void The_reply_speaks_to_the_requester_as_a_county_district_city_committee_or_bureau(string organisation, string you) =>
        Assert.Equal(you, CityRequestRules.YouOf(organisation));

    [Theory]
    [InlineData("quwo-gov", true)]
    [InlineData("kaifaqu-gov", true)]
    [InlineData("linfen-zrzyj", true)]
    [InlineData("linfen-yjj", true)]
    [InlineData("linfen-gov-office", false)]
    [InlineData("linfen-jw", false)]
    [InlineData("quwo-rsj", false)]
    [InlineData("linfen-rsj-ldk", false)]
    public void County_governments_and_city_departments_may_request_nobody_else(string organisation, bool may) =>
        Assert.Equal(may, CityRequestRules.MayRequest(organisation));

    [Fact]
    public void The_departments_to_consult_are_the_city_departments_other_than_the_requester()
    {
        var consultable = CityRequestRules.Consultable("linfen-zrzyj").Select(o => o.Id).ToList();
        Assert.Contains(Organisations.CityDevelopmentReform, consultable);
        Assert.Contains(Organisations.CityEcologyBureau, consultable);
        Assert.DoesNotContain("linfen-zrzyj", consultable);
        Assert.DoesNotContain(Organisations.CityGovernmentOffice, consultable);
    }

    [Theory]
    [InlineData("曲政请字〔2023〕1号", "requestNumber", "not-in-future")]
    [InlineData("曲政请字[2022]12号", "requestNumber", "document-number")]
    public void A_request_number_reads_like_a_document_number_of_this_year_or_before(string number, string field, string rule) =>
        Assert.Equal((field, rule), CityRequestRules.Check(Quwo(number), "quwo-gov", Head, Today).Select(e => (e.Field, e.Rule)).Single());

    [Theory]
    [InlineData("关于园区范围的报告", "request-title")]
    [InlineData("关于确认园区范围的请示和关于设立物流园区的请示", "one-matter")]
    public void A_title_reads_as_one_request_for_one_matter(string title, string rule) =>
        Assert.Equal(rule, CityRequestRules.Check(Quwo(title: title), "quwo-gov", Head, Today).Single().Rule);

    [Fact]
    public void The_signer_is_a_reviewer_of_the_sending_organisation_and_the_organisation_the_senders_own()
    {
        var clerk = new Person("quwo-gov-clerk", "梁经办", "quwo-gov", new HashSet<string> { Roles.Applicant });
        Assert.Equal("signer-of-organisation", CityRequestRules.Check(Quwo(), "quwo-gov", clerk, Today).Single().Rule);
        Assert.Equal("signer-of-organisation", CityRequestRules.Check(Quwo(), "quwo-gov", null, Today).Single().Rule);
        Assert.Equal(["own-organisation", "signer-of-organisation"],
            CityRequestRules.Check(Quwo(), "fushan-gov", Head, Today).Select(e => e.Rule));
    }
}
