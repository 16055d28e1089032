using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;

namespace LinfenFlows.Tests.Unit;

/// <summary>What a submission on a task must satisfy, as a table of cases.</summary>
public class DecisionRulesTests
{
    private static TaskEntity Task(string decisions, bool fileRequired = false, bool receiptFirst = false, string? fields = null,
        string? choices = null) => new()
        {
            AllowedDecisions = decisions, FileRequired = fileRequired, ReceiptFirst = receiptFirst, IsFollowUp = receiptFirst,
            FieldsJson = fields, ChoicesJson = choices,
        };

    private const string Scores = """[{"key":"necessity","label":"必要性评分（0–100）","max":100,"requiredFor":["recommend","not-recommend"]}]""";
    private const string Meeting = """[{"key":"meetingReference","label":"党组会议纪要编号"}]""";
    private const string Withheld = """[{"key":"person-1","label":"李某：刑事责任"}]""";
    private static readonly UploadedFile File = new("记录.pdf", "%PDF-1.4"u8.ToArray());

    public static TheoryData<string, TaskActionRequest, string?, string?> Cases => new()
    {
        // task kind, request, broken field, broken rule (null: passes)
        { "approve,return", new("approve"), null, null },
        { "approve,return", new("return"), "opinion", "required" },
        { "approve,return", new("return", "请补充原因分析。"), null, null },
        { "approve,return", new("publish"), "decision", "allowed-decision" },
        { "approve,return", new("approve", new string('长', 2001)), "opinion", "max-length" },
        { "approve,return", new("approve", "同意\u0000"), "opinion", "control-characters" },
        { "recommend,not-recommend,decline|scores", new("recommend", "同意推荐。"), "necessity", "required" },
        { "recommend,not-recommend,decline|scores", new("recommend", "同意推荐。",
            Values: new Dictionary<string, string> { ["necessity"] = "101" }), "necessity", "range" },
        { "recommend,not-recommend,decline|scores", new("recommend", "同意推荐。",
            Values: new Dictionary<string, string> { ["necessity"] = "8.5" }), "necessity", "range" },
        { "recommend,not-recommend,decline|scores", new("recommend", "同意推荐。",
            Values: new Dictionary<string, string> { ["necessity"] = "85" }), null, null },
        { "recommend,not-recommend,decline|scores", new("decline", "本人曾为该园区提供咨询。"), null, null },
        { "approve,reject|meeting", new("approve"), "meetingReference", "required" },
        { "approve,reject|meeting", new("approve",
            Values: new Dictionary<string, string> { ["meetingReference"] = "党组会议纪要〔2026〕12号" }), null, null },
        { "recommend,not-recommend|file", new("recommend", "考察通过。"), "file", "required" },
        { "recommend,not-recommend|file", new("recommend", "考察通过。", File: File), null, null },
        { "publish|choices", new("publish", Selected: ["person-1"]), "opinion", "required" },
        { "publish|choices", new("publish", "涉及刑事侦查，依法不予公开。", Selected: ["person-1"]), null, null },
        { "publish|choices", new("publish", "理由。", Selected: ["person-9"]), "selected", "allowed-choice" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_submission_is_checked_against_the_task_and_every_broken_rule_is_named(string kind, TaskActionRequest request,
        string? field, string? rule)
    {
        var parts = kind.Split('|');
        var task = Task(parts[0], fileRequired: parts.Contains("file"),
            fields: parts.Contains("scores") ? Scores : parts.Contains("meeting") ? Meeting : null,
            choices: parts.Contains("choices") ? Withheld : null);
        var result = DecisionRules.Check(task, request);
        if (field is null) Assert.Empty(result.Errors);
        else Assert.Contains(result.Errors, e => e.Field == field && e.Rule == rule);
    }

    [Fact]
    public void A_choice_among_people_takes_only_an_offered_one_and_departments_ticked_for_consultation_need_no_reason()
    {
        const string leader = """[{"key":"leader","label":"审签领导","options":[{"key":"gov-reviewer","label":"刘建华"}]}]""";
        var task = Task("register", fields: leader, choices: """[{"key":"linfen-zrzyj","label":"临汾市自然资源局"}]""");
        task.SelectedNeedsOpinion = false;
        var chosen = DecisionRules.Check(task, new("register", Selected: ["linfen-zrzyj"],
            Values: new Dictionary<string, string> { ["leader"] = "gov-reviewer" }));
        Assert.Empty(chosen.Errors);
        Assert.Equal("gov-reviewer", chosen.Values["leader"]);
        Assert.Equal(("leader", "allowed-value"), DecisionRules.Check(task, new("register",
            Values: new Dictionary<string, string> { ["leader"] = "someone-else" })).Errors.Select(e => (e.Field, e.Rule)).Single());
        Assert.Equal(("opinion", "required"), DecisionRules.Check(Task("approve,approve-with-remarks,disagree"), new("disagree"))
            .Errors.Select(e => (e.Field, e.Rule)).Single());
    }

    [Fact]
    public void A_score_is_recorded_as_the_whole_number_given()
    {
        var result = DecisionRules.Check(Task("recommend", fields: Scores),
            new("recommend", "同意。", Values: new Dictionary<string, string> { ["necessity"] = " 90 " }));
        Assert.Equal("90", result.Values["necessity"]);
    }

    [Fact]
    public void A_hand_off_is_signed_for_before_its_result_and_only_once()
    {
        var task = Task("receive,report", fileRequired: true, receiptFirst: true);
        Assert.Equal("not-received",
            Assert.Throws<ProblemException>(() => DecisionRules.ThrowIfOutOfOrder(task, Decisions.Report)).Type.Split('/')[^1]);
        DecisionRules.ThrowIfOutOfOrder(task, Decisions.Receive);
        task.ReceivedAt = DateTimeOffset.UnixEpoch;
        Assert.Equal("already-received",
            Assert.Throws<ProblemException>(() => DecisionRules.ThrowIfOutOfOrder(task, Decisions.Receive)).Type.Split('/')[^1]);
        DecisionRules.ThrowIfOutOfOrder(task, Decisions.Report);
    }
}
