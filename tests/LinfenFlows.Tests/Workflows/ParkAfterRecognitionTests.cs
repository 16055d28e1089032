using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows.Parks;

namespace LinfenFlows.Tests.Workflows;

/// <summary>第七、九、十五至十七条 after recognition: yearly filings and subsidies, three-yearly assessments, revocation, branch sites.</summary>
public class ParkAfterRecognitionTests
{
    private static Dictionary<string, string> Figures(int promoted, int urban, int rural) => new()
    {
        ["employmentPromoted"] = $"{promoted}", ["urbanNewJobsTarget"] = $"{urban}", ["ruralTransferTarget"] = $"{rural}",
    };

    /// <summary>
    /// The year the test park is recognised in: today's (the recognition runs on the real clock, and its yearly cycles wait
    /// on durable timers, so the years follow from it).
    /// </summary>
    private static readonly int R = BeijingTime.DateOf(DateTimeOffset.UtcNow).Year;

    private static async Task<ParkCycleResult> CycleOutcomeAsync(WorkflowHost host, string cycleId) =>
        (await host.CompletionAsync(cycleId)).ReadOutputAs<ParkCycleResult>()!;

    [Fact]
    public async Task A_yearly_filing_gets_the_article_nine_subsidy_with_its_working_and_the_cap()
    {
        await using var host = await ParkFlow.StartHostAsync();
        var parkId = await ParkFlow.RecognisedAsync(host);
        var cycleId = await host.Get<ParkCycles>().StartAsync(host.Client, parkId, R + 1);

        var filing = await host.Services.MailAsync(cycleId, m => m.IsLinkOf(cycleId, "annual-filing", "yaodu-clerk"));
        Assert.Contains($"{R + 1}年3月31日 24:00", filing.Body);
        // The figures are required with the report.
        var missing = await Assert.ThrowsAsync<ProblemException>(() =>
            host.ActAsync(cycleId, "annual-filing", Decisions.Report, $"{R}年度运营情况。", ParkFlow.File("年度评估报告")));
        Assert.Equal(["employmentPromoted", "ruralTransferTarget", "urbanNewJobsTarget"], missing.Errors.Select(e => e.Field).Order());
        await host.ActAsync(cycleId, "annual-filing", Decisions.Report, $"{R}年度运营情况良好。", ParkFlow.File("年度评估报告"),
            values: Figures(40_000, 15_000, 5_000));

        Assert.Equal(ParkCycleResult.Filed, (await CycleOutcomeAsync(host, cycleId)).Outcome);
        var year = Assert.Single(await host.Get<ParkRegistry>().YearsAsync(parkId));
        Assert.Equal(R, year.Year);
        Assert.Equal(20_000, year.Target);
        Assert.Equal(300_000, year.Subsidy);
        Assert.Contains("超过每年上限300,000元", year.Working);
        var finance = await host.Services.MailAsync(parkId, m => m.MessageId == $"{parkId}-subsidy-{R + 1}-czj-employment");
        Assert.Contains("按上限补助300,000元", finance.Body);
    }

    [Fact]
    public async Task Unqualified_after_rectification_cancels_the_next_cycles_subsidy_and_a_second_unqualified_in_a_row_revokes_the_park()
    {
        await using var host = await ParkFlow.StartHostAsync();
        var parkId = await ParkFlow.RecognisedAsync(host);
        var cycles = host.Get<ParkCycles>();

        // Four years on: the first comprehensive assessment (after three full years).
        var first = await cycles.StartAsync(host.Client, parkId, R + 4);
        await host.ActAsync(first, "annual-filing", Decisions.Report, $"{R + 3}年度运营情况。", ParkFlow.File("年度评估报告"),
            values: Figures(2_500, 15_000, 5_000));
        await host.ActAsync(first, "assessment-0", Decisions.Unqualified, "运营管理机构不健全，入驻企业流失。");
        var rectify = await host.Services.MailAsync(first, m => m.IsLinkOf(first, "rectification", "yaodu-clerk"));
        Assert.Contains("限期整改", rectify.Subject + rectify.Body);
        await host.ActAsync(first, "rectification", Decisions.Report, "已调整运营机构。", ParkFlow.File("整改报告"));
        await host.ActAsync(first, "reassessment-0", Decisions.Unqualified, "整改不到位。");
        Assert.Equal(ParkCycleResult.Assessed, (await CycleOutcomeAsync(host, first)).Outcome);

        var park = (await host.Get<ParkRegistry>().FindAsync(parkId))!;
        Assert.Equal((R + 5, R + 7), (park.SubsidyCancelledFrom, park.SubsidyCancelledTo));
        Assert.Equal(ParkStatus.Recognised, park.Status);
        Assert.Equal(107_500, (await host.Get<ParkRegistry>().YearsAsync(parkId)).Single(y => y.Year == R + 3).Subsidy);

        // Seven years on: the subsidy of the cancelled cycle is not paid; the second assessment in a row is 不合格: recognition revoked.
        var second = await cycles.StartAsync(host.Client, parkId, R + 7);
        await host.ActAsync(second, "annual-filing", Decisions.Report, $"{R + 6}年度运营情况。", ParkFlow.File("年度评估报告"),
            values: Figures(5_000, 15_000, 5_000));
        await host.ActAsync(second, "assessment-0", Decisions.Unqualified, "仍未达到要求。");
        Assert.Equal(ParkCycleResult.Revoked, (await CycleOutcomeAsync(host, second)).Outcome);

        var year = (await host.Get<ParkRegistry>().YearsAsync(parkId)).Single(y => y.Year == R + 6);
        Assert.Equal(0, year.Subsidy);
        Assert.Contains("本周期补助资金取消", year.Working);
        park = (await host.Get<ParkRegistry>().FindAsync(parkId))!;
        Assert.Equal(ParkStatus.Revoked, park.Status);
        var notice = await host.Services.MailAsync(parkId, m => m.MessageId == $"{parkId}-revoked-{R + 7}-yaodu-clerk");
        Assert.Contains("取消其市级人力资源服务产业园资格", notice.Body);
        var history = await host.Get<CaseJournal>().TimelineAsync(new CaseId(parkId));
        Assert.Contains(history, e => e.Action == "park.revoked");
        Assert.True(CaseJournal.VerifyChain(history));
        // A revoked park gets no more yearly cycles.
        Assert.DoesNotContain(ParkCycleDetails.CaseIdOf(parkId, R + 8), await cycles.StartYearAsync(host.Client, R + 8));
    }

    [Fact]
    public async Task A_branch_site_is_added_with_the_city_bureaus_consent_and_the_limits_are_refused_by_name()
    {
        await using var host = await ParkFlow.StartHostAsync();
        var parkId = await ParkFlow.RecognisedAsync(host);
        var branches = host.Get<ParkBranchActivities>();

        var submitted = await branches.SubmitAsync(host.Client, ParkSamples.YaoduClerk, parkId,
            new BranchChangeRequest(BranchChanges.Add, "尧都区人力资源服务产业园东城分园", "尧都区东城路88号", 800, "就近服务东城片区用人单位。"));
        await host.ActAsync(submitted.Case.PartitionKey, "branch-review-0", Decisions.Approve, "同意增设。");
        Assert.Equal("approved", (await host.CompletionAsync(submitted.Case.PartitionKey)).ReadOutputAs<string>());
        var park = (await host.Get<ParkRegistry>().FindAsync(parkId))!;
        Assert.Equal("尧都区人力资源服务产业园东城分园", Assert.Single(park.Branches).Name);
        Assert.Contains(await host.Get<CaseJournal>().TimelineAsync(new CaseId(parkId)), e => e.Action == "park.branch-changed");

        var unknown = await Assert.ThrowsAsync<ProblemException>(() => branches.SubmitAsync(host.Client, ParkSamples.YaoduClerk, parkId,
            new BranchChangeRequest(BranchChanges.Remove, "不存在的分园", null, null, "撤销。")));
        Assert.Equal("siteName:existing", $"{Assert.Single(unknown.Errors).Field}:{unknown.Errors[0].Rule}");
        var otherCounty = await Assert.ThrowsAsync<ProblemException>(() => branches.SubmitAsync(host.Client,
            ParkSamples.ClerkOf(ParkSamples.Yonghe), parkId, new BranchChangeRequest(BranchChanges.Add, "分园", "地址", 100, "理由")));
        Assert.Equal(404, otherCounty.Status);
    }

    [Fact]
    public void A_fourth_branch_site_is_refused_as_article_seven_allows_three()
    {
        IReadOnlyList<BranchSite> three = [new("一分园", "甲", 500), new("二分园", "乙", 500), new("三分园", "丙", 500)];
        var refused = Assert.Throws<ProblemException>(() =>
            BranchChanges.Apply(three, new BranchChangeRequest(BranchChanges.Add, "四分园", "丁", 500, "扩大规模。")));
        Assert.Equal("change:max-branch-sites", $"{Assert.Single(refused.Errors).Field}:{refused.Errors[0].Rule}");
        Assert.Equal(["一分园", "三分园"],
            BranchChanges.Apply(three, new BranchChangeRequest(BranchChanges.Remove, "二分园", null, null, "租约到期。")).Select(s => s.Name));
        Assert.Equal(900, BranchChanges.Apply(three, new BranchChangeRequest(BranchChanges.Change, "二分园", "乙路2号", 900, "搬迁。"))
            .Single(s => s.Name == "二分园").Area);
    }
}
