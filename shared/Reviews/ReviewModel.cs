using System.Runtime.Serialization;
using Azure.Data.Tables;
using LinfenFlows.Shared.Cases;

using LinfenFlows.Shared.Storage;

namespace LinfenFlows.Shared.Reviews;

/// <summary>What a workflow asks of one reviewer: the decisions allowed and the deadline (an instant, computed by an activity).</summary>
public sealed record ReviewSpec(
    string CaseId,
    string TaskId,
    string Step,
    string StepName,
    Recipient Reviewer,
    Recipient Supervisor,
    IReadOnlyList<string> Decisions,
    DateTimeOffset DueAt,
    IReadOnlyList<int> RemindWorkingDaysBefore,
    int MaxExtensionDays = 0,
    FollowUp? FollowUp = null,
    IReadOnlyList<ReviewChoice>? Choices = null,
    IReadOnlyList<ReviewField>? Fields = null,
    bool FileRequired = false);

/// <summary>
/// A task handed to someone who reports back rather than decides (移送 to another authority, a measure to implement):
/// optionally signed for first (签收), reported with a file, and escalated (督办) at its deadline while its link stays open.
/// </summary>
public sealed record FollowUp(bool ReceiptFirst, bool FileRequired);

/// <summary>An item the person acting may tick on the form (e.g. a matter withheld from publication), with what it says.</summary>
public sealed record ReviewChoice(string Key, string Label);

/// <summary>
/// A value the person acting fills in besides the opinion: a score from 0 to <paramref name="Max"/> when Max is set, else a
/// short text (a meeting reference, a number of people). Required for the decisions listed (all final decisions when null).
/// </summary>
public sealed record ReviewField(string Key, string Label, int? Max = null, IReadOnlyList<string>? RequiredFor = null, int? Min = null)
{
    public bool IsNumber => Max is not null;
    public bool IsRequiredFor(string decision) => RequiredFor?.Contains(decision) ?? decision != Decisions.Receive;
}

/// <summary>The reviewer extended the task's deadline (once): the step waits until the new instant.</summary>
public sealed record ReviewExtension(string TaskId, DateTimeOffset DueAt);

/// <summary>
/// A decision taken through a link, as the review step receives it. The opinion is free text that may name people, so it
/// stays in the task row and the timeline and never enters the workflow's history; activities read it from the task.
/// </summary>
public sealed record ReviewDecision(string TaskId, string Decision, Actor DecidedBy, DateTimeOffset DecidedAt, IReadOnlyList<string>? Selected = null)
{
    /// <summary>Whether this ends the task (a receipt, 签收, does not).</summary>
    public bool IsFinal => Decision != Decisions.Receive;
}

public static class ReviewStates
{
    public const string Pending = "待办";
    public const string Done = "已办";
    public const string Overdue = "逾期";
    public const string Cancelled = "撤销";
}

/// <summary>The decisions a reviewer can take, with the words the form shows.</summary>
public static class Decisions
{
    public const string Approve = "approve";
    public const string Return = "return";
    public const string Reject = "reject";
    /// <summary>签收: the task was received; it stays open for the report.</summary>
    public const string Receive = "receive";
    /// <summary>报告办理结果: the result, with a file, ends a follow-up task.</summary>
    public const string Report = "report";
    public const string Publish = "publish";
    public const string Recommend = "recommend";
    public const string NotRecommend = "not-recommend";
    /// <summary>回避: an expert steps aside (conflict of interest, unavailable) and is replaced.</summary>
    public const string Decline = "decline";
    /// <summary>An objection verified as affecting the selection (影响评定入选) or not.</summary>
    public const string Upheld = "upheld";
    public const string NotUpheld = "not-upheld";
    public const string Excellent = "excellent";
    public const string Qualified = "qualified";
    public const string Unqualified = "unqualified";

    /// <summary>Decisions that must say why: the opinion is required with them.</summary>
    public static bool NeedsOpinion(string code) =>
        code is Return or Reject or Report or Recommend or NotRecommend or Decline or Upheld or NotUpheld or Unqualified;

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
        Decline => "回避（请另选专家）",
        Upheld => "异议成立（影响评定入选）",
        NotUpheld => "异议不成立（不影响评定入选）",
        Excellent => "优秀",
        Qualified => "合格",
        Unqualified => "不合格",
        _ => code,
    };
}

/// <summary>One reviewer's task in one step; lives in the case partition next to the timeline.</summary>
public sealed class ReviewTaskEntity : TableRow
{
    public string TaskId { get; set; } = "";
    public string Step { get; set; } = "";
    public string StepName { get; set; } = "";
    public string ReviewerId { get; set; } = "";
    public string ReviewerName { get; set; } = "";
    public string ReviewerOrganisation { get; set; } = "";
    public string SupervisorId { get; set; } = "";
    public string SupervisorName { get; set; } = "";
    public string SupervisorOrganisation { get; set; } = "";
    public string AllowedDecisions { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }
    public string State { get; set; } = ReviewStates.Pending;
    public string TokenHash { get; set; } = "";
    public string? Decision { get; set; }
    public string? Opinion { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedById { get; set; }
    public string? DecidedByName { get; set; }
    /// <summary>How many calendar days the reviewer may extend the deadline by, once (0: no extension).</summary>
    public int MaxExtensionDays { get; set; }
    public int ExtendedByDays { get; set; }
    /// <summary>Working days before the deadline on which the reviewer is reminded, separated by commas.</summary>
    public string RemindWorkingDaysBefore { get; set; } = "";
    /// <summary>A follow-up task: signed for first (签收) when <see cref="ReceiptFirst"/>, reported with a file, open past its deadline.</summary>
    public bool IsFollowUp { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public bool ReceiptFirst { get; set; }
    public bool FileRequired { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
    /// <summary>When the supervisor was told the follow-up task is overdue (督办); the task stays open.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }
    /// <summary>The items that may be ticked, as JSON [{key, label}], and those that were, separated by commas.</summary>
    public string? ChoicesJson { get; set; }
    public string? Selected { get; set; }
    public string? ResultAttachmentId { get; set; }
    public string? ResultFileName { get; set; }
    /// <summary>The fields to fill in, as JSON [<see cref="ReviewField"/>], and what was filled in, as a JSON object.</summary>
    public string? FieldsJson { get; set; }
    public string? ValuesJson { get; set; }
    [IgnoreDataMember]
    public IReadOnlyList<ReviewField> Fields => FieldsJson is null ? [] : System.Text.Json.JsonSerializer.Deserialize<List<ReviewField>>(FieldsJson, Json.Options)!;
    [IgnoreDataMember]
    public IReadOnlyDictionary<string, string> Values => ValuesJson is null ? new Dictionary<string, string>()
        : System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(ValuesJson, Json.Options)!;
    [IgnoreDataMember]
    public IReadOnlyList<int> RemindDays => RemindWorkingDaysBefore.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
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
    public IReadOnlyList<ReviewChoice> Choices => ChoicesJson is null ? [] : System.Text.Json.JsonSerializer.Deserialize<List<ReviewChoice>>(ChoicesJson, Json.Options)!;
    [IgnoreDataMember]
    public IReadOnlyList<string> SelectedKeys => (Selected ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
    [IgnoreDataMember]
    public Recipient Reviewer => new(ReviewerId, ReviewerName, ReviewerOrganisation);
    [IgnoreDataMember]
    public Recipient Supervisor => new(SupervisorId, SupervisorName, SupervisorOrganisation);
    [IgnoreDataMember]
    public bool IsOpen => State is ReviewStates.Pending;

    [IgnoreDataMember]
    public ReviewDecision? RecordedDecision => Decision is null ? null
        : new ReviewDecision(TaskId, Decision, new Actor(DecidedById ?? ReviewerId, DecidedByName ?? ReviewerName, "reviewer", ReviewerOrganisation), DecidedAt!.Value,
            SelectedKeys.Count == 0 ? null : SelectedKeys);
}

/// <summary>A link token, by the hash of the token (the token itself is never stored).</summary>
public sealed class ReviewLinkEntity : TableRow
{
    public string CaseId { get; set; } = "";
    public string TaskId { get; set; } = "";
}

/// <summary>A reminder due on a Beijing date (partition yyyyMMdd), read by the morning sweep.</summary>
public sealed class DeadlineEntity : TableRow
{
    public string CaseId { get; set; } = "";
    public string TaskId { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }

    public static string PartitionOf(DateOnly day) => day.ToString("yyyyMMdd");
}

/// <summary>
/// An organisation's open tasks (partition: the reviewer's organisation; row: case and task), for the staff inbox page.
/// Kept in step with the task row by the review service; the task row stays the truth.
/// </summary>
public sealed class InboxEntity : TableRow
{
    public string CaseId { get; set; } = "";
    public string TaskId { get; set; } = "";
    public string CaseTitle { get; set; } = "";
    public string StepName { get; set; } = "";
    public string ReviewerName { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
    public DateTimeOffset? EscalatedAt { get; set; }

    public static string RowKeyOf(string caseId, string taskId) => $"{caseId}_{taskId}";
}

/// <summary>Reading a case's review tasks by id.</summary>
public static class ReviewTasks
{
    public static Task<ReviewTaskEntity?> FindTaskAsync(this CaseJournal journal, CaseId caseId, string taskId, CancellationToken ct = default) =>
        journal.FindRowAsync<ReviewTaskEntity>(caseId, RowKeys.Task(taskId), ct);

    /// <summary>The task a step was decided through; a workflow only names tasks it opened, so a missing one is a defect.</summary>
    public static async Task<ReviewTaskEntity> DecidedTaskAsync(this CaseJournal journal, CaseId caseId, string taskId, CancellationToken ct = default) =>
        await journal.FindTaskAsync(caseId, taskId, ct) ?? throw new InvalidOperationException($"Task {taskId} of case {caseId} does not exist.");
}
