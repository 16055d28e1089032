using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Tests.Support;
using Microsoft.Playwright;

namespace LinfenFlows.Tests.EndToEnd;

/// <summary>
/// The pages people use, in a real headless Chromium (Debian's, installed by tests/run.sh) against the local host: the
/// staff inbox, acting on a hand-off from it, and the case progress page. Signed-in staff are given the principal header
/// App Service authentication would add.
/// </summary>
public class BrowserEndToEndTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    /// <summary>The public security bureau's 经办 of the sample directory: holds the criminal hand-off.</summary>
    private static readonly Caller PoliceClerk = People.Get("ga-referrals");
    private LocalHostProcess Host => fixture.Host;

    private async Task<IPage> SignedInPageAsync(IBrowser browser, Caller caller)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseUrl.ToString(),
            Locale = "zh-CN",
            ExtraHTTPHeaders = new Dictionary<string, string> { [Principal.HeaderName] = caller.ToPrincipalHeader() },
        });
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task Police_staff_find_the_hand_off_in_their_inbox_sign_for_it_and_report_the_result_and_the_bureau_sees_the_progress()
    {
        var caseId = await Host.SubmitCaseAsync();
        await Host.DecideAsync(await Host.ReviewLinkAsync(caseId), Decisions.Approve);
        await Host.ReviewLinkAsync(caseId, taskId: "handoff-criminal");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await SignedInPageAsync(browser, PoliceClerk);

        // 我的待办: the hand-off with its deadline and days left.
        await page.GotoAsync(Routes.InboxPath);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("我的待办");
        var row = page.Locator("table.inbox tr").Filter(new LocatorFilterOptions { Has = page.Locator($"a[href*='{caseId}']") });
        await Assertions.Expect(row).ToContainTextAsync("移送公安机关：刑事责任（李某）");
        await Assertions.Expect(row).ToContainTextAsync("剩余");
        await page.AxeAsync();
        await page.ShowsNoInternalIdsAsync();

        // Open it and sign for it (签收) — the only action until it is received.
        await row.Locator("a").ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("移送公安机关");
        await Assertions.Expect(page.Locator("input[type=file]")).ToHaveCountAsync(0);
        await page.AxeAsync();
        await page.ShowsNoInternalIdsAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "签收" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("已签收");
        await page.AxeAsync();

        // Back in the inbox it shows as received; report the result with a file.
        await page.GotoAsync(Routes.InboxPath);
        await Assertions.Expect(row).ToContainTextAsync("已签收");
        await row.Locator("a").ClickAsync();
        await page.AxeAsync();
        await page.Locator("#opinion").FillAsync("李某涉嫌重大责任事故罪，已立案侦查。");
        await page.Locator("#file").SetInputFilesAsync(
            new FilePayload { Name = "立案决定书.pdf", MimeType = "application/pdf", Buffer = Samples.Pdf("立案决定书") });
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("办理结果已报告");
        await page.AxeAsync();

        await page.GotoAsync(Routes.InboxPath);
        await Assertions.Expect(page.Locator($"a[href*='{caseId}']")).ToHaveCountAsync(0);

        // The bureau follows the case on its progress page.
        var bureau = await SignedInPageAsync(browser, Samples.BureauClerk);
        await bureau.GotoAsync(Routes.CaseProgressPath(caseId));
        await Assertions.Expect(bureau.Locator("h1")).ToHaveTextAsync("办件进度");
        await Assertions.Expect(bureau.Locator("td.status")).ToHaveTextAsync(CaseStatus.Implementing);
        await Assertions.Expect(bureau.Locator("ol.stages li.done").First).ToContainTextAsync("市应急管理局报送请示");
        // The follow-through is not done while hand-offs and measures are still open: it is the stage in hand.
        await Assertions.Expect(bureau.Locator("ol.stages li.done")).ToHaveCountAsync(2);
        await Assertions.Expect(bureau.Locator("ol.stages li.current")).ToContainTextAsync("移送责任追究、督促整改");
        var criminal = bureau.Locator("table.tasks tr").Filter(new LocatorFilterOptions { HasText = "移送公安机关" });
        await Assertions.Expect(criminal).ToContainTextAsync(TaskStates.Done);
        await Assertions.Expect(criminal.Locator("a")).ToHaveTextAsync("结果文件");
        var measure = bureau.Locator("table.tasks tr").Filter(new LocatorFilterOptions { HasText = "整改措施1" });
        await Assertions.Expect(measure).ToContainTextAsync("剩余");
        await bureau.AxeAsync();
        await bureau.ShowsNoInternalIdsAsync();
    }

    [Fact]
    public async Task The_review_link_the_reply_the_disclosure_form_the_public_notice_and_the_mailbox_pass_axe()
    {
        var caseId = await Host.SubmitCaseAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync(
            new BrowserNewContextOptions { BaseURL = Host.BaseUrl.ToString(), Locale = "zh-CN" })).NewPageAsync();

        // The city government's review link (no sign-in: the link is its own proof), and its decision.
        await page.GotoAsync(await Host.ReviewLinkAsync(caseId));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("市政府审批");
        await page.AxeAsync();
        await page.ShowsNoInternalIdsAsync();
        await page.GetByLabel("同意", new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("办理完成");
        await page.AxeAsync();

        // The reply as the bureau reads it from the progress page: the HTML view of the 批复.
        var bureau = await SignedInPageAsync(browser, Samples.BureauClerk);
        await Host.WaitForCaseAsync(Samples.BureauClerk, caseId, LocalHostProcess.Replied);
        await bureau.GotoAsync(Routes.CaseProgressPath(caseId));
        await bureau.Locator("a", new() { HasText = "（网页版）" }).First.ClickAsync();
        await Assertions.Expect(bureau.Locator("h1")).ToContainTextAsync("批复");
        await bureau.AxeAsync();

        // The publisher's disclosure form, and the public notice it produces.
        await page.GotoAsync(await Host.ReviewLinkAsync(caseId, taskId: "disclosure"));
        await page.AxeAsync();
        await Assertions.Expect(page.Locator("label[for=opinion]")).ToHaveTextAsync("不予公开的理由（勾选了不予公开的事项时必填）");
        // Withholding a matter without its reason: the form comes back as ticked, with the reason asked for.
        await page.Locator("input[name=selected]").First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("未能提交");
        await Assertions.Expect(page.Locator("input[name=selected]").First).ToBeCheckedAsync();
        await page.AxeAsync();
        await page.Locator("#opinion").FillAsync("涉及正在审查的案件，依法暂不公开。");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("已确认公开");
        await page.AxeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await page.GotoAsync(Routes.AccidentDisclosurePath(caseId)))!.Status != 200 && DateTime.UtcNow < deadline)
            await Task.Delay(500);
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("处理情况公告");
        await page.AxeAsync();
        await page.ShowsNoInternalIdsAsync();

        await page.GotoAsync(LinfenFlows.LocalHost.MailboxPage.Path);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("本地邮箱");
        await page.AxeAsync();
    }

    [Fact]
    public async Task Without_sign_in_the_inbox_asks_to_sign_in_and_another_organisation_cannot_open_the_task()
    {
        var caseId = await Host.SubmitCaseAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var anonymous = await (await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Host.BaseUrl.ToString() }))
            .NewPageAsync();
        var response = await anonymous.GotoAsync(Routes.InboxPath);
        Assert.Equal(401, response!.Status);
        await Assertions.Expect(anonymous.Locator("h1")).ToHaveTextAsync("请先登录");
        await anonymous.AxeAsync();
        // A document linked from a mail, opened without sign-in: the way to sign in, not a bare 401 in JSON.
        var report = (await Host.CaseAsync(Samples.BureauClerk, caseId)).GetProperty("attachments")[0].GetProperty("url").GetString()!;
        Assert.Equal(401, (await anonymous.GotoAsync(report))!.Status);
        await Assertions.Expect(anonymous.Locator("h1")).ToHaveTextAsync("请先登录");

        var police = await SignedInPageAsync(browser, PoliceClerk);
        var other = await police.GotoAsync(Routes.InboxTaskPath(caseId, "city-review-1-0"));
        Assert.Equal(404, other!.Status);
        await Assertions.Expect(police.Locator("form")).ToHaveCountAsync(0);
        await police.AxeAsync();
    }
}
