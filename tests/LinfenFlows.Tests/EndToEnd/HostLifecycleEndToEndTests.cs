using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Tests.Support;

namespace LinfenFlows.Tests.EndToEnd;

/// <summary>The host killed mid-case, restarted, and stopped by a signal: nothing lost, nothing done twice.</summary>
public class HostLifecycleEndToEndTests
{
    [Fact]
    public async Task A_case_survives_kill_9_of_the_host_and_completes_after_restart_with_nothing_done_twice()
    {
        FaultLog.Tried("kill -9 of the host while a case waits for its reviewer");
        await using var host = await LocalHostProcess.StartAsync();
        var caseId = await host.SubmitCaseAsync();
        var link = await host.ReviewLinkAsync(caseId);

        await host.KillAsync();
        await host.StartProcessAsync();

        Assert.Equal(HttpStatusCode.OK, (await host.DecideAsync(link, Decisions.Approve)).StatusCode);
        var closed = await host.WaitForCaseAsync(Samples.BureauClerk, caseId, LocalHostProcess.Replied);

        var actions = closed.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["accident.submitted", "review.opened", "review.decided", "accident.replied"], actions.Take(4));
        await host.WaitForMailAsync(m => m.CaseId == caseId && m.Subject.StartsWith("【批复】", StringComparison.Ordinal));
        var mails = (await host.MailboxAsync()).Where(m => m.CaseId == caseId).ToList();
        Assert.Single(mails, m => m.IsLinkOf(caseId, "city-review-1-0", "gov-reviewer"));
        Assert.Equal(mails.Count, mails.Select(m => m.MessageId).Distinct().Count()); // every notification sent once
        Assert.Single(mails, m => m.Subject.StartsWith("【批复】", StringComparison.Ordinal));
        FaultLog.Survived("kill -9 of the host while a case waits for its reviewer");
    }

    [Fact]
    public async Task With_the_development_identity_off_a_principal_header_sent_by_the_caller_is_ignored()
    {
        FaultLog.Tried("a forged principal header with the development identity off");
        await using var host = await LocalHostProcess.StartAsync(developmentIdentity: false);
        var request = Samples.Request();
        var response = await host.SubmitAsync(Samples.BureauClerk, request, Samples.Pdf());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain(await host.MailboxAsync(), m => m.CaseId == LocalHostProcess.CaseIdOf(request));
        // Every staff endpoint answers the same way; a page offers the sign-in instead; the app said why at start.
        foreach (var path in new[] { Routes.Inbox, Routes.Cases, Routes.Parks, Routes.CalendarPage, Routes.DirectoryPage,
            Routes.Supervision }.Select(r => "api/" + r))
            Assert.Equal(HttpStatusCode.Unauthorized, (await host.SendAsync(HttpMethod.Get, path, Samples.BureauClerk)).StatusCode);
        var page = await (await host.SendAsync(HttpMethod.Get, Routes.InboxPath[1..], Samples.BureauClerk)).Content.ReadAsStringAsync();
        Assert.Contains("/.auth/login/aad?post_login_redirect_uri=", page);
        Assert.Contains("WEBSITE_AUTH_ENABLED is not True", host.Output);
        FaultLog.Survived("a forged principal header with the development identity off");
    }

    [Fact]
    public async Task With_app_service_authentication_enabled_the_platforms_principal_header_signs_the_person_in()
    {
        // In Azure the platform strips any header a client sends and sets its own, and sets WEBSITE_AUTH_ENABLED=True.
        await using var host = await LocalHostProcess.StartAsync(developmentIdentity: false,
            settings: new Dictionary<string, string> { ["WEBSITE_AUTH_ENABLED"] = "True" });
        var request = Samples.Request();
        Assert.Equal(HttpStatusCode.Created, (await host.SubmitAsync(Samples.BureauClerk, request, Samples.Pdf())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Get, "api/" + Routes.Inbox, Samples.BureauClerk)).StatusCode);
        Assert.Contains("App Service authentication is enabled", host.Output);
    }

    [Fact]
    public async Task Purging_drops_finished_workflows_history_and_keeps_the_case_record_and_running_cases()
    {
        await using var host = await LocalHostProcess.StartAsync(
            settings: new Dictionary<string, string> { ["LinfenFlows__Durable__RetainFinishedDays"] = "0" });
        // A withdrawn request is a finished workflow (a replied one goes on to its follow-through).
        var finished = await host.SubmitCaseAsync();
        await host.ReviewLinkAsync(finished);
        var withdrawal = await host.SendAsync(HttpMethod.Post,
            "api/" + LinfenFlows.Shared.Routes.AccidentWithdrawal.Replace("{caseId}", finished),
            Samples.BureauClerk, JsonContent.Create(new { reason = "另行报送" }));
        Assert.Equal(HttpStatusCode.Accepted, withdrawal.StatusCode);
        await host.WaitForCaseAsync(Samples.BureauClerk, finished, c => c.GetProperty("status").GetString() == CaseStatus.Withdrawn);
        var running = await host.SubmitCaseAsync();
        var runningLink = await host.ReviewLinkAsync(running);

        var purge = await host.OperateAsync(LinfenFlows.Shared.Routes.WorkflowPurges);
        Assert.True(purge.IsSuccessStatusCode, $"{purge.StatusCode}\n{host.Output[^Math.Min(4000, host.Output.Length)..]}");
        Assert.Equal(1, (await purge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("purged").GetInt32());

        var record = await host.CaseAsync(Samples.BureauClerk, finished);
        Assert.Equal(CaseStatus.Withdrawn, record.GetProperty("status").GetString());
        Assert.True(record.GetProperty("timelineIntact").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await host.DecideAsync(runningLink, Decisions.Approve)).StatusCode);
        await host.WaitForCaseAsync(Samples.BureauClerk, running, LocalHostProcess.Replied);
    }

    [Fact]
    public async Task Sigterm_stops_the_host_cleanly_within_a_few_seconds()
    {
        await using var host = await LocalHostProcess.StartAsync();
        var code = await host.TerminateAsync(TimeSpan.FromSeconds(15));
        Assert.True(code == 0, $"exit code {code}:\n{host.Output[^Math.Min(6000, host.Output.Length)..]}");
    }
}
