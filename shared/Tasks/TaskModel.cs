using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Shared.Tasks;

/// <summary>
/// What a workflow asks of people: a task (待办事项) addressed to a role in an organisation (or to one person, such as a
/// drawn expert), the decisions allowed, the deadline with its calendar basis, reminders, and what the form asks for.
/// Planned by an activity; carries no personal data (it is in the workflow's history): holders are resolved when it opens.
/// </summary>
public sealed record TaskSpec
{
    public required string CaseId { get; init; }
    public required string TaskId { get; init; }
    /// <summary>The kind of step (county-review, expert-evaluation…), for code; <see cref="StepName"/> is what people read.</summary>
    public required string Step { get; init; }
    public required string StepName { get; init; }
    public required Assignee AssignedTo { get; init; }
    /// <summary>Told when the task is overdue or nobody holds it (督办), and may reassign it.</summary>
    public required Assignee Supervisor { get; init; }
    public required IReadOnlyList<string> Decisions { get; init; }
    public DateTimeOffset DueAt { get; init; }
    /// <summary>The calendar the deadline was counted on (<see cref="CalendarBasis.Code"/>).</summary>
    public string DueBasis { get; init; } = "";
    /// <summary>How the deadline was counted, so a calendar import can count it again; null for a fixed instant.</summary>
    public Period? DuePeriod { get; init; }
    public IReadOnlyList<int> RemindWorkingDaysBefore { get; init; } = [];
    /// <summary>Calendar days the deadline may be extended by, once (0: no extension).</summary>
    public int MaxExtensionDays { get; init; }
    public FollowUp? FollowUp { get; init; }
    public IReadOnlyList<TaskChoice>? Choices { get; init; }
    /// <summary>What the tick-boxes are, as the form heads them; null: matters withheld from publication (the disclosure).</summary>
    public string? ChoicesLabel { get; init; }
    /// <summary>Ticking an item needs the opinion to say why (a matter withheld); not so when the items are a choice (会签单位).</summary>
    public bool SelectedNeedsOpinion { get; init; } = true;
    public IReadOnlyList<TaskField>? Fields { get; init; }
    /// <summary>What the opinion box is for, when it is more than an opinion (the reply's text); null: the form says.</summary>
    public string? OpinionLabel { get; init; }
    /// <summary>The text the opinion box opens with (a draft the person edits); null: empty.</summary>
    public string? OpinionDraft { get; init; }
    /// <summary>A file must come with the final decision (an inspection record, a result).</summary>
    public bool FileRequired { get; init; }
    /// <summary>What that file is, as the form asks for it (an inspection record); null: the result of a follow-up.</summary>
    public string? FileLabel { get; init; }
    /// <summary>
    /// Set by the review step (version 1.2 on): its timer follows every move of the deadline, so a calendar import may move it.
    /// </summary>
    public bool DeadlineFollowsMoves { get; init; }

    [JsonIgnore]
    public Deadline Due
    {
        get => new(DueAt, CalendarBasis.Parse(DueBasis), DuePeriod);
        init { DueAt = value.At; DueBasis = value.Basis.Code; DuePeriod = value.Period; }
    }
}

/// <summary>
/// A task handed to someone who reports back rather than decides (移送 to another authority, a measure to implement):
/// optionally signed for first (签收), and escalated (督办) at its deadline while it stays open.
/// </summary>
public sealed record FollowUp(bool ReceiptFirst);

/// <summary>An item the person acting may tick on the form (e.g. a matter withheld from publication), with what it says.</summary>
public sealed record TaskChoice(string Key, string Label);

/// <summary>
/// A value the person acting fills in besides the opinion: a score from <paramref name="Min"/> to <paramref name="Max"/> when
/// Max is set, else a short text (a meeting reference), one of <paramref name="Options"/> when they are given, opening with
/// <paramref name="Initial"/>. Required for the decisions listed (all final decisions when null). A field that names a person
/// gives <paramref name="ChooseFrom"/>: its options are those who hold that role when the task opens (names stay out of the
/// workflow's history).
/// </summary>
public sealed record TaskField(string Key, string Label, int? Max = null, IReadOnlyList<string>? RequiredFor = null, int? Min = null,
    IReadOnlyList<TaskChoice>? Options = null, string? Initial = null, Assignee? ChooseFrom = null)
{
    [JsonIgnore]
    public bool IsNumber => Max is not null;

    public bool IsRequiredFor(string decision) => RequiredFor?.Contains(decision) ?? decision != Decisions.Receive;
}

/// <summary>The task's deadline moved (an extension by its holder, or a calendar import): the step waits until the new instant.</summary>
public sealed record DeadlineMoved(string TaskId, DateTimeOffset DueAt);

/// <summary>
/// A final decision on a task, as the workflow receives it. The opinion is free text that may name people, so it stays in
/// the task row and the timeline and never enters the workflow's history; activities read it from the task.
/// </summary>
public sealed record TaskDecision(string TaskId, string Decision, Actor DecidedBy, DateTimeOffset DecidedAt,
    IReadOnlyList<string>? Selected = null);

public static class TaskStates
{
    public const string Pending = "待办";
    public const string Done = "已办";
    public const string Overdue = "逾期";
    public const string Cancelled = "撤销";
}

/// <summary>The decisions a task can offer, with the words the form shows.</summary>
public static class Decisions
{
    public const string Approve = "approve";
    public const string Return = "return";
    public const string Reject = "reject";
    /// <summary>签收: the task was received; it stays open for the report.</summary>
    public const string Receive = "receive";
    /// <summary>报告办理结果: the result ends a follow-up task.</summary>
    public const string Report = "report";
    public const string Publish = "publish";
    public const string Recommend = "recommend";
    public const string NotRecommend = "not-recommend";
    /// <summary>回避: an expert steps aside (conflict of interest, unavailable) and the system draws a replacement.</summary>
    public const string Decline = "decline";
    /// <summary>An objection verified as affecting the selection (影响评定入选) or not.</summary>
    public const string Upheld = "upheld";
    public const string NotUpheld = "not-upheld";
    public const string Excellent = "excellent";
    public const string Qualified = "qualified";
    public const string Unqualified = "unqualified";
    /// <summary>会签: agreed, with remarks the opinion gives.</summary>
    public const string ApproveWithRemarks = "approve-with-remarks";
    /// <summary>会签 or a leader's decision: not agreed, for the reasons the opinion gives.</summary>
    public const string Disagree = "disagree";
    /// <summary>核稿印发: the drafted document (its text in the opinion) is issued.</summary>
    public const string Issue = "issue";
    /// <summary>登记拟办: a request received is registered and who handles it is proposed (the fields and ticks say whom).</summary>
    public const string Register = "register";

    /// <summary>Decisions that must say why: the opinion is required with them.</summary>
    public static bool NeedsOpinion(string code) =>
        code is Return or Reject or Report or Recommend or NotRecommend or Decline or Upheld or NotUpheld or Unqualified
            or ApproveWithRemarks or Disagree or Issue;

    public static string Label(string code) => code switch
    {
        Approve => "同意",
        Return => "退回修改",
        Reject => "不予同意",
        Receive => "签收",
        Report => "报告办理结果",
        Publish => "同意公开",
        Recommend => "推荐",
        NotRecommend => "不予推荐",
        Decline => "回避（由系统另行抽取专家）",
        Upheld => "异议成立（影响评定入选）",
        NotUpheld => "异议不成立（不影响评定入选）",
        Excellent => "优秀",
        Qualified => "合格",
        Unqualified => "不合格",
        ApproveWithRemarks => "原则同意（附修改意见）",
        Disagree => "不同意",
        Issue => "核稿印发",
        Register => "登记并拟办",
        _ => code,
    };
}

/// <summary>Someone holding a task, and the hash of the link mailed to them (the token itself is never stored).</summary>
public sealed record TaskHolder(string PersonId, string Name, string? OnBehalfOfId, string? OnBehalfOfName, string LinkHash)
{
    public string Signature => new Holder(PersonId, Name, OnBehalfOfId, OnBehalfOfName).Signature;
}

/// <summary>One task in one step; lives in the case partition next to the timeline.</summary>
public sealed class TaskEntity : TableRow
{
    public string TaskId { get; set; } = "";
    public string Step { get; set; } = "";
    public string StepName { get; set; } = "";
    /// <summary>The role in an organisation the task is addressed to (or one person), and how people read it.</summary>
    public string AssigneeOrganisation { get; set; } = "";
    public string AssigneeRole { get; set; } = "";
    public string? AssigneePersonId { get; set; }
    public string AssigneeName { get; set; } = "";
    /// <summary>Who holds it now, as JSON [<see cref="TaskHolder"/>]; empty when nobody holds the role (the supervisor was told).</summary>
    public string HoldersJson { get; set; } = "[]";
    public string SupervisorOrganisation { get; set; } = "";
    public string SupervisorRole { get; set; } = "";
    public string AllowedDecisions { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }
    public string DueBasis { get; set; } = "";
    public string? DuePeriodJson { get; set; }
    /// <summary>Whether the waiting workflow follows a move of the deadline (a calendar recount may then move it).</summary>
    public bool DeadlineFollowsMoves { get; set; }
    public string State { get; set; } = TaskStates.Pending;
    public string? Decision { get; set; }
    public string? Opinion { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedById { get; set; }
    public string? DecidedByName { get; set; }
    public int MaxExtensionDays { get; set; }
    public int ExtendedByDays { get; set; }
    /// <summary>Working days before the deadline on which the holders are reminded, separated by commas.</summary>
    public string RemindWorkingDaysBefore { get; set; } = "";
    /// <summary>A follow-up task: signed for first (签收) when <see cref="ReceiptFirst"/>, open past its deadline.</summary>
    public bool IsFollowUp { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public bool ReceiptFirst { get; set; }
    public bool FileRequired { get; set; }
    public string? FileLabel { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
    public string? ReceivedByName { get; set; }
    /// <summary>When the supervisor was told the follow-up task is overdue (督办); the task stays open.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }
    /// <summary>The items that may be ticked, as JSON [{key, label}], and those that were, separated by commas.</summary>
    public string? ChoicesJson { get; set; }
    public string? ChoicesLabel { get; set; }
    public bool SelectedNeedsOpinion { get; set; } = true;
    public string? Selected { get; set; }
    public string? OpinionLabel { get; set; }
    public string? OpinionDraft { get; set; }
    public string? ResultAttachmentId { get; set; }
    public string? ResultFileName { get; set; }
    /// <summary>The fields to fill in, as JSON [<see cref="TaskField"/>], and what was filled in, as a JSON object.</summary>
    public string? FieldsJson { get; set; }
    public string? ValuesJson { get; set; }

    [IgnoreDataMember]
    public IReadOnlyList<TaskHolder> Holders
    {
        get => JsonSerializer.Deserialize<List<TaskHolder>>(HoldersJson, Json.Options)!;
        set => HoldersJson = JsonSerializer.Serialize(value, Json.Options);
    }

    [IgnoreDataMember]
    public Assignee Assignee => new(AssigneeOrganisation, AssigneeRole, AssigneePersonId);

    [IgnoreDataMember]
    public Assignee Supervisor => new(SupervisorOrganisation, SupervisorRole);

    [IgnoreDataMember]
    public Deadline Due
    {
        get => new(DueAt, CalendarBasis.Parse(DueBasis),
            DuePeriodJson is null ? null : JsonSerializer.Deserialize<Period>(DuePeriodJson, Json.Options));
        set
        {
            DueAt = value.At;
            DueBasis = value.Basis.Code;
            DuePeriodJson = value.Period is null ? null : JsonSerializer.Serialize(value.Period, Json.Options);
        }
    }

    [IgnoreDataMember]
    public IReadOnlyList<TaskField> Fields =>
        FieldsJson is null ? [] : JsonSerializer.Deserialize<List<TaskField>>(FieldsJson, Json.Options)!;

    [IgnoreDataMember]
    public IReadOnlyDictionary<string, string> Values => ValuesJson is null ? new Dictionary<string, string>()
        : JsonSerializer.Deserialize<Dictionary<string, string>>(ValuesJson, Json.Options)!;

    [IgnoreDataMember]
    public IReadOnlyList<int> RemindDays =>
        RemindWorkingDaysBefore.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();

    [IgnoreDataMember]
    public bool CanExtend => IsOpen && MaxExtensionDays > 0 && ExtendedByDays == 0;

    [IgnoreDataMember]
    public IReadOnlyList<string> Allowed => AllowedDecisions.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>What the form offers now: only 签收 until a receipt-first task is received, then everything else.</summary>
    [IgnoreDataMember]
    public IReadOnlyList<string> AvailableNow => ReceiptFirst && ReceivedAt is null
        ? [Decisions.Receive]
        : Allowed.Where(d => d != Decisions.Receive).ToList();

    [IgnoreDataMember]
    public IReadOnlyList<TaskChoice> Choices =>
        ChoicesJson is null ? [] : JsonSerializer.Deserialize<List<TaskChoice>>(ChoicesJson, Json.Options)!;

    [IgnoreDataMember]
    public IReadOnlyList<string> SelectedKeys => (Selected ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);

    [IgnoreDataMember]
    public bool IsOpen => State is TaskStates.Pending;

    /// <summary>Who holds it, as people read it: the holders' names, or the organisation while nobody holds it.</summary>
    [IgnoreDataMember]
    public string HolderNames => Holders.Count == 0 ? AssigneeName : string.Join("、", Holders.Select(h => h.Signature));

    [IgnoreDataMember]
    public TaskDecision? RecordedDecision => Decision is null ? null
        : new TaskDecision(TaskId, Decision, new Actor(DecidedById ?? "", DecidedByName ?? "", AssigneeRole, AssigneeOrganisation),
            DecidedAt!.Value, SelectedKeys.Count == 0 ? null : SelectedKeys);
}

/// <summary>A link token, by the hash of the token: the task it opens and the holder it was mailed to.</summary>
public sealed class TaskLinkEntity : TableRow
{
    public string CaseId { get; set; } = "";
    public string TaskId { get; set; } = "";
    public string PersonId { get; set; } = "";
}

/// <summary>A reminder due on a Beijing date (partition yyyyMMdd of table Deadlines), read by the morning sweep.</summary>
public sealed class ReminderEntity : TableRow
{
    public string CaseId { get; set; } = "";
    public string TaskId { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }

    public static string PartitionOf(DateOnly day) => day.ToString("yyyyMMdd");
}

/// <summary>
/// An organisation's open tasks (partition: the organisation the task is addressed to; row: case and task), for 我的待办.
/// Kept in step with the task row; the task row stays the truth.
/// </summary>
public sealed class InboxEntity : TableRow
{
    public string CaseId { get; set; } = "";
    public string TaskId { get; set; } = "";
    public string CaseTitle { get; set; } = "";
    public string StepName { get; set; } = "";
    /// <summary>The holders' person ids, separated by commas: each sees the task in 我的待办.</summary>
    public string HolderIds { get; set; } = "";
    public string HolderNames { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }
    public string DueBasis { get; set; } = "";
    public DateTimeOffset? ReceivedAt { get; set; }
    public DateTimeOffset? EscalatedAt { get; set; }

    public static string RowKeyOf(string caseId, string taskId) => $"{caseId}_{taskId}";

    public bool IsHeldBy(string personId) => HolderIds.Split(',').Contains(personId);
}

/// <summary>Reading a case's tasks by id.</summary>
public static class TaskRows
{
    public static Task<TaskEntity?> FindTaskAsync(this CaseJournal journal, CaseId caseId, string taskId, CancellationToken ct = default) =>
        journal.FindRowAsync<TaskEntity>(caseId, RowKeys.Task(taskId), ct);

    /// <summary>The task a step was decided through; a workflow only names tasks it opened, so a missing one is a defect.</summary>
    public static async Task<TaskEntity> DecidedTaskAsync(this CaseJournal journal, CaseId caseId, string taskId,
        CancellationToken ct = default) =>
        await journal.FindTaskAsync(caseId, taskId, ct)
            ?? throw new InvalidOperationException($"Task {taskId} of case {caseId} does not exist.");
}
