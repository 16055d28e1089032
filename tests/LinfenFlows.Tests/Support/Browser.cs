using Microsoft.Playwright;

namespace LinfenFlows.Tests.Support;

/// <summary>The one place that launches Debian's Chromium (installed by tests/run.sh) for the browser tests.</summary>
public static class Browser
{
    private static string ChromiumPath => Environment.GetEnvironmentVariable("LINFENFLOWS_CHROMIUM") ?? "/usr/bin/chromium";

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(
            new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
}
