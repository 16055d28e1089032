using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace LinfenFlows.Tests.Support;

/// <summary>
/// One real SMTP server for the whole test run — MailDev from the pinned npm package, on free loopback ports — so tests
/// see the mail LinfenFlows delivers as a person's mail program would, through its web inbox's REST API.
/// </summary>
public static class MailDev
{
    private static readonly Lazy<(int Smtp, int Web)> Started = new(Start);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public static int SmtpPort => Started.Value.Smtp;

    /// <summary>The app settings that send mail through this server (plain SMTP on loopback).</summary>
    public static IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["LinfenFlows:Mail:Host"] = "127.0.0.1", ["LinfenFlows:Mail:Port"] = SmtpPort.ToString(), ["LinfenFlows:Mail:Security"] = "None",
    };

    /// <summary>A mail as MailDev received it.</summary>
    public sealed record Mail(string Subject, IReadOnlyList<string> To, string Text);

    public static async Task<IReadOnlyList<Mail>> MailsAsync()
    {
        var list = await Http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{Started.Value.Web}/api/email?limit=5000");
        return list.EnumerateArray().Select(m => new Mail(m.GetProperty("subject").GetString() ?? "",
            m.GetProperty("to").EnumerateArray().Select(t => t.GetProperty("address").GetString() ?? "").ToList(),
            m.TryGetProperty("text", out var text) ? text.GetString() ?? "" : "")).ToList();
    }

    /// <summary>Waits until a mail to <paramref name="address"/> that matches arrives.</summary>
    public static async Task<Mail> WaitForAsync(string address, Func<Mail, bool> matches, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var found = (await MailsAsync()).FirstOrDefault(m => m.To.Contains(address) && matches(m));
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No matching mail reached {address} within {seconds} s.");
            await Task.Delay(250);
        }
    }

    private static (int, int) Start()
    {
        var maildev = Path.Combine(Repo.Root, "node_modules", ".bin", "maildev");
        if (!File.Exists(maildev)) throw new InvalidOperationException($"MailDev is not installed: run 'npm ci' in {Repo.Root}.");
        int smtp = Azurite.FreePort(), web = Azurite.FreePort();
        var folder = Path.Combine(Path.GetTempPath(), "linfenflows-maildev-" + Environment.ProcessId);
        var process = Process.Start(new ProcessStartInfo(maildev,
            $"--smtp {smtp} --web {web} --ip 127.0.0.1 --web-ip 127.0.0.1 --mail-directory \"{folder}\" --silent")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException("MailDev exited: " + process.StandardError.ReadToEnd());
            try
            {
                if (Http.GetAsync($"http://127.0.0.1:{web}/api/healthz").GetAwaiter().GetResult().IsSuccessStatusCode) return (smtp, web);
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("MailDev did not answer within 30 s.");
            Thread.Sleep(200);
        }
    }
}
