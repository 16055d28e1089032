using System.Runtime.Serialization;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Storage;

namespace LinfenFlows.Shared.People;

/// <summary>An expert of the pool: the field they judge, and where they work and live (for 回避 by rule).</summary>
public sealed record Expertise(string Field, string? Employer, string? County);

/// <summary>
/// A person of the directory: the Entra object id in Azure (a development id locally), the organisation and roles they
/// hold, and how to reach them. Contact channels are personal data: they stay in the directory and the outbox, never in a
/// workflow's history or a log line.
/// </summary>
public sealed record Person(string Id, string Name, string Organisation, IReadOnlySet<string> Roles, string? Mail = null,
    string? Mobile = null, string? VetId = null, Expertise? Expertise = null, bool Active = true)
{
    public bool Holds(string role) => Active && Roles.Contains(role);
}

/// <summary>
/// A task or notification addressed to a role in an organisation (市人民政府 / 审批), resolved from the directory when it is
/// sent; or, with <paramref name="PersonId"/>, to one person acting in that role (an expert drawn for a panel).
/// </summary>
public sealed record Assignee(string Organisation, string Role, string? PersonId = null)
{
    public override string ToString() => $"{Organisations.NameOf(Organisation)}/{Identity.Roles.Label(Role)}";
}

/// <summary>Someone who holds a task: the person, and whom they act for when a role was delegated to them (代 X 办理).</summary>
public sealed record Holder(string PersonId, string Name, string? OnBehalfOfId = null, string? OnBehalfOfName = null)
{
    /// <summary>How the person is named where they acted: 李四（代张三办理）.</summary>
    public string Signature => OnBehalfOfName is null ? Name : $"{Name}（代{OnBehalfOfName}办理）";
}

/// <summary>
/// Who holds a role in an organisation on a day: its holders (delegates in place of those who delegated), or, when nobody
/// holds it, the organisation's 经办 (<see cref="FellBack"/>); empty when the organisation has nobody at all.
/// </summary>
public sealed record Assignment(Assignee To, string OrganisationName, IReadOnlyList<Holder> Holders, bool FellBack)
{
    public bool Nobody => Holders.Count == 0;
}

/// <summary>The directory's row of a person (partition <see cref="Partition"/>, row: the person's id): the sign-in mapping.</summary>
public sealed class PersonEntity : TableRow
{
    public const string Partition = "person";

    public string Name { get; set; } = "";
    public string Organisation { get; set; } = "";
    /// <summary>Role codes separated by commas.</summary>
    public string Roles { get; set; } = "";
    public string? Mail { get; set; }
    public string? Mobile { get; set; }
    public string? VetId { get; set; }
    public string? ExpertField { get; set; }
    public string? ExpertEmployer { get; set; }
    public string? ExpertCounty { get; set; }
    public bool Active { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Each organisation's people in a partition of their own, so a role resolves with one partition read.</summary>
    public static string MembersOf(string organisation) => $"member|{organisation}";

    [IgnoreDataMember]
    public Person Person => new(RowKey, Name, Organisation, Roles.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(),
        Mail, Mobile, VetId, ExpertField is null ? null : new Expertise(ExpertField, ExpertEmployer, ExpertCounty), Active);

    public static PersonEntity Of(Person p, string partition, DateTimeOffset at) => new()
    {
        PartitionKey = partition, RowKey = p.Id, Name = p.Name, Organisation = p.Organisation, Roles = string.Join(',', p.Roles.Order()),
        Mail = p.Mail, Mobile = p.Mobile, VetId = p.VetId, ExpertField = p.Expertise?.Field, ExpertEmployer = p.Expertise?.Employer,
        ExpertCounty = p.Expertise?.County, Active = p.Active, UpdatedAt = at,
    };
}

/// <summary>
/// An outside unit (partition <see cref="Partition"/>): created when a case first names it, claimed when its people are registered.
/// </summary>
public sealed class UnitEntity : TableRow
{
    public const string Partition = "unit";

    public string Name { get; set; } = "";
    public string? County { get; set; }
    public string? CreditCode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The case that first named the unit.</summary>
    public string? FirstNamedIn { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }

    [IgnoreDataMember]
    public Organisation Organisation => new(RowKey, Name, OrganisationKinds.Unit, County: County, CreditCode: CreditCode);
}

/// <summary>
/// A role one person hands to a colleague of the same organisation for a period (leave, a business trip): tasks opened
/// in it go to the delegate, who acts 代 the person. Partition: <c>delegation|{organisation}</c>.
/// </summary>
public sealed class DelegationEntity : TableRow
{
    public string PersonId { get; set; } = "";
    public string PersonName { get; set; } = "";
    public string Role { get; set; } = "";
    public string DelegateId { get; set; } = "";
    public string DelegateName { get; set; } = "";
    /// <summary>First and last Beijing day of the delegation, inclusive.</summary>
    public DateTimeOffset From { get; set; }
    public DateTimeOffset To { get; set; }
    public string Reason { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public static string PartitionOf(string organisation) => $"delegation|{organisation}";

    public bool Covers(DateOnly day) => RevokedAt is null && day >= Time.BeijingTime.DateOf(From) && day <= Time.BeijingTime.DateOf(To);
}

/// <summary>One recorded change of the directory (partition: the Beijing month, newest first): who changed what, when.</summary>
public sealed class DirectoryChangeEntity : TableRow
{
    public string Action { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Summary { get; set; } = "";
    public string ActorId { get; set; } = "";
    public string ActorName { get; set; } = "";
    public DateTimeOffset At { get; set; }
}
