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
    int MaxExtensionDays = 0);

/// <summary>The reviewer extended the task's deadline (once): the step waits until the new instant.</summary>
public sealed record ReviewExtension(string TaskId, DateTimeOffset DueAt);

/// <summary>
/// A decision taken through a link, as the review step receives it. The opinion is free text that may name people, so it
/// stays in the task row and the timeline and never enters the workflow's history; activities read it from the task.
/// </summary>
public sealed record ReviewDecision(string TaskId, string Decision, Actor DecidedBy, DateTimeOffset DecidedAt);

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

    public static string Label(string code) => code switch
    {
        Approve => "同意",
        Return => "退回修改",
        Reject => "不予同意",
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
    [IgnoreDataMember]
    public IReadOnlyList<int> RemindDays => RemindWorkingDaysBefore.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
    [IgnoreDataMember]
    public bool CanExtend => IsOpen && MaxExtensionDays > 0 && ExtendedByDays == 0;

    [IgnoreDataMember]
    public IReadOnlyList<string> Allowed => AllowedDecisions.Split(',', StringSplitOptions.RemoveEmptyEntries);
    [IgnoreDataMember]
    public Recipient Reviewer => new(ReviewerId, ReviewerName, ReviewerOrganisation);
    [IgnoreDataMember]
    public Recipient Supervisor => new(SupervisorId, SupervisorName, SupervisorOrganisation);
    [IgnoreDataMember]
    public bool IsOpen => State is ReviewStates.Pending;

    [IgnoreDataMember]
    public ReviewDecision? RecordedDecision => Decision is null ? null
        : new ReviewDecision(TaskId, Decision, new Actor(DecidedById ?? ReviewerId, DecidedByName ?? ReviewerName, "reviewer", ReviewerOrganisation), DecidedAt!.Value);
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
