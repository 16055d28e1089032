using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows.Veterinary;
using Microsoft.Playwright;

namespace LinfenFlows.Tests.EndToEnd;

/// <summary>
/// Official vet training over HTTP through the local host: a county imports its roster, hours come in from the platform, a
/// session and a certificate, exams clear a new vet, and the statistics add up — in JSON, CSV and a page in headless
/// Chromium. Each test uses its own county so their figures stay their own. The host's clock runs on 15 June of next year
/// (<see cref="VeterinaryHostFixture"/>), so the training year is open whatever day the suite runs.
/// </summary>
public class VeterinaryEndToEndTests(VeterinaryHostFixture fixture) : IClassFixture<VeterinaryHostFixture>
{
    private LocalHostProcess Host => fixture.Host;
    private static int Year => VeterinaryHostFixture.Today.Year;
    /// <summary>The county bureau's 经办 of the sample directory.</summary>
    private static Caller BureauOf(string county) => People.Get($"{Counties.Named(county)!.Code}-nyj-clerk");
    /// <summary>The city bureau's 经办 of the sample directory: reads every county's figures.</summary>
    private static readonly Caller CityBureau = People.Get("nyj-training");

    private static string Id(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    private static string Roster(string county, params (string Id, string Name, string Role, string Qualified, string OnDuty)[] rows) =>
        string.Join(",", VetRegistration.CsvColumns) + "\n" +
            string.Join("\n", rows.Select(r => $"{r.Id},{r.Name},{county},{r.Role},{r.Qualified},,2025,{r.OnDuty}"));

    private Task<HttpResponseMessage> ImportAsync(Caller caller, string csv) =>
        Host.SendAsync(HttpMethod.Post, "api/" + Routes.VetImports, caller, new StringContent(csv, Encoding.UTF8, "text/csv"));

    /// <summary>A certificate of 8 hours a week ago, sent as the vet or the bureau does: the certificate case's id.</summary>
    private async Task<string> UploadCertificateAsync(Caller sender, string vetId, string title)
    {
        var form = new MultipartFormDataContent
        {
            {
                new StringContent(JsonSerializer.Serialize(new CertificateClaim(vetId, title, DateOnly.Parse(Day(7)), 8), Json.Options)),
                "certificate"
            },
            { new ByteArrayContent(Samples.Pdf("结业证书")), "file", "结业证书.pdf" },
        };
        var upload = await Host.SendAsync(HttpMethod.Post, "api/" + Routes.VetCertificates, sender, form);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        return (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static string Day(int daysAgo) => VeterinaryHostFixture.Today.AddDays(-daysAgo).ToString("yyyy-MM-dd");

    [Fact]
    public async Task A_county_imports_its_roster_hours_arrive_from_every_source_a_new_vet_is_cleared_and_the_statistics_add_up()
    {
        var county = "浮山县";
        var bureau = BureauOf(county);
        var (veteran, newcomer) = (Id("FS"), Id("FS"));

        // A roster with bad rows is refused row by row, and nothing is registered.
        var bad = await ImportAsync(bureau, Roster(county, (veteran, "王兽医", "官方兽医", Day(400), "是"),
            (newcomer, "", "兽医", "2099-01-01", "是")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Equal(["rows[3].name", "rows[3].qualifiedOn", "rows[3].role"], errors.Order());
        Assert.Equal(HttpStatusCode.NotFound, (await Host.SendAsync(HttpMethod.Get, $"api/veterinary/vets/{veteran}", bureau)).StatusCode);
        // Another county's roster is not this bureau's to import.
        Assert.Equal(HttpStatusCode.BadRequest,
            (await ImportAsync(bureau, Roster("永和县", (Id("YH"), "李兽医", "官方兽医", Day(400), "是")))).StatusCode);

        var imported = await ImportAsync(bureau, Roster(county, (veteran, "王兽医", "官方兽医", Day(400), "是"),
            (newcomer, "赵兽医", "官方兽医", Day(10), "否")));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(2, (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("registered").GetInt32());

        // Online hours from the platform (function key); the same batch again counts once; without the key, refused.
        var batch = new OnlineBatch(Id("batch-"), [new OnlineHours(veteran, DateOnly.Parse(Day(20)), 20, "动物防疫法"),
            new OnlineHours(newcomer, DateOnly.Parse(Day(5)), 30, "岗前课程")]);
        FaultLog.Tried("the online platform's batch pushed twice, and once without the function key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.PostJsonAsync("api/" + Routes.VetOnlineHours, batch)).StatusCode);
        var first = await (await Host.PostJsonAsync("api/" + Routes.VetOnlineHours, batch, functionKey: true))
            .Content.ReadFromJsonAsync<JsonElement>();
        var again = await (await Host.PostJsonAsync("api/" + Routes.VetOnlineHours, batch, functionKey: true))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 0), (first.GetProperty("recorded").GetInt32(), again.GetProperty("recorded").GetInt32()));
        FaultLog.Survived("the online platform's batch pushed twice, and once without the function key");
        var future = await Host.PostJsonAsync("api/" + Routes.VetOnlineHours,
            new OnlineBatch(Id("b-"), [new OnlineHours(veteran, DateOnly.Parse(Day(-3)), 2, "课")]), functionKey: true);
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Contains("records[0].date", await future.Content.ReadAsStringAsync());

        // An offline session by the county bureau: hours and a certificate number for each attendee.
        var session = await Host.PostJsonAsync("api/" + Routes.VetSessions,
            new TrainingSession("检疫规程培训", DateOnly.Parse(Day(3)), 12, [veteran, newcomer], []), bureau);
        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
        // The newcomer's pre-job exam: 42 hours and passed — cleared for duty.
        var exam = await Host.PostJsonAsync($"api/veterinary/vets/{newcomer}/exams",
            new { year = Year, preJob = true, passed = true, score = 88 }, bureau);
        Assert.Equal(HttpStatusCode.OK, exam.StatusCode);
        var cleared = await Host.WaitForMailAsync(m => m.MessageId == $"vet-{newcomer}-cleared");
        Assert.Contains("可正式上岗", cleared.Body);

        // The veteran's certificate from elsewhere, verified by the county through the link in its mail.
        // The vet signs in as a person of the directory whose entry carries the vet id; the operators add it.
        var person = "person-" + veteran;
        var added = await Host.SendAsync(HttpMethod.Post, "api/" + Routes.DirectoryPeople, People.Get("gov-office-operator"),
            new StringContent(string.Join(",", DirectoryImport.PeopleColumns) +
                $"\n{person},王兽医,{Counties.Named(county)!.AgricultureBureau},vet,,,{veteran},,,,是\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var self = new Caller(person, "王兽医", "", new HashSet<string>());
        var certificateCase = await UploadCertificateAsync(self, veteran, "省级官方兽医能力提升班");
        var page = await Host.OpenReviewAsync(await Host.ReviewLinkAsync(certificateCase, taskId: "certificate-review-0"));
        Assert.Contains("省级官方兽医能力提升班", page.Html);
        Assert.Equal(HttpStatusCode.OK, (await Host.PostDecisionAsync(page, Decisions.Approve, "核验属实。")).StatusCode);

        var file = await Host.WaitForCaseAsync(CityBureau, $"vet-{veteran}", _ => true);
        Assert.Equal("在岗", file.GetProperty("step").GetString());
        var view = await WaitForHoursAsync(veteran, 40);
        var records = view.GetProperty("years")[0].GetProperty("records").EnumerateArray()
            .Select(r => r.GetProperty("source").GetString()).ToList();
        Assert.Equal(["外部培训证书", "线上学习", "线下培训"], records.Order());
        Assert.True(view.GetProperty("years")[0].GetProperty("met").GetBoolean());

        var stats = await (await Host.SendAsync(HttpMethod.Get, $"api/veterinary/statistics/{Year}", CityBureau))
            .Content.ReadFromJsonAsync<JsonElement>();
        var fushan = stats.GetProperty("counties").EnumerateArray().Single(c => c.GetProperty("county").GetString() == county);
        Assert.True(fushan.GetProperty("rates").GetProperty("completed").GetInt32() >= 2);
        Assert.True(fushan.GetProperty("sessionsHeld").GetInt32() >= 1);
        var csv = await Host.SendAsync(HttpMethod.Get, $"api/veterinary/statistics/{Year}/csv", CityBureau);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("浮山县", Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()));
        // Another organisation cannot read the figures, nor another county's vet.
        Assert.Equal(HttpStatusCode.Forbidden,
            (await Host.SendAsync(HttpMethod.Get, $"api/veterinary/statistics/{Year}", Samples.BureauClerk)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await Host.SendAsync(HttpMethod.Get, $"api/veterinary/vets/{veteran}", BureauOf("永和县"))).StatusCode);
    }

    [Fact]
    public async Task The_statistics_page_shows_each_countys_rates_in_a_browser()
    {
        var county = "永和县";
        var bureau = BureauOf(county);
        var (a, b) = (Id("YH"), Id("YH"));
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(bureau, Roster(county, (a, "钱兽医", "官方兽医", Day(500), "是"),
            (b, "孙兽医", "协检员", Day(500), "是")))).StatusCode);
        await Host.PostJsonAsync("api/" + Routes.VetOnlineHours,
            new OnlineBatch(Id("yh-"), [new OnlineHours(a, DateOnly.Parse(Day(30)), 32, "年度课程")]), functionKey: true);
        await WaitForHoursAsync(a, 32);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseUrl.ToString(), Locale = "zh-CN",
            ExtraHTTPHeaders = new Dictionary<string, string> { [Principal.HeaderName] = CityBureau.ToPrincipalHeader() },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Routes.VetStatisticsPagePath(Year));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"{Year}年度官方兽医培训考核评价");
        var row = page.Locator($"tr[data-county='{county}']");
        // Two registered, one with hours (32): participation and completion 50 %, short of the 100 % target, so marked.
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("2");
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("50.0%");
        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveClassAsync("overdue");
        // A county with nobody registered (no test registers vets in 大宁县) has no rate to miss: "—", not a red 0.0 %.
        var empty = page.Locator("tr[data-county='大宁县']");
        await Assertions.Expect(empty.Locator("td").Nth(1)).ToHaveTextAsync("0");
        await Assertions.Expect(empty.Locator("td").Nth(2)).ToHaveTextAsync("—");
        await Assertions.Expect(empty.Locator("td").Nth(3)).ToHaveTextAsync("—");
        await Assertions.Expect(empty.Locator("td").Nth(3)).Not.ToHaveClassAsync("overdue");
        await Assertions.Expect(page.Locator("tr.city")).ToContainTextAsync("全市");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "导出CSV" }))
            .ToHaveAttributeAsync("href", Routes.VetStatisticsCsvPath(Year));
        await page.AxeAsync();

        // The vet's own file, as a page: the year with the records behind it.
        var vet = await (await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseUrl.ToString(),
            ExtraHTTPHeaders = new Dictionary<string, string> { [Principal.HeaderName] = bureau.ToPrincipalHeader() },
        })).NewPageAsync();
        await vet.GotoAsync(Routes.VetPath(a));
        await Assertions.Expect(vet.Locator("h1")).ToHaveTextAsync("钱兽医 培训档案");
        await Assertions.Expect(vet.Locator("table.records")).ToContainTextAsync("年度课程");
        await vet.AxeAsync();
    }

    [Fact]
    public async Task The_certificate_review_the_rating_pages_and_the_operators_pages_pass_axe()
    {
        var county = "安泽县";
        var bureau = BureauOf(county);
        var vet = Id("AZ");
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(bureau, Roster(county, (vet, "郑兽医", "官方兽医", Day(500), "是")))).StatusCode);
        var caseId = await UploadCertificateAsync(bureau, vet, "省级兽医培训班");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        async Task<IPage> AsAsync(Caller caller) => await (await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseUrl.ToString(), Locale = "zh-CN",
            ExtraHTTPHeaders = new Dictionary<string, string> { [Principal.HeaderName] = caller.ToPrincipalHeader() },
        })).NewPageAsync();

        // The county verifies the certificate through the link in its mail.
        var verifier = await AsAsync(bureau);
        await verifier.GotoAsync(await Host.ReviewLinkAsync(caseId, taskId: "certificate-review-0"));
        await verifier.AxeAsync();
        await verifier.GetByLabel("同意", new() { Exact = true }).CheckAsync();
        await verifier.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(verifier.Locator("h1")).ToHaveTextAsync("办理完成");
        await verifier.AxeAsync();

        // The finished case's rating form, a refusal, and the answer.
        var rater = await AsAsync(bureau);
        await Host.WaitForMailAsync(m => m.CaseId == caseId && m.Link is not null && m.Link.EndsWith("/rating", StringComparison.Ordinal));
        await rater.GotoAsync(Routes.CaseRatingPath(caseId));
        await Assertions.Expect(rater.Locator("h1")).ToHaveTextAsync("办件评价");
        await rater.AxeAsync();
        await rater.ShowsNoInternalIdsAsync();
        await rater.GetByLabel("不满意", new() { Exact = true }).CheckAsync();
        await rater.GetByRole(AriaRole.Button, new() { Name = "提交评价" }).ClickAsync();
        // A 差评 without its reason comes back with the reason asked for and the choice kept.
        await Assertions.Expect(rater.GetByRole(AriaRole.Alert)).ToContainTextAsync("未能提交");
        await Assertions.Expect(rater.GetByLabel("不满意", new() { Exact = true })).ToBeCheckedAsync();
        await rater.AxeAsync();
        await rater.Locator("#comment").FillAsync("核验用时较长，未告知进度。");
        await rater.GetByRole(AriaRole.Button, new() { Name = "提交评价" }).ClickAsync();
        await Assertions.Expect(rater.Locator("h1")).ToHaveTextAsync("评价已提交");
        await rater.AxeAsync();

        // The operators' pages.
        var ops = await AsAsync(People.Get("gov-office-operator"));
        foreach (var path in new[]
                 {
                     Routes.RatingStatisticsPagePath, Routes.CaseControlPath(caseId), Routes.FailedStepsPath, Routes.DirectoryPagePath,
                     Routes.CalendarPagePath, "/api/" + Routes.DeliveryFailures, Routes.DelegationsPath,
                 })
        {
            Assert.Equal(200, (await ops.GotoAsync(path))!.Status);
            await ops.AxeAsync();
        }
        var supervisor = await AsAsync(People.Get("yjj-supervisor"));
        Assert.Equal(200, (await supervisor.GotoAsync(Routes.SupervisionPath))!.Status);
        await supervisor.AxeAsync();
    }

    private async Task<JsonElement> WaitForHoursAsync(string vetId, decimal hours)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var view = await (await Host.SendAsync(HttpMethod.Get, $"api/veterinary/vets/{vetId}", CityBureau))
                .Content.ReadFromJsonAsync<JsonElement>();
            if (view.GetProperty("years")[0].GetProperty("hours").GetDecimal() >= hours) return view;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{vetId} never reached {hours} hours: {view}");
            await Task.Delay(250);
        }
    }
}

/// <summary>A local host whose clock reads 10:00 on 15 June of next year (Beijing), a working day well inside the training year.</summary>
public sealed class VeterinaryHostFixture : IAsyncLifetime
{
    public static readonly DateOnly Today = new(DateTime.UtcNow.AddHours(8).Year + 1, 6, 15);
    public LocalHostProcess Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var now = new DateTimeOffset(Today.ToDateTime(new TimeOnly(10, 0)), LinfenFlows.Shared.Time.BeijingTime.Offset);
        Host = await LocalHostProcess.StartAsync(settings: new Dictionary<string, string>
        {
            ["LocalHost__ClockOffset"] = (now - DateTimeOffset.UtcNow).ToString("c"),
        });
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
