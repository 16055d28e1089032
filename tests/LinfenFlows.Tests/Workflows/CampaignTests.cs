using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Notifications;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows.Campaigns;

namespace LinfenFlows.Tests.Workflows;

/// <summary>
/// 定期报送 on the real engine (临政办发〔2022〕51号: 各县市区每周四向市大气办报送进展), the app's clock in March of next year
/// (<see cref="TestDates"/>): a campaign of three weeks in which 安泽县 misses the second; each week is a workflow of its own.
/// The durable timers keep the engine's time, so the test brings the second week's close and 安泽县's deadline seconds close.
/// </summary>
public class CampaignTests
{
    private static readonly string[] Counties3 = ["yaodu-gov", "fushan-gov", "anze-gov"];
    private static readonly Caller Office = People.Get("dqb-clerk");
    /// <summary>The campaign starts on a Wednesday early in March; its Thursdays follow.</summary>
    private static readonly DateOnly Start = TestDates.NextYears(DayOfWeek.Wednesday, 3, 3);
    private static readonly int Year = Start.Year;
    private static readonly DateOnly Thursday1 = Start.AddDays(1), Thursday2 = Start.AddDays(8), Thursday3 = Start.AddDays(15);

    [Fact]
    public async Task Three_weeks_of_reports_record_who_reported_escalate_the_missing_county_and_close_each_week_and_the_campaign()
    {
        var clock = new ManualClock(Start.At(10));
        await using var host = await WorkflowHost.StartAsync(clock: clock, outputs: new Dictionary<string, Func<object?, object?>>
        {
            [CollectionActivities.PlanCollection] = o =>
            {
                var plan = (CollectionPlan)o!;
                if (!plan.Tasks[0].CaseId.EndsWith($"-w{Thursday2.Key()}", StringComparison.Ordinal)) return plan;
                // The second week: 安泽县's day ends in seconds (督办), and the week closes soon after.
                return new CollectionPlan(plan.Tasks.Select(t => t.TaskId == "report-anze-gov"
                    ? t with { DueAt = DateTimeOffset.UtcNow.AddSeconds(3) } : t).ToList(), DateTimeOffset.UtcNow.AddSeconds(30));
            },
        });
        var desk = host.Get<CampaignDesk>();
        var number = $"临政办发〔{Year}〕{Random.Shared.Next(100_000, 999_999)}号";
        var (campaign, created) = await desk.CreateAsync(host.Client, Office, new CampaignRequest($"{Year}年春季大气污染综合治理攻坚", number,
            Start, Thursday3, null, Counties3, null));
        Assert.True(created);
        var id = campaign.PartitionKey;

        // Week 1 (the first Thursday) opened at once; reminded that morning; everyone reports.
        var week1 = $"{id}-w{Thursday1.Key()}";
        await WaitForTasksAsync(host, week1);
        clock.Now = Thursday1.At(9);
        await host.Get<ReminderSweep>().RunAsync();
        Assert.Contains(await MailboxAsync(host), m => m.RecipientId == "yaodu-gov-clerk"
            && m.Subject.StartsWith("【待办提醒】", StringComparison.Ordinal));
        foreach (var county in Counties3) await ReportAsync(host, week1, county);
        var closed1 = (await host.CompletionAsync(week1)).ReadOutputAs<CollectionResult>()!;
        Assert.Equal((3, 0, 0), (closed1.Reported, closed1.Late, closed1.Missing.Count));

        // Week 2 opens six days ahead; 安泽县 never reports: 督办 to the office, then 未报送 when the week closes.
        clock.Now = Thursday1.AddDays(1).At(0, 10);
        Assert.Equal([$"{id}-w{Thursday2.Key()}"], await desk.OpenDueAsync(host.Client));
        var week2 = $"{id}-w{Thursday2.Key()}";
        await WaitForTasksAsync(host, week2);
        await ReportAsync(host, week2, "yaodu-gov");
        await ReportAsync(host, week2, "fushan-gov");
        await host.Services.MailAsync(week2, m => m.RecipientId == "dqb-head" && m.Subject.StartsWith("【督办】", StringComparison.Ordinal));
        var closed2 = (await host.CompletionAsync(week2, 90)).ReadOutputAs<CollectionResult>()!;
        Assert.Equal(["anze-gov"], closed2.Missing);
        var missing = await host.Services.MailAsync(id, m => m.RecipientId == "dqb-clerk"
            && m.Subject.StartsWith("【未报送】", StringComparison.Ordinal));
        Assert.Contains("安泽县人民政府", missing.Body);
        Assert.Equal(TaskStates.Cancelled,
            (await host.Get<CaseJournal>().FindTaskAsync(new CaseId(week2), "report-anze-gov"))!.State);

        // Week 3: everyone again; after the last late day (the Friday) the campaign ends.
        clock.Now = Thursday2.AddDays(1).At(0, 10);
        Assert.Equal([$"{id}-w{Thursday3.Key()}"], await desk.OpenDueAsync(host.Client));
        var week3 = $"{id}-w{Thursday3.Key()}";
        await WaitForTasksAsync(host, week3);
        foreach (var county in Counties3) await ReportAsync(host, week3, county);
        await host.CompletionAsync(week3);
        clock.Now = Thursday3.AddDays(4).At(0, 10);
        Assert.Empty(await desk.OpenDueAsync(host.Client));
        Assert.Equal(CaseStatus.Completed, (await host.Get<CaseJournal>().GetAsync(new CaseId(id))).Status);

        // The office sees every county week by week; a county sees its own; others nothing.
        var view = await desk.ViewAsync(Office, id);
        Assert.Equal(3, view.Collections.Count);
        var second = view.Collections.Single(c => c.CaseId == week2);
        Assert.Equal([CampaignDesk.ReportState, CampaignDesk.ReportState, CampaignDesk.MissingState], second.Reports.Select(r => r.State));
        Assert.Equal("本周完成散煤清洁替代120户，巡查秸秆焚烧点位8处。", second.Reports[0].Text);
        Assert.EndsWith(".pdf", second.Reports[0].FileName);
        var page = LinfenFlows.Functions.Campaigns.CampaignPage.Render(view).Content!;
        Assert.Contains("<h2 id=\"history\">各单位报送记录</h2>", page);
        Assert.Contains("安泽县人民政府</th><td>已报送</td><td>未报送</td><td>已报送</td><td>1</td>", page);
        var anze = await desk.ViewAsync(People.Get("anze-gov-clerk"), id);
        Assert.All(anze.Collections, c => Assert.Equal("anze-gov", c.Reports.Single().Organisation));
        Assert.Equal(404, (await Assert.ThrowsAsync<ProblemException>(() => desk.ViewAsync(People.Get("fushan-nyj-clerk"), id))).Status);
        Assert.True(CaseJournal.VerifyChain(await host.Get<CaseJournal>().TimelineAsync(new CaseId(id))));

        // The same request again (a retry that day) is the same campaign.
        clock.Now = Start.At(10, 5);
        Assert.False((await desk.CreateAsync(host.Client, Office, new CampaignRequest($"{Year}年春季大气污染综合治理攻坚", number,
            Start, Thursday3, null, Counties3, null))).Created);
    }

    [Fact]
    public async Task Only_the_air_office_starts_a_campaign_and_a_bad_one_is_refused_naming_each_field_and_writing_nothing()
    {
        var clock = new ManualClock(Start.At(10));
        await using var host = await WorkflowHost.StartAsync(clock: clock);
        var desk = host.Get<CampaignDesk>();
        var number = $"临政办发〔{Year}〕{Random.Shared.Next(100_000, 999_999)}号";
        Assert.Equal(403, (await Assert.ThrowsAsync<ProblemException>(() => desk.CreateAsync(host.Client, People.Get("yaodu-gov-clerk"),
            new CampaignRequest("攻坚", number, Start, Thursday3, null, Counties3, null)))).Status);
        var bad = await Assert.ThrowsAsync<ProblemException>(() => desk.CreateAsync(host.Client, Office,
            new CampaignRequest("攻坚", number, Start, Thursday3, 6,
                ["yaodu-gov", "nowhere", "yaodu-gov"], Thursday3.AddDays(14))));
        Assert.Equal(["weekday", "participants[1]", "participants[2]", "taskListDueOn"], bad.Errors.Select(e => e.Field));
        Assert.Null(await host.Get<CaseJournal>().FindAsync(CampaignIds.Of(number)));
    }

    [Fact]
    public async Task An_operator_suspends_a_campaign_so_no_week_opens_then_resumes_and_terminates_it_though_it_has_no_workflow()
    {
        // A Tuesday after 清明 and weeks before 劳动节: the campaign starts the Monday after next, reports on Thursdays.
        var tuesday = TestDates.NextYears(DayOfWeek.Tuesday, 4, 8);
        var clock = new ManualClock(tuesday.At(10));
        await using var host = await WorkflowHost.StartAsync(clock: clock);
        var desk = host.Get<CampaignDesk>();
        var control = host.Get<LinfenFlows.Workflows.Platform.CaseControl>();
        var operatorOfOffice = People.Get("gov-office-operator");
        var (campaign, _) = await desk.CreateAsync(host.Client, Office, new CampaignRequest("扬尘治理专项",
            $"临政办发〔{tuesday.Year}〕{Guid.NewGuid():N}",
            tuesday.AddDays(13), tuesday.AddDays(55), 4, ["guxian-gov"], null));
        var id = campaign.PartitionKey;

        await control.ApplyAsync(host.Client, operatorOfOffice, id, LinfenFlows.Workflows.Platform.CaseControlAction.Suspend, "专项方案调整");
        clock.Now = tuesday.AddDays(10).At(0, 10); // six days before its first Thursday
        Assert.Empty(await desk.OpenDueAsync(host.Client));
        await control.ApplyAsync(host.Client, operatorOfOffice, id, LinfenFlows.Workflows.Platform.CaseControlAction.Resume, null);
        Assert.Equal([$"{id}-w{tuesday.AddDays(16).Key()}"], await desk.OpenDueAsync(host.Client));
        var ended = await control.ApplyAsync(host.Client, operatorOfOffice, id, LinfenFlows.Workflows.Platform.CaseControlAction.Terminate,
            "专项工作已并入全市攻坚方案");
        Assert.Equal(CaseStatus.Terminated, ended.Status);
        clock.Now = tuesday.AddDays(17).At(0, 10);
        Assert.Empty(await desk.OpenDueAsync(host.Client));
    }

    private static async Task ReportAsync(WorkflowHost host, string caseId, string county) =>
        await host.ActAsync(caseId, CollectionDetails.TaskIdOf(county), Decisions.Report, "本周完成散煤清洁替代120户，巡查秸秆焚烧点位8处。",
            new UploadedFile($"{county}进展情况.pdf", Samples.Pdf(county)));

    private static async Task WaitForTasksAsync(WorkflowHost host, string caseId)
    {
        foreach (var county in Counties3) await host.Services.ReviewTokenAsync(caseId, CollectionDetails.TaskIdOf(county));
    }

    private static Task<IReadOnlyList<MailboxEntity>> MailboxAsync(WorkflowHost host) =>
        MailboxEntity.ListAsync(host.Get<StorageAccount>(), 1000, CancellationToken.None);
}
