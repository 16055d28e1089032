using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Tests.Support;
using Microsoft.Playwright;

namespace LinfenFlows.Tests.EndToEnd;

/// <summary>The public publicity page and its objection form, as anyone reads and uses them, in a real headless Chromium.</summary>
public class ParkBrowserEndToEndTests(ParkHostFixture fixture) : IClassFixture<ParkHostFixture>
{
    private LocalHostProcess Host => fixture.Host;

    /// <summary>Submitted and carried through review, panel and inspection over HTTP: the park is on public notice.</summary>
    private async Task<(string CaseId, string ParkName)> PublicisedAsync()
    {
        var application = ParkSamples.Application();
        var response = await Host.SubmitParkAsync(ParkSamples.YaoduClerk, application, ParkSamples.Materials());
        var caseId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        async Task ActAsync(string taskId, string decision, IReadOnlyDictionary<string, string>? values = null, bool file = false)
        {
            var page = await Host.OpenReviewAsync(await Host.ReviewLinkAsync(caseId, taskId: taskId));
            // The site inspection asks for its record by name, not for a generic "result file".
            if (file) Assert.Contains("实地考察记录（考察评估意见、现场照片等）", page.Html);
            Assert.Equal(HttpStatusCode.OK, (await Host.PostDecisionAsync(page, decision, "同意。", values: values,
                file: file ? ParkFlow.File("考察记录") : null)).StatusCode);
        }
        await ActAsync("county-review-1-0", Decisions.Recommend);
        for (var expert = 1; expert <= 5; expert++) await ActAsync($"expert-{expert}-0", Decisions.Recommend, ParkFlow.GoodScores);
        await ActAsync("site-inspection-0", Decisions.Recommend, file: true);
        return (caseId, application.ParkName!);
    }

    [Fact]
    public async Task Anyone_reads_the_notice_and_files_an_objection_a_bad_phone_is_explained_and_after_the_window_the_form_is_gone()
    {
        // The browser is up before the notice opens: the window is seconds long here.
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browser.LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync(
            new BrowserNewContextOptions { BaseURL = Host.BaseUrl.ToString(), Locale = "zh-CN" })).NewPageAsync();
        var (caseId, parkName) = await PublicisedAsync();
        await Host.WaitForMailAsync(m => m.MessageId == $"{caseId}-publicity");

        await page.GotoAsync(Routes.ParkPublicityPath(caseId));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("市级人力资源服务产业园拟确定名单公示");
        await Assertions.Expect(page.Locator("td.park")).ToHaveTextAsync(parkName);
        await Assertions.Expect(page.Locator("td.window")).ToContainTextAsync("不少于5个工作日");
        // The window is seconds long here: each page is kept as shown and checked with axe once it has closed.
        var shown = new List<string> { await page.ContentAsync() };

        // One field per line: each label above its input, each input below the one before.
        var (name, phone) = (await page.Locator("#name").BoundingBoxAsync(), await page.Locator("#phone").BoundingBoxAsync());
        var phoneLabel = await page.Locator("label[for=phone]").BoundingBoxAsync();
        Assert.True(phoneLabel!.Y >= name!.Y + name.Height && phone!.Y >= phoneLabel.Y + phoneLabel.Height,
            "the objection form's fields share a line");

        // A phone number that cannot be called back is refused with the reason, in Chinese.
        await page.Locator("#name").FillAsync("孙某");
        await page.Locator("#phone").FillAsync("12345");
        await page.Locator("#content").FillAsync("园区入驻机构数量与实际不符。");
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync(),
            r => r.Url.EndsWith("/objections", StringComparison.Ordinal));
        Assert.Equal(400, refused.Status);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("联系电话应为11位手机号码");
        shown.Add(await page.ContentAsync());

        // The form comes back as it was filled in: only the phone needs correcting.
        await Assertions.Expect(page.Locator("#name")).ToHaveValueAsync("孙某");
        await Assertions.Expect(page.Locator("#content")).ToHaveValueAsync("园区入驻机构数量与实际不符。");
        await page.Locator("#phone").FillAsync("13600005555");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交异议" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("异议已受理");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("第1件");
        shown.Add(await page.ContentAsync());

        // The organiser is asked to verify it; once the window has closed, the page says so and offers no form.
        await Host.ReviewLinkAsync(caseId, taskId: "objection-1-0");
        var closed = DateTime.UtcNow + ParkHostFixture.Publicity + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < closed)
        {
            await page.GotoAsync(Routes.ParkPublicityPath(caseId));
            if (await page.Locator("p.closed").CountAsync() > 0) break;
            await Task.Delay(1000);
        }
        await Assertions.Expect(page.Locator("p.closed")).ToHaveTextAsync("公示期已结束，不再受理异议。");
        await Assertions.Expect(page.Locator("form")).ToHaveCountAsync(0);
        await page.AxeAsync();
        foreach (var html in shown)
        {
            await page.SetContentAsync(html);
            await page.AxeAsync();
        }
    }
}
