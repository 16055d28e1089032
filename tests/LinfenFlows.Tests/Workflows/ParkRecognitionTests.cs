using System.Text.Json;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows.Parks;

namespace LinfenFlows.Tests.Workflows;

/// <summary>第六条 on the real engine and Azurite: every branch of recognition, played by the people who take each step.</summary>
public class ParkRecognitionTests
{
    private static Task<IReadOnlyList<CaseEventEntity>> TimelineAsync(WorkflowHost host, string caseId) =>
        host.Get<CaseJournal>().TimelineAsync(new CaseId(caseId));

    [Fact]
    public async Task A_park_is_recognised_through_every_step_with_its_reply_its_record_and_its_reward()
    {
        await using var host = await ParkFlow.StartHostAsync();
        var caseId = await ParkFlow.RecognisedAsync(host);

        var result = await ParkFlow.OutcomeAsync(host, caseId);
        Assert.Equal(ParkOutcomes.Recognised, result.Outcome);
        Assert.Matches(@"^临人社函〔\d{4}〕\d+号$", result.ReplyNumber);
        var c = await ParkFlow.CaseAsync(host, caseId);
        Assert.Equal(CaseStatus.Completed, c.Status);
        Assert.Equal("已认定为市级人力资源服务产业园", c.Step);

        var park = (await host.Get<ParkRegistry>().FindAsync(caseId))!;
        Assert.Equal(ParkStatus.Recognised, park.Status);
        Assert.Equal(500_000, park.RewardAmount);
        Assert.Contains(await host.Get<ParkRegistry>().AllAsync(), p => p.RowKey == caseId && p.ReplyNumber == result.ReplyNumber);
        var reward = await host.Services.MailAsync(caseId, m => m.MessageId == $"{caseId}-reward-czj-employment");
        Assert.Equal("czj-employment", reward.RecipientId);
        Assert.Contains("一次性奖励500,000元", reward.Body);

        // The stored window is the real one: five working days on the official calendar after the day of announcement.
        var publicity = (await host.Get<CaseJournal>().FindRowAsync<PublicityEntity>(new CaseId(caseId), PublicityEntity.Key))!;
        Assert.Equal(ParkDeadlines.PublicityEnds(WorkingCalendar.Official, publicity.StartsAt, 5, startDayCounts: false).At,
            publicity.EndsAt);
        Assert.NotNull(publicity.ClosedAt);

        var timeline = await TimelineAsync(host, caseId);
        Assert.Contains(timeline, e => e.Label.StartsWith("专家书面评估：5个席位中5名专家推荐（须不少于4名", StringComparison.Ordinal)
            && e.Label.Contains("必要性平均88.0分"));
        Assert.Contains(timeline, e => e.Label == "公示期满，无异议");
        Assert.True(CaseJournal.VerifyChain(timeline));
        var text = await host.TextAsync(caseId, result.ReplyAttachmentId!);
        Assert.Contains("市人社局党组会议纪要〔2026〕12号", text);
        Assert.Contains("一次性奖励500,000元", text);
    }

    [Fact]
    public async Task Each_material_is_its_own_attachment_with_its_kind_name_and_sender_even_when_two_files_are_identical()
    {
        await using var host = await ParkFlow.StartHostAsync();
        var materials = ParkSamples.Materials();
        // The county scanned one combined file and sent it as the letter and as the roster.
        var same = Samples.Pdf("申请函件及入驻企业名录（合订）");
        materials["letter"] = new("申请函.pdf", same);
        materials["roster"] = new("入驻企业名录.pdf", same);
        var submitted = await host.Get<ParkIntake>().SubmitAsync(host.Client, ParkSamples.YaoduClerk, ParkSamples.Application(), materials);

        var files = await host.Get<LinfenFlows.Shared.Attachments.AttachmentStore>().ListAsync(submitted.Case.Id);
        Assert.Equal(6, files.Count);
        var letter = Assert.Single(files, f => f.Kind == "材料1：申请函件");
        var roster = Assert.Single(files, f => f.Kind!.StartsWith("材料6：入驻企业名录", StringComparison.Ordinal));
        Assert.Equal(("申请函.pdf", "入驻企业名录.pdf"), (letter.FileName, roster.FileName));
        Assert.NotEqual(letter.Id, roster.Id);
        Assert.Equal(letter.Sha256, roster.Sha256);
        Assert.All(files, f => Assert.Equal("尧都区人力资源和社会保障局 黄经办", f.UploadedBy));
        Assert.All(files, f => Assert.NotNull(f.UploadedAt));

        // Sent again (a retried request): the same six, nothing merged, nothing added.
        await host.Get<ParkIntake>().SubmitAsync(host.Client, ParkSamples.YaoduClerk, ParkSamples.Application(), materials);
        var again = await host.Get<LinfenFlows.Shared.Attachments.AttachmentStore>().ListAsync(submitted.Case.Id);
        Assert.Equal(files.Select(f => f.Id).Order(), again.Select(f => f.Id).Order());
    }

    [Fact]
    public async Task A_returned_application_is_corrected_and_reviewed_again_and_the_correction_rules_hold()
    {
        await using var host = await ParkFlow.StartHostAsync();
        var application = ParkSamples.Application();
        var caseId = await ParkFlow.SubmitAsync(host, application);
        await host.ActAsync(caseId, "county-review-1-0", Decisions.Return, "入驻企业名录缺少备案凭证，请补正。");
        var returned = await host.Services.MailAsync(caseId, m => m.MessageId == $"{caseId}-county-review-1-0-returned");
        Assert.Contains("缺少备案凭证", returned.Body);
        Assert.Equal(CaseStatus.Returned, (await ParkFlow.CaseAsync(host, caseId)).Status);

        var intake = host.Get<ParkIntake>();
        // A correction that breaks a condition is refused with the reason, and changes nothing.
        var bad = await Assert.ThrowsAsync<ProblemException>(() => intake.CorrectAsync(host.Client, ParkSamples.YaoduClerk, caseId,
            application with { BuildingArea = 2000 }, new Dictionary<string, LinfenFlows.Shared.Attachments.UploadedFile>(), null));
        Assert.Equal("buildingArea", Assert.Single(bad.Errors).Field);
        Assert.Equal(CaseStatus.Returned, (await ParkFlow.CaseAsync(host, caseId)).Status);

        var corrected = await intake.CorrectAsync(host.Client, ParkSamples.YaoduClerk, caseId, application with { BuildingArea = 2600 },
            new Dictionary<string, LinfenFlows.Shared.Attachments.UploadedFile> { ["roster"] = ParkFlow.File("入驻企业名录（补正）") }, "已补充备案凭证。");
        Assert.Equal(CaseStatus.InProgress, corrected.Status);
        Assert.Equal(2, ParkCaseDetails.Of(corrected).Round);
        // Correcting again while it is under review is refused.
        var again = await Assert.ThrowsAsync<ProblemException>(() => intake.CorrectAsync(host.Client, ParkSamples.YaoduClerk, caseId,
            application, new Dictionary<string, LinfenFlows.Shared.Attachments.UploadedFile>(), null));
        Assert.Equal(409, again.Status);

        await host.ActAsync(caseId, "county-review-2-0", Decisions.Recommend, "补正后符合条件，同意推荐。");
        await host.Services.ReviewTokenAsync(caseId, "expert-1-0");
        Assert.Contains(await TimelineAsync(host, caseId), e => e.Label == "补正后重新报送（第2次报送）");
    }

    [Fact]
    public async Task A_county_that_does_not_recommend_ends_the_case_and_tells_the_applicant()
    {
        await using var host = await ParkFlow.StartHostAsync();
        var caseId = await ParkFlow.SubmitAsync(host);
        await host.ActAsync(caseId, "county-review-1-0", Decisions.NotRecommend, "园区规划与本县产业布局不符。");
        Assert.Equal(ParkOutcomes.NotRecommended, (await ParkFlow.OutcomeAsync(host, caseId)).Outcome);
        var closed = await host.Services.MailAsync(caseId, m => m.MessageId == $"{caseId}-closed");
        Assert.Contains("县级人社部门不予推荐", closed.Body);
        Assert.Contains("产业布局不符", closed.Body);
        Assert.Null(await host.Get<ParkRegistry>().FindAsync(caseId));
    }

    [Fact]
    public async Task An_expert_who_declines_is_replaced_from_the_pool_and_the_panel_passes_with_four_of_five()
    {
        await using var host = await ParkFlow.StartHostAsync();
        var caseId = await ParkFlow.SubmitAsync(host);
        await host.ActAsync(caseId, "county-review-1-0", Decisions.Recommend, "同意推荐。");

        // The draw is on record: every candidate of the pool, the expert living in the park's county excluded by rule with the
        // reason, and the order the recorded seed gives — which anyone can recompute.
        await host.Services.ReviewTokenAsync(caseId, "expert-1-0");
        var draw = (await host.Get<CaseJournal>().FindRowAsync<PanelDrawEntity>(new CaseId(caseId), PanelDrawEntity.Key))!;
        var excluded = Assert.Single(JsonSerializer.Deserialize<List<ExcludedExpert>>(draw.ExcludedJson, LinfenFlows.Shared.Json.Options)!);
        Assert.Equal("expert-7", excluded.PersonId);
        Assert.Contains("尧都区", excluded.Reason);
        var eligible = Enumerable.Range(1, 6).Select(i => $"expert-{i}");
        Assert.Equal(ExpertDraw.Order(draw.Seed, eligible), draw.Drawn);
        Assert.Contains(await TimelineAsync(host, caseId), e => e.Label.Contains($"抽取种子 {draw.Seed}")
            && e.Label.Contains("赵伟：所在县（市、区）与申报园区相同"));

        // 回避 needs a reason and no scores; the reserve drawn sixth takes the seat. Scores outside 0–100 are refused.
        await host.ActAsync(caseId, "expert-2-0", Decisions.Decline, "本人曾为该园区运营主体提供咨询服务，申请回避。");
        var replacement = await host.Services.MailAsync(caseId, m => m.IsLinkOf(caseId, "expert-6-0"));
        Assert.Equal(draw.Drawn[5], replacement.RecipientId);
        var outOfRange = await Assert.ThrowsAsync<ProblemException>(() => host.ActAsync(caseId, "expert-1-0", Decisions.Recommend, "可行。",
            values: new Dictionary<string, string> { ["necessity"] = "101", ["feasibility"] = "80" }));
        Assert.Equal(["necessity:range", "soundness:required"], outOfRange.Errors.Select(e => $"{e.Field}:{e.Rule}").Order());

        foreach (var expert in new[] { 1, 3, 4, 6 })
            await host.ActAsync(caseId, $"expert-{expert}-0", Decisions.Recommend, "同意推荐。", values: ParkFlow.GoodScores);
        await host.ActAsync(caseId, "expert-5-0", Decisions.NotRecommend, "运营收入结构单一。", values: ParkFlow.PoorScores);

        await host.Services.ReviewTokenAsync(caseId, "site-inspection-0");
        var timeline = await TimelineAsync(host, caseId);
        Assert.Contains(timeline, e => e.Label.StartsWith("专家书面评估：5个席位中4名专家推荐（须不少于4名，2/3），通过", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_panel_short_of_two_thirds_ends_the_case_without_a_site_inspection()
    {
        await using var host = await ParkFlow.StartHostAsync();
        var caseId = await ParkFlow.SubmitAsync(host);
        await host.ActAsync(caseId, "county-review-1-0", Decisions.Recommend, "同意推荐。");
        for (var expert = 1; expert <= 5; expert++)
            await host.ActAsync(caseId, $"expert-{expert}-0", expert <= 3 ? Decisions.Recommend : Decisions.NotRecommend, "意见。",
                values: expert <= 3 ? ParkFlow.GoodScores : ParkFlow.PoorScores);
        Assert.Equal(ParkOutcomes.EvaluationFailed, (await ParkFlow.OutcomeAsync(host, caseId)).Outcome);
        Assert.DoesNotContain(await host.Get<CaseJournal>().RowsAsync<TaskEntity>(new CaseId(caseId), RowKeys.TaskPrefix),
            t => t.Step == ParkSteps.SiteInspection);
    }

    [Fact]
    public async Task An_objection_upheld_during_publicity_ends_the_case_and_one_filed_twice_counts_once()
    {
        await using var host = await ParkFlow.StartHostAsync(publicity: TimeSpan.FromSeconds(6));
        var caseId = await ParkFlow.PublicisedAsync(host);
        await WaitForPublicityAsync(host, caseId);
        var publicity = host.Get<ParkPublicity>();
        var first = await publicity.FileObjectionAsync(host.Client, caseId, "李某", "13800001111", "该园区入驻机构中有3家并未实际入驻。");
        var twice = await publicity.FileObjectionAsync(host.Client, caseId, "李某", "13800001111", "该园区入驻机构中有3家并未实际入驻。");
        Assert.Equal(1, first);
        Assert.Equal(1, twice);

        // The verifier reads the objection and who to call; the objector's details never reach the workflow's history.
        await host.ActAsync(caseId, "objection-1-0", Decisions.Upheld, "经核实，3家机构未实际入驻，入驻机构不足10家。");
        Assert.Equal(ParkOutcomes.ObjectionUpheld, (await ParkFlow.OutcomeAsync(host, caseId)).Outcome);
        var history = await host.Client.GetOrchestrationHistoryAsync(caseId);
        Assert.DoesNotContain("13800001111", System.Text.Json.JsonSerializer.Serialize(history));
        Assert.Contains(await TimelineAsync(host, caseId), e => e.Label == "异议1件中1件经核实成立，影响评定入选");
    }

    [Fact]
    public async Task An_objection_not_upheld_leads_to_the_party_group_which_may_reject_and_late_objections_are_refused()
    {
        await using var host = await ParkFlow.StartHostAsync(publicity: TimeSpan.FromSeconds(6));
        var caseId = await ParkFlow.PublicisedAsync(host);
        await WaitForPublicityAsync(host, caseId);
        var publicity = host.Get<ParkPublicity>();
        await publicity.FileObjectionAsync(host.Client, caseId, "某人力资源公司", "0357-2123456", "园区面积计算有误。");
        await host.ActAsync(caseId, "objection-1-0", Decisions.NotUpheld, "经核实，面积按不动产证计算无误，不影响评定入选。");

        // The party group is asked only once the window has closed; after it, objections are refused and nothing is recorded.
        var token = await host.Services.ReviewTokenAsync(caseId, "party-group-0");
        Assert.NotEmpty(token);
        var before = (await TimelineAsync(host, caseId)).Count;
        var late = await Assert.ThrowsAsync<ProblemException>(() =>
            publicity.FileObjectionAsync(host.Client, caseId, "王某", "13900002222", "迟到的异议。"));
        Assert.Equal(409, late.Status);
        Assert.Contains("不再受理异议", late.Detail);
        Assert.Equal(before, (await TimelineAsync(host, caseId)).Count);

        // The meeting reference is required for the party group's decision.
        var noReference = await Assert.ThrowsAsync<ProblemException>(() =>
            host.ActAsync(caseId, "party-group-0", Decisions.Reject, "不同意。"));
        Assert.Equal("meetingReference", Assert.Single(noReference.Errors).Field);
        await ParkFlow.ApproveAsync(host, caseId, Decisions.Reject);
        Assert.Equal(ParkOutcomes.Rejected, (await ParkFlow.OutcomeAsync(host, caseId)).Outcome);
        Assert.Contains(await TimelineAsync(host, caseId), e => e.Label == "异议1件经核实均不影响评定入选");
    }

    private static async Task WaitForPublicityAsync(WorkflowHost host, string caseId)
    {
        for (var i = 0; i < 150; i++)
        {
            if (await host.Get<ParkPublicity>().FindAsync(caseId) is { Open: true }) return;
            await Task.Delay(200);
        }
        throw new TimeoutException("Publicity never started.");
    }
}
