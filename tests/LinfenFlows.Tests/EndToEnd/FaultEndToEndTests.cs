using System.Net;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Tests.Support;

namespace LinfenFlows.Tests.EndToEnd;

/// <summary>Faults against the local host on Azurite: after each, every case completes, once.</summary>
public class FaultEndToEndTests
{
    private static async Task AssertCompletedOnceAsync(LocalHostProcess host, string caseId)
    {
        var closed = await host.WaitForCaseAsync(Samples.BureauClerk, caseId, LocalHostProcess.Replied, 90);
        Assert.Equal(["accident.submitted", "review.opened", "review.decided", "accident.replied"],
            closed.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Take(4));
        // The reply's notification leaves just after the step that closes the case.
        await host.WaitForMailAsync(m => m.CaseId == caseId && m.Subject.StartsWith("【批复】", StringComparison.Ordinal));
        var mails = (await host.MailboxAsync()).Where(m => m.CaseId == caseId).ToList();
        Assert.Single(mails, m => m.IsLinkOf(caseId, "city-review-1-0", "gov-reviewer"));
        Assert.Equal(mails.Count, mails.Select(m => m.MessageId).Distinct().Count()); // every notification sent once
        Assert.Single(mails, m => m.Subject.StartsWith("【批复】", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kill_9_right_after_a_decision_was_accepted_loses_nothing_and_does_nothing_twice()
    {
        const string fault = "kill -9 of the host right after a decision was accepted";
        FaultLog.Tried(fault);
        await using var host = await LocalHostProcess.StartAsync();
        var caseId = await host.SubmitCaseAsync();
        var link = await host.ReviewLinkAsync(caseId, 90);

        Assert.Equal(HttpStatusCode.OK, (await host.DecideAsync(link, Decisions.Approve)).StatusCode);
        await host.KillAsync();
        await host.StartProcessAsync();

        await AssertCompletedOnceAsync(host, caseId);
        FaultLog.Survived(fault);
    }

    [Fact]
    public async Task Kill_9_while_the_first_activities_run_sends_the_link_once()
    {
        const string fault = "kill -9 of the host while the activity that opens the task and mails the link runs";
        FaultLog.Tried(fault);
        await using var host = await LocalHostProcess.StartAsync();
        var caseId = await host.SubmitCaseAsync();
        await host.KillAsync();
        await host.StartProcessAsync();

        var link = await host.ReviewLinkAsync(caseId, 90);
        Assert.Equal(HttpStatusCode.OK, (await host.DecideAsync(link, Decisions.Approve)).StatusCode);
        await AssertCompletedOnceAsync(host, caseId);
        FaultLog.Survived(fault);
    }

    [Fact]
    public async Task Cases_waiting_for_reviewers_survive_storage_going_down_and_coming_back()
    {
        const string fault = "Azurite stopped and restarted (disk persistence) while cases wait for reviewers";
        FaultLog.Tried(fault);
        var data = Path.Combine(Path.GetTempPath(), "linfenflows-azurite-" + Guid.NewGuid().ToString("N")[..8]);
        using var azurite = AzuriteServer.Start(data);
        await using var host = await LocalHostProcess.StartAsync(storage: azurite.ConnectionString);
        var cases = new List<string>();
        for (var i = 0; i < 3; i++) cases.Add(await host.SubmitCaseAsync());
        var links = new List<string>();
        foreach (var c in cases) links.Add(await host.ReviewLinkAsync(c, 90));

        azurite.Stop();
        await Task.Delay(TimeSpan.FromSeconds(3));
        azurite.StartProcess();

        foreach (var link in links) Assert.Equal(HttpStatusCode.OK, (await host.DecideAsync(link, Decisions.Approve)).StatusCode);
        foreach (var c in cases) await AssertCompletedOnceAsync(host, c);
        FaultLog.Survived(fault);
    }
}
