using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace LinfenFlows.Tests.Support;

/// <summary>
/// axe-core on the page the browser shows, for WCAG 2.1 AA (GB/T 37668-2019 follows it): a page with any violation fails
/// the test, and the message names each rule, its impact and the elements, so the page can be fixed from the log alone.
/// </summary>
public static class Accessibility
{
    private static readonly AxeRunOptions Wcag21AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    public static async Task AxeAsync(this IPage page)
    {
        await page.KeepScreenshotAsync();
        var result = await page.RunAxe(Wcag21AA);
        if (result.Violations.Length == 0) return;
        var found = result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help}\n" +
            string.Join("\n", v.Nodes.Select(n => $"    {n.Target} — {n.Html}\n      {Checks(n)}")));
        Assert.Fail($"{page.Url} has {result.Violations.Length} WCAG 2.1 AA violation(s):\n{string.Join("\n", found)}");
    }

    /// <summary>
    /// What a civil servant reads on the page carries no software internals: no "LinfenFlows", organisation ids
    /// (<c>linfen-rsj-experts</c>), unit ids (<c>unit-…</c>) or case ids (<c>acc-…</c>) where a name or title serves.
    /// </summary>
    public static async Task ShowsNoInternalIdsAsync(this IPage page)
    {
        var text = await page.Locator("body").InnerTextAsync();
        var found = System.Text.RegularExpressions.Regex.Matches(text,
            @"LinfenFlows|linfen-[a-z]+|unit-[0-9a-f]{6,}|\b[a-z]+-[0-9a-f]{12,}").Select(m => m.Value).Distinct().ToList();
        Assert.True(found.Count == 0, $"{page.Url} shows internal ids: {string.Join(", ", found)}");
    }

    /// <summary>
    /// Every page checked is kept as a screenshot (tests/TestResults/pages/), to be looked at as its users see it; named by
    /// its path, numbered in the order the tests took them.
    /// </summary>
    public static async Task KeepScreenshotAsync(this IPage page)
    {
        var dir = Path.Combine(Repo.Root, "tests", "TestResults", "pages");
        Directory.CreateDirectory(dir);
        var path = new Uri(page.Url).AbsolutePath.Trim('/');
        var name = new string(path.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_').ToArray());
        if (name.Length > 80) name = name[..80];
        var file = $"{Interlocked.Increment(ref taken):D3}-{(name.Length == 0 ? "page" : name)}.png";
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, file), FullPage = true });
    }

    private static int taken;

    private static string Checks(AxeResultNode n) =>
        string.Join("; ", (n.Any ?? []).Concat(n.All ?? []).Concat(n.None ?? []).Select(c => c.Message));
}
