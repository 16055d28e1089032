using System.Runtime.Serialization;
using Azure.Data.Tables;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;

namespace LinfenFlows.Shared.Cases;

/// <summary>Who did something: a person of an organisation acting in a role, or LinfenFlows itself.</summary>
public sealed record Actor(string Id, string Name, string Role, string Organisation)
{
    public const string SystemName = "临汾市政务流程平台";

    /// <summary>LinfenFlows itself (deadlines, documents, reminders): the platform, named as people read it.</summary>
    public static readonly Actor System = new("system", SystemName, "system", "system");
}

/// <summary>
/// A person a notification is for, by id: the directory gives their mail address and mobile number when they are sent.
/// Someone outside the directory (a vet known from the roster) may come with a mobile number of their own.
/// </summary>
public sealed record Recipient(string Id, string Name, string Organisation, string? Mobile = null);

/// <summary>Whom a notification is for: a person, or whoever holds a role in an organisation when it is sent.</summary>
public sealed record Addressee(Recipient? Person = null, Assignee? Role = null)
{
    public static implicit operator Addressee(Recipient person) => new(Person: person);
    public static implicit operator Addressee(Assignee role) => new(Role: role);
}

/// <summary>What a step adds to the timeline.</summary>
public sealed record CaseEventDraft(string Action, string Label, Actor Actor, DateTimeOffset At, string? Opinion = null,
    IReadOnlyList<string>? Attachments = null);

/// <summary>A notification written with the state change that causes it (transactional outbox).</summary>
public sealed record Notification(string Id, Addressee To, string Subject, string Body, string? Link = null);

public static class CaseStatus
{
    public const string InProgress = "办理中";
    public const string Returned = "退回修改";
    /// <summary>Decided; what the decision requires is being carried out (e.g. an accident reply's hand-offs and measures).</summary>
    public const string Implementing = "落实中";
    public const string Completed = "已办结";
    public const string Withdrawn = "已撤回";
    /// <summary>Ended by an operator (with the reason in the timeline); its open tasks were cancelled.</summary>
    public const string Terminated = "已终止";

    public static readonly IReadOnlyList<string> All = [InProgress, Returned, Implementing, Completed, Withdrawn, Terminated];
    public static bool IsOpen(string status) => status is InProgress or Returned or Implementing;
}

/// <summary>The case row (办件): one per workflow instance, row key <see cref="RowKeys.Case"/>.</summary>
public sealed class CaseEntity : TableRow
{
    public CaseEntity() => RowKey = RowKeys.Case;

    public string Kind { get; set; } = "";
    public string Title { get; set; } = "";
    public string ApplicantOrganisation { get; set; } = "";
    public string County { get; set; } = "";
    public string Status { get; set; } = CaseStatus.InProgress;
    /// <summary>异常: why a step of the workflow failed and waits for an operator's retry (null while all is well).</summary>
    public string? Fault { get; set; }
    /// <summary>暂停: why an operator suspended the case (null while it runs): its tasks wait, and pages say so.</summary>
    public string? Suspension { get; set; }
    public string Step { get; set; } = "";
    /// <summary>Who holds the case now (organisation name), for people following it.</summary>
    public string Holder { get; set; } = "";
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Organisations that may read the case, separated by commas.</summary>
    public string Parties { get; set; } = "";
    /// <summary>The process's own data (e.g. the accident request) as JSON, for pages and documents.</summary>
    public string DetailsJson { get; set; } = "{}";
    public string? DocumentNumber { get; set; }
    /// <summary>The official document (公文) issued in the case: the PDF that is stored and sent, and its HTML view for pages.</summary>
    public string? DocumentAttachmentId { get; set; }
    public string? DocumentViewAttachmentId { get; set; }
    public int LastSeq { get; set; }
    public string LastHash { get; set; } = "";
    /// <summary>
    /// A step's notifications could not all be sent after it was written (the transport failed): the next step sends every
    /// unsent one of the case, and clears this in its own batch.
    /// </summary>
    public bool OutboxUnsent { get; set; }

    [IgnoreDataMember]
    public CaseId Id => new(PartitionKey);
    [IgnoreDataMember]
    public IEnumerable<string> PartyList => Parties.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Lets an organisation read the case (e.g. an authority a matter was handed to).</summary>
    public void AddParty(string organisation)
    {
        if (!PartyList.Contains(organisation)) Parties = string.Join(',', PartyList.Append(organisation));
    }
}

/// <summary>One timeline entry (append-only, hash-chained to the one before it).</summary>
public sealed class CaseEventEntity : TableRow
{
    public int Seq { get; set; }
    public string Key { get; set; } = "";
    public string Action { get; set; } = "";
    public string Label { get; set; } = "";
    public string ActorId { get; set; } = "";
    public string ActorName { get; set; } = "";
    public string ActorRole { get; set; } = "";
    public string ActorOrganisation { get; set; } = "";
    public string? Opinion { get; set; }
    public string Attachments { get; set; } = "";
    public DateTimeOffset At { get; set; }
    public string PreviousHash { get; set; } = "";
    public string Hash { get; set; } = "";
}

/// <summary>A notification waiting in (or sent from) the case's outbox.</summary>
public sealed class OutboxEntity : TableRow
{
    public string RecipientId { get; set; } = "";
    public string RecipientName { get; set; } = "";
    public string RecipientOrganisation { get; set; } = "";
    /// <summary>The channels the directory gave when the step was written (personal data: never logged).</summary>
    public string? RecipientMail { get; set; }
    public string? RecipientMobile { get; set; }
    /// <summary>Why nobody could be sent it (nobody holds the role, no channel): kept for the operators, not dispatched.</summary>
    public string? Undeliverable { get; set; }
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public bool Sent { get; set; }
    public DateTimeOffset? SentAt { get; set; }

    [IgnoreDataMember]
    public string NotificationId => RowKey[RowKeys.OutboxPrefix.Length..];
}

/// <summary>Row keys inside a case partition; prefixes keep each kind in its own key range.</summary>
public static class RowKeys
{
    public const string Case = "case";
    public const string EventPrefix = "event-";
    public const string KeyPrefix = "key-";
    public const string TaskPrefix = "task-";
    public const string OutboxPrefix = "outbox-";
    public const string ClaimPrefix = "claim-";

    public static string Event(int seq) => $"{EventPrefix}{seq:D6}";
    public static string Key(string key) => KeyPrefix + key;
    public static string Task(string taskId) => TaskPrefix + taskId;
    public static string Outbox(string notificationId) => OutboxPrefix + notificationId;
    public static string Claim(string name) => ClaimPrefix + name;

    /// <summary>The OData filter for every row of one kind in one case partition.</summary>
    public static string RangeFilter(CaseId caseId, string prefix) =>
        TableClient.CreateQueryFilter(
            $"PartitionKey eq {caseId.Value} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + (char)(prefix[^1] + 1)}");
}

/// <summary>A case id: also the orchestration instance id. Letters, digits and dashes only (safe in table keys and URLs).</summary>
public readonly record struct CaseId(string Value)
{
    public override string ToString() => Value;

    /// <summary>The case id in a route; a malformed one is reported as a case that does not exist.</summary>
    public static CaseId Parse(string? value) => IsWellFormed(value) ? new CaseId(value!) : throw Problem.NotFound("办件", "Case");

    public static bool IsWellFormed(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
