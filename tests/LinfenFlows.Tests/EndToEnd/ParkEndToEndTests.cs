using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows.Parks;

namespace LinfenFlows.Tests.EndToEnd;

/// <summary>
/// A local host whose publicity closes seconds after it starts (the development-only override; the page still shows the
/// legal window of 5 working days), so a whole recognition runs over HTTP within a test.
/// </summary>
public sealed class ParkHostFixture : IAsyncLifetime
{
    public static readonly TimeSpan Publicity = TimeSpan.FromSeconds(20);

    public LocalHostProcess Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await LocalHostProcess.StartAsync(settings: new Dictionary<string, string>
    {
        ["DOTNET_ENVIRONMENT"] = "Development",
        ["LinfenFlows__Parks__PublicityDurationOverride"] = Publicity.ToString(),
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Recognition over HTTP through the local host, every role acting through the link in its mail (county, five experts, the
/// organiser, the public, the party group), then a branch site; and the refusals an applicant meets.
/// </summary>
public class ParkEndToEndTests(ParkHostFixture fixture) : IClassFixture<ParkHostFixture>
{
    private LocalHostProcess Host => fixture.Host;
    private static readonly Caller CityStaff = People.Get("rsj-staff");
    private static readonly Caller Finance = People.Get("czj-employment");

    private async Task<HttpResponseMessage> ActAsync(string caseId, string taskId, string decision, string? opinion = null,
        IReadOnlyDictionary<string, string>? values = null, bool withFile = false)
    {
        var page = await Host.OpenReviewAsync(await Host.ReviewLinkAsync(caseId, taskId: taskId));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return await Host.PostDecisionAsync(page, decision, opinion, values: values, file: withFile ? ParkFlow.File("实地考察记录") : null);
    }

    [Fact]
    public async Task A_county_park_is_recognised_with_every_role_acting_through_its_link_and_then_adds_a_branch_site()
    {
        var submitted = await Host.SubmitParkAsync(ParkSamples.YaoduClerk, ParkSamples.Application(), ParkSamples.Materials());
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var caseId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // The county's reviewer reads the declared figures next to the thresholds.
        var county = await Host.OpenReviewAsync(await Host.ReviewLinkAsync(caseId, taskId: "county-review-1-0"));
        Assert.Contains("建筑面积2500㎡（≥2500）", county.Html);
        Assert.Equal(HttpStatusCode.OK, (await Host.PostDecisionAsync(county, Decisions.Recommend, "同意推荐。")).StatusCode);

        // Five experts score through their own links; the page asks for the three scores.
        var expertPage = await Host.OpenReviewAsync(await Host.ReviewLinkAsync(caseId, taskId: "expert-1-0"));
        Assert.Contains("name=\"field.necessity\"", expertPage.Html);
        Assert.Equal(HttpStatusCode.OK,
            (await Host.PostDecisionAsync(expertPage, Decisions.Recommend, "论证充分。", values: ParkFlow.GoodScores)).StatusCode);
        for (var expert = 2; expert <= 5; expert++)
            Assert.Equal(HttpStatusCode.OK,
                (await ActAsync(caseId, $"expert-{expert}-0", Decisions.Recommend, "同意。", ParkFlow.GoodScores)).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await ActAsync(caseId, "site-inspection-0", Decisions.Recommend, "考察通过。", withFile: true)).StatusCode);

        // Publicity: anyone reads the notice and may object; the organiser verifies with the objector's contact.
        await Host.WaitForCaseAsync(CityStaff, caseId, c => c.GetProperty("step").GetString() == "公示");
        var notice = await Host.Http.GetStringAsync(Routes.ParkPublicityPath(caseId)[1..]);
        Assert.Contains("拟确定名单公示", notice);
        Assert.Contains("不少于5个工作日", notice);
        var objection = await Host.ObjectAsync(caseId, "赵某", "13700003333", "园区部分面积尚在装修，未投入使用。");
        Assert.Equal(HttpStatusCode.Created, objection.StatusCode);
        var verify = await Host.OpenReviewAsync(await Host.ReviewLinkAsync(caseId, taskId: "objection-1-0"));
        Assert.Contains("13700003333", verify.Html);
        Assert.Contains("尚在装修", verify.Html);
        Assert.Equal(HttpStatusCode.OK, (await Host.PostDecisionAsync(verify, Decisions.NotUpheld, "装修区域未计入面积，不影响评定入选。")).StatusCode);

        // After the window the party group decides with its meeting reference.
        var approval = await ActAsync(caseId, "party-group-0", Decisions.Approve, null,
            new Dictionary<string, string> { ["meetingReference"] = "市人社局党组会议纪要〔2026〕15号" });
        Assert.Equal(HttpStatusCode.OK, approval.StatusCode);
        var late = await Host.ObjectAsync(caseId, "钱某", "13700004444", "迟到的异议。");
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("不再受理异议", await late.Content.ReadAsStringAsync());

        var done = await Host.WaitForCaseAsync(ParkSamples.YaoduClerk, caseId,
            c => c.GetProperty("status").GetString() == CaseStatus.Completed);
        Assert.Matches(@"^临人社函〔\d{4}〕\d+号$", done.GetProperty("documentNumber").GetString());
        var reward = await Host.WaitForMailAsync(m => m.MessageId == $"{caseId}-reward-czj-employment");
        Assert.Contains("500,000元", reward.Body);
        var park = await (await Host.SendAsync(HttpMethod.Get, $"api/parks/{caseId}", Finance)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ParkStatus.Recognised, park.GetProperty("status").GetString());
        Assert.Equal(500_000, park.GetProperty("reward").GetDecimal());

        // 第七条: the county applies for a branch site; the city bureau agrees through its link; the record shows it.
        var branch = await Host.SendAsync(HttpMethod.Post, $"api/parks/{caseId}/branch-changes", ParkSamples.YaoduClerk,
            JsonContent.Create(new BranchChangeRequest(BranchChanges.Add, "东城分园", "尧都区东城路88号", 800, "就近服务东城片区。"), options: Json.Options));
        Assert.Equal(HttpStatusCode.Created, branch.StatusCode);
        var branchCase = (await branch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(branchCase, "branch-review-0", Decisions.Approve, "同意。")).StatusCode);
        await Host.WaitForCaseAsync(ParkSamples.YaoduClerk, branchCase, c => c.GetProperty("status").GetString() == CaseStatus.Completed);
        var record = await Host.SendAsync(HttpMethod.Get, Routes.ParkRecordPath(caseId)[1..], CityStaff);
        Assert.Equal(HttpStatusCode.OK, record.StatusCode);
        var html = await record.Content.ReadAsStringAsync();
        Assert.Contains("东城分园", html);
        Assert.Contains("经市人社局同意，增设分园区", html);
        // Another county's staff cannot read the park.
        Assert.Equal(HttpStatusCode.NotFound,
            (await Host.SendAsync(HttpMethod.Get, $"api/parks/{caseId}", ParkSamples.ClerkOf(ParkSamples.Yonghe))).StatusCode);
    }

    [Fact]
    public async Task An_application_that_fails_the_conditions_is_told_every_reason_at_once_and_nothing_is_stored()
    {
        var application = ParkSamples.Application() with { BuildingArea = 1800, Institutions = ParkSamples.Institutions(9, 100_000) };
        var materials = ParkSamples.Materials();
        materials.Remove("policies");
        materials["roster"] = new("入驻企业名录.pdf", Samples.Executable);
        var response = await Host.SubmitParkAsync(ParkSamples.YaoduClerk, application, materials);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors").EnumerateArray()
            .Select(e => $"{e.GetProperty("field").GetString()}:{e.GetProperty("rule").GetString()}").ToList();
        Assert.Equal(["buildingArea:min-area", "institutions:min-institutions", "institutions:revenue", "policies:required",
            "roster:malware"], errors.Order());
        Assert.Contains("不少于2500平方米", problem.GetProperty("detail").GetString());
        var caseId = ParkIntake.CaseIdFor(ParkSamples.YaoduClerk.Organisation, application.ParkName!).Value;
        Assert.Equal(HttpStatusCode.NotFound,
            (await Host.SendAsync(HttpMethod.Get, Routes.CasePath(caseId)[1..], ParkSamples.YaoduClerk)).StatusCode);
    }

    [Fact]
    public async Task Only_a_county_bureau_applies_for_its_own_county_and_system_fields_are_refused()
    {
        var application = ParkSamples.Application();
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.SubmitParkAsync(null, application, ParkSamples.Materials())).StatusCode);
        var other = await Host.SubmitParkAsync(ParkSamples.ClerkOf(ParkSamples.Yonghe), application, ParkSamples.Materials());
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await Host.SubmitParkAsync(Samples.BureauClerk, application, ParkSamples.Materials())).StatusCode);
        FaultLog.Tried("a park application body that sets its own status");
        var json = JsonSerializer.Serialize(application, Json.Options).TrimEnd('}') + ",\"status\":\"已认定\"}";
        var forged = await Host.SubmitParkAsync(ParkSamples.YaoduClerk, json, ParkSamples.Materials());
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("application.status", await forged.Content.ReadAsStringAsync());
        FaultLog.Survived("a park application body that sets its own status");
    }

    [Fact]
    public async Task An_objection_posted_from_another_site_is_refused_before_anything_is_read()
    {
        FaultLog.Tried("a cross-site objection post to a publicity page");
        var message = new HttpRequestMessage(HttpMethod.Post, Routes.ParkObjectionsPath("park-0000000000000000000a")[1..])
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["name"] = "某人", ["phone"] = "13800000000", ["content"] = "异议"
            }),
        };
        message.Headers.Add("Sec-Fetch-Site", "cross-site");
        message.Headers.Add("Origin", "https://evil.example");
        var response = await Host.Http.SendAsync(message);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("请从公示页面提交异议", await response.Content.ReadAsStringAsync());
        FaultLog.Survived("a cross-site objection post to a publicity page");
    }
}
