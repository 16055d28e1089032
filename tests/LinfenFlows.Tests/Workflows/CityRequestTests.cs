using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows.Requests;

namespace LinfenFlows.Tests.Workflows;

/// <summary>
/// 请示 → 批复 on the real engine, as 临政函〔2022〕70号 went: 曲沃县人民政府 asks the city government to confirm the area and
/// boundaries of its chemical park; the app's clock on a Monday in March of next year (durable timers keep the engine's
/// time, so the app's days must lie ahead of it: <see cref="TestDates"/>). 市生态环境局's opinion comes late: the test brings
/// its deadline seconds close, so it is escalated (督办) and still awaited.
/// </summary>
public class CityRequestTests
{
    public const string Title = "关于确认曲沃经济技术开发区化工新材料园区面积和四至边界的请示";
    private static readonly DateOnly Monday = TestDates.NextYears(DayOfWeek.Monday, 3, 8);
    public const string ReplyTitle = "关于曲沃经济技术开发区化工新材料园区面积和四至范围的批复";
    public const string ReplyText = "根据山西省自然资源厅《关于核定曲沃经济技术开发区四至范围有关问题的函》（晋自然资函〔2020〕1299号），" +
        "曲沃经济技术开发区化工新材料园区位于经核定的曲沃经济技术开发区范围内，四至范围为：北至侯月铁路，南至立恒大道、晋阳大道，" +
        "东至荀王村西，西至立恒焦化公司西侧，总面积291.7927公顷，不涉及生态红线和永久基本农田。";
    public static readonly string[] Consulted = [Organisations.CityDevelopmentReform, Organisations.CityNaturalResourcesBureau,
        Organisations.CityEcologyBureau];
    private static readonly Caller Clerk = People.Get("quwo-gov-clerk");

    public static CityRequest Request(string number, string title = Title) => new(number, title,
        "曲沃经济技术开发区化工新材料园区位于开发区规划范围内。为规范园区管理，请求确认园区面积和四至边界。妥否，请批示。",
        "quwo-gov", "quwo-gov-head");

    [Fact]
    public async Task The_quwo_request_is_registered_consulted_with_one_department_late_and_escalated_decided_and_replied_as_lzh_2022_70()
    {
        var clock = new ManualClock(Monday.At(10));
        await using var host = await WorkflowHost.StartAsync(clock: clock, outputs: new Dictionary<string, Func<object?, object?>>
        {
            // 市生态环境局's opinion falls due in seconds.
            [CityRequestActivities.PlanConsultation] = o => ((IReadOnlyList<TaskSpec>)o!).Select(t =>
                t.AssignedTo.Organisation == Organisations.CityEcologyBureau ? t with { DueAt = DateTimeOffset.UtcNow.AddSeconds(3) } : t)
                .ToList(),
        });
        var intake = host.Get<CityRequestIntake>();
        var number = $"曲政请字〔{Monday.Year}〕{Random.Shared.Next(100_000, 999_999)}号";
        var submitted = await intake.SubmitAsync(host.Client, Clerk, Request(number), [new UploadedFile("园区四至范围图.pdf", Samples.Pdf("四至"))]);
        Assert.True(submitted.Created);
        var id = submitted.Case.PartitionKey;

        // 登记、拟办: 赵敏 of the office names the vice mayor and the three departments.
        await host.ActAsync(id, "registration-0", Decisions.Register, "拟请刘建华同志审签，请市发展改革委、市自然资源局、市生态环境局会签。",
            selected: Consulted, values: new Dictionary<string, string> { [CityRequestActivities.LeaderField] = "gov-reviewer" });
        var registered = await host.Get<CaseJournal>().FindTaskAsync(new CaseId(id), "registration-0");
        Assert.Contains(registered!.Fields.Single().Options!, o => o is { Key: "gov-reviewer", Label: "刘建华" });

        // 会签: two on time; 市生态环境局 late — 督办 to 市政府督查室 — and its opinion still counts.
        await host.ActAsync(id, CityRequestSteps.OpinionTask(1, Organisations.CityDevelopmentReform), Decisions.Approve, "同意。");
        await host.ActAsync(id, CityRequestSteps.OpinionTask(1, Organisations.CityNaturalResourcesBureau), Decisions.ApproveWithRemarks,
            "原则同意。建议批复中写明依据晋自然资函〔2020〕1299号核定的范围。");
        await host.Services.MailAsync(id, m => m.RecipientId == "gov-supervisor" && m.Subject.StartsWith("【督办】", StringComparison.Ordinal),
            TimeSpan.FromSeconds(60));
        var ecology = CityRequestSteps.OpinionTask(1, Organisations.CityEcologyBureau);
        await host.ActAsync(id, ecology, Decisions.Approve, "同意。园区不涉及生态保护红线。");

        // 审签: 刘建华 reads every opinion and agrees; the office's draft starts from his decision.
        var journal = host.Get<CaseJournal>();
        var decision = await host.Get<LinfenFlows.Workflows.Platform.CaseSummaries>().LinesAsync(
            await journal.GetAsync(new CaseId(id)), (await journal.FindTaskAsync(new CaseId(id), ecology))!);
        Assert.Contains(decision, l => l.Label == "会签意见（临汾市生态环境局）" && l.Value == "同意：同意。园区不涉及生态保护红线。");
        await host.ActAsync(id, "decision-1-0", Decisions.Approve, "同意。");
        await host.Services.ReviewTokenAsync(id, "drafting-1-0");
        var drafting = (await host.Get<CaseJournal>().FindTaskAsync(new CaseId(id), "drafting-1-0"))!;
        Assert.StartsWith($"你县《{Title}》（{number}）收悉，经研究，现批复如下：\n同意确认", drafting.OpinionDraft);
        Assert.Equal(CityRequestRules.ReplyTitleOf(Title), drafting.Fields.Single(f => f.Key == "title").Initial);

        // 拟稿、核稿、印发: the office words the reply as the gazette has it.
        await host.ActAsync(id, "drafting-1-0", Decisions.Issue, $"你县《{Title}》（{number}）收悉，经研究，现批复如下：\n{ReplyText}",
            values: new Dictionary<string, string> { ["title"] = ReplyTitle, ["disclosure"] = "public" });
        var result = (await host.CompletionAsync(id)).ReadOutputAs<CityRequestResult>()!;
        Assert.Matches($@"^临政函〔{Monday.Year}〕\d+号$", result.ReplyNumber);
        Assert.Equal(Decisions.Approve, result.Decision);

        var closed = await journal.GetAsync(new CaseId(id));
        Assert.Equal((CaseStatus.Completed, result.ReplyNumber), (closed.Status, closed.DocumentNumber));
        var text = await host.TextAsync(id, result.ReplyAttachmentId);
        foreach (var part in new[] { "临汾市人民政府", result.ReplyNumber, "曲沃县人民政府：", "总面积291.7927公顷", "此件公开发布",
            "抄送：市发展和改革委员会，市自然资源局，市生态环境局" })
            Assert.Contains(part.Replace("，", ""), text.Replace("，", "").Replace("、", ""));
        var late = (await journal.FindTaskAsync(new CaseId(id), ecology))!;
        Assert.NotNull(late.EscalatedAt);
        await host.Services.MailAsync(id, m => m.RecipientId == "quwo-gov-clerk" && m.Subject == $"【批复】{result.ReplyNumber}");
        await host.Services.MailAsync(id, m => m.RecipientId == "zrzyj-clerk" && m.Subject == $"【抄送】{result.ReplyNumber}");
        var timeline = await journal.TimelineAsync(new CaseId(id));
        Assert.Contains(timeline, e => e.Action == "request.registered"
            && e.Label.Contains($"收文编号 临政收〔{Monday.Year}〕", StringComparison.Ordinal));
        Assert.Equal(6, timeline.Count(e => e.Action == "review.decided"));
        Assert.True(CaseJournal.VerifyChain(timeline));

        // The same request again is the same case; another matter under the same number is refused (一文一事).
        Assert.False((await intake.SubmitAsync(host.Client, Clerk, Request(number), [])).Created);
        var other = await Assert.ThrowsAsync<ProblemException>(() => intake.SubmitAsync(host.Client, Clerk,
            Request(number, "关于申请设立曲沃县物流园区的请示"), []));
        Assert.Equal(409, other.Status);
        Assert.Contains("一文一事", other.Detail);
    }

    [Fact]
    public async Task A_returned_request_is_resubmitted_and_decided_again_without_consultation_when_none_was_named()
    {
        var clock = new ManualClock(Monday.At(10));
        await using var host = await WorkflowHost.StartAsync(clock: clock);
        var intake = host.Get<CityRequestIntake>();
        var number = $"曲政请字〔{Monday.Year}〕{Random.Shared.Next(100_000, 999_999)}号";
        var id = (await intake.SubmitAsync(host.Client, Clerk, Request(number), [])).Case.PartitionKey;
        await host.ActAsync(id, "registration-0", Decisions.Register, null,
            values: new Dictionary<string, string> { [CityRequestActivities.LeaderField] = "gov-reviewer" });
        await host.ActAsync(id, "decision-1-0", Decisions.Return, "请补充省自然资源厅核定四至范围的依据。");
        await host.Services.MailAsync(id, m => m.RecipientId == "quwo-gov-clerk"
            && m.Subject.StartsWith("【退回修改】", StringComparison.Ordinal));

        var revised = Request(number) with { Body = "根据晋自然资函〔2020〕1299号核定的开发区四至范围，请求确认园区面积和四至边界。妥否，请批示。" };
        var resubmitted = await intake.ResubmitAsync(host.Client, Clerk, id, revised, "已补充核定依据。", []);
        Assert.Equal(CaseStatus.InProgress, resubmitted.Status);
        await host.ActAsync(id, "decision-2-0", Decisions.Disagree, "园区范围需待省厅重新核定后再报。");
        await host.Services.ReviewTokenAsync(id, "drafting-2-0");
        var drafting = (await host.Get<CaseJournal>().FindTaskAsync(new CaseId(id), "drafting-2-0"))!;
        Assert.Contains("\n不同意确认曲沃经济技术开发区化工新材料园区面积和四至边界。\n", drafting.OpinionDraft);
        await host.ActAsync(id, "drafting-2-0", Decisions.Issue, drafting.OpinionDraft + "\n园区范围待省自然资源厅重新核定后另行报批。",
            values: new Dictionary<string, string> { ["title"] = CityRequestRules.ReplyTitleOf(Title), ["disclosure"] = "on-request" });
        var result = (await host.CompletionAsync(id)).ReadOutputAs<CityRequestResult>()!;
        Assert.Equal(Decisions.Disagree, result.Decision);
        Assert.Contains("此件依申请公开", await host.TextAsync(id, result.ReplyAttachmentId));
    }

    [Fact]
    public async Task Only_county_governments_and_city_departments_send_requests_and_a_bad_one_is_refused_naming_each_field()
    {
        await using var host = await WorkflowHost.StartAsync(clock: new ManualClock(Monday.At(10)));
        var intake = host.Get<CityRequestIntake>();
        var number = $"曲政请字〔{Monday.Year}〕{Random.Shared.Next(100_000, 999_999)}号";
        Assert.Equal(403, (await Assert.ThrowsAsync<ProblemException>(() =>
            intake.SubmitAsync(host.Client, People.Get("yaodu-clerk"), Request(number), []))).Status);
        var bad = await Assert.ThrowsAsync<ProblemException>(() => intake.SubmitAsync(host.Client, Clerk,
            new CityRequest("曲政请字2022年12号", "关于园区的报告和请示及另一请示", " ", "fushan-gov", "quwo-gov-clerk"), []));
        Assert.Equal(["body", "requestNumber", "title", "title", "organisation", "signer"], bad.Errors.Select(e => e.Field));
        Assert.Equal(["required", "document-number", "request-title", "one-matter", "own-organisation", "signer-of-organisation"],
            bad.Errors.Select(e => e.Rule));
        Assert.Null(await host.Get<CaseJournal>().FindAsync(CityRequestDetails.CaseIdFor("quwo-gov", "曲政请字2022年12号")));
    }
}
