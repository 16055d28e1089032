using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Tests.Support;
using LinfenFlows.Tests.Workflows;
using LinfenFlows.Workflows.Requests;
using Microsoft.Playwright;

namespace LinfenFlows.Tests.EndToEnd;

/// <summary>
/// The request's forms in a real Chromium, each checked with axe: the office's 登记拟办 (a choice of vice mayor, departments
/// to tick), a department's 会签 from its inbox, the office's reply opening with its draft, and the case's progress page.
/// </summary>
public class CityRequestBrowserEndToEndTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private LocalHostProcess Host => fixture.Host;

    private async Task<IPage> SignedInPageAsync(IBrowser browser, string personId)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseUrl.ToString(),
            Locale = "zh-CN",
            ExtraHTTPHeaders = new Dictionary<string, string> { [Principal.HeaderName] = People.Get(personId).ToPrincipalHeader() },
        });
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task The_office_registers_a_department_gives_its_opinion_and_the_office_issues_the_drafted_reply_on_accessible_pages()
    {
        var number = $"曲政请字〔{BeijingTime.DateOf(DateTimeOffset.UtcNow).Year}〕{Random.Shared.Next(100_000, 999_999)}号";
        var form = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(CityRequestTests.Request(number), Json.Options)), "request" },
        };
        var submitted = await Host.SendAsync(HttpMethod.Post, "api/" + Routes.CityRequests, People.Get("quwo-gov-clerk"), form);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Host.ReviewLinkAsync(id, taskId: "registration-0");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);

        // 登记、拟办 from the office's inbox: the vice mayor from a list, the department ticked.
        var office = await SignedInPageAsync(browser, "gov-office-operator");
        await office.GotoAsync(Routes.InboxTaskPath(id, "registration-0"));
        await Assertions.Expect(office.Locator("h1")).ToHaveTextAsync("市政府办公室登记、拟办");
        await office.AxeAsync();
        await office.ShowsNoInternalIdsAsync();
        await office.SelectOptionAsync("select[name='field.leader']", "gov-reviewer");
        await office.CheckAsync($"input[name=selected][value='{Organisations.CityNaturalResourcesBureau}']");
        await office.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(office.Locator("h1")).ToHaveTextAsync("办理完成");

        // 会签 from the department head's inbox.
        var opinionTask = CityRequestSteps.OpinionTask(1, Organisations.CityNaturalResourcesBureau);
        await Host.ReviewLinkAsync(id, taskId: opinionTask);
        var head = await SignedInPageAsync(browser, "zrzyj-head");
        await head.GotoAsync(Routes.InboxTaskPath(id, opinionTask));
        await head.AxeAsync();
        await head.CheckAsync($"input[name=decision][value='{Decisions.ApproveWithRemarks}']");
        await head.FillAsync("#opinion", "原则同意，建议写明省自然资源厅核定的依据。");
        await head.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(head.Locator("h1")).ToHaveTextAsync("办理完成");

        await Host.DecideAsync(await Host.ReviewLinkAsync(id, taskId: "decision-1-0"), Decisions.Approve, "同意。");

        // The reply's form opens with the draft; the office issues it as drafted.
        await Host.ReviewLinkAsync(id, taskId: "drafting-1-0");
        await office.GotoAsync(Routes.InboxTaskPath(id, "drafting-1-0"));
        await Assertions.Expect(office.Locator("#opinion")).ToHaveValueAsync(new Regex("^你县《关于确认"));
        await Assertions.Expect(office.Locator("select[name='field.disclosure']")).ToHaveValueAsync("public");
        await office.AxeAsync();
        await office.ShowsNoInternalIdsAsync();
        await office.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(office.Locator("h1")).ToHaveTextAsync("办理完成");

        var county = await SignedInPageAsync(browser, "quwo-gov-clerk");
        await Host.WaitForCaseAsync(People.Get("quwo-gov-clerk"), id, LocalHostProcess.Replied);
        await county.GotoAsync(Routes.CaseProgressPath(id));
        await Assertions.Expect(county.Locator("body")).ToContainTextAsync("临政函〔");
        await county.AxeAsync();
        await county.ShowsNoInternalIdsAsync();
    }
}
