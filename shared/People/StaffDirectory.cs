using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Shared.People;

/// <summary>
/// The staff directory (Table Storage): who works where in which roles, the outside units cases name, and delegations.
/// Reads are point reads or one partition: a person by id (sign-in), an organisation's members (a role's holders).
/// </summary>
public sealed class StaffDirectory(StorageAccount storage, TimeProvider clock)
{
    private readonly TableClient table = storage.Table(StorageNames.People);

    public async Task<Person?> FindAsync(string? personId, CancellationToken ct = default)
    {
        if (!IsWellFormedId(personId)) return null;
        var row = await table.GetEntityIfExistsAsync<PersonEntity>(PersonEntity.Partition, personId!, cancellationToken: ct);
        return row.HasValue ? row.Value!.Person : null;
    }

    /// <summary>Everyone in the directory (the local mailbox page offers a principal for each).</summary>
    public async Task<IReadOnlyList<Person>> PeopleAsync(CancellationToken ct = default)
    {
        var list = new List<Person>();
        await foreach (var row in table.QueryAsync<PersonEntity>(r => r.PartitionKey == PersonEntity.Partition, cancellationToken: ct))
            list.Add(row.Person);
        return list;
    }

    /// <summary>The organisation's people (active or not), by name.</summary>
    public async Task<IReadOnlyList<Person>> MembersAsync(string organisation, CancellationToken ct = default)
    {
        var list = new List<Person>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PersonEntity.MembersOf(organisation)}");
        await foreach (var row in table.QueryAsync<PersonEntity>(filter, cancellationToken: ct)) list.Add(row.Person);
        return list.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Who holds the role today (Beijing): each active holder, or their delegate for a delegation covering today; when
    /// nobody holds it, the organisation's 经办; when the organisation has nobody either, no one.
    /// </summary>
    public async Task<Assignment> AssignAsync(Assignee to, CancellationToken ct = default)
    {
        var today = BeijingTime.DateOf(clock.GetUtcNow());
        if (to.PersonId is not null)
        {
            var one = await FindAsync(to.PersonId, ct);
            return new Assignment(to, one?.Name ?? to.PersonId, one is { Active: true } ? [new Holder(one.Id, one.Name)] : [], false);
        }
        var members = (await MembersAsync(to.Organisation, ct)).Where(p => p.Active).ToList();
        var name = await NameOfAsync(to.Organisation, ct);
        var holders = members.Where(p => p.Holds(to.Role)).ToList();
        var fellBack = holders.Count == 0 && to.Role != Roles.Applicant;
        if (fellBack) holders = members.Where(p => p.Holds(Roles.Applicant)).ToList();
        var delegations = holders.Count == 0 ? [] : await DelegationsAsync(to.Organisation, ct);
        var byId = members.ToDictionary(m => m.Id);
        var resolved = new List<Holder>();
        foreach (var p in holders)
        {
            var delegation = delegations.FirstOrDefault(d => d.PersonId == p.Id && d.Role == (fellBack ? Roles.Applicant : to.Role)
                && d.Covers(today) && byId.TryGetValue(d.DelegateId, out var delegate_) && delegate_.Active);
            resolved.Add(delegation is null ? new Holder(p.Id, p.Name)
                : new Holder(delegation.DelegateId, delegation.DelegateName, p.Id, p.Name));
        }
        // Two people delegating to the same colleague leave that colleague one holder's place, acting for the first.
        return new Assignment(to, name, resolved.DistinctBy(h => h.PersonId).ToList(), fellBack);
    }

    public async Task<IReadOnlyList<DelegationEntity>> DelegationsAsync(string organisation, CancellationToken ct = default)
    {
        var list = new List<DelegationEntity>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {DelegationEntity.PartitionOf(organisation)}");
        await foreach (var row in table.QueryAsync<DelegationEntity>(filter, cancellationToken: ct)) list.Add(row);
        return list;
    }

    /// <summary>A built-in body or an outside unit the directory knows.</summary>
    public async Task<Organisation?> OrganisationAsync(string? id, CancellationToken ct = default)
    {
        if (Organisations.Find(id) is { } builtIn) return builtIn;
        if (!IsWellFormedId(id)) return null;
        var row = await table.GetEntityIfExistsAsync<UnitEntity>(UnitEntity.Partition, id!, cancellationToken: ct);
        return row.HasValue ? row.Value!.Organisation : null;
    }

    public async Task<string> NameOfAsync(string organisation, CancellationToken ct = default) =>
        (await OrganisationAsync(organisation, ct))?.Name ?? organisation;

    /// <summary>Every outside unit, by name (the operators' page).</summary>
    public async Task<IReadOnlyList<Organisation>> UnitsAsync(CancellationToken ct = default)
    {
        var list = new List<Organisation>();
        await foreach (var row in table.QueryAsync<UnitEntity>(u => u.PartitionKey == UnitEntity.Partition, cancellationToken: ct))
            list.Add(row.Organisation);
        return list.OrderBy(u => u.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The outside unit a case names (an enterprise, 负责整改的单位): found by its unified social credit code when given, else
    /// by its name, and created on this first mention. Safe to repeat.
    /// </summary>
    public async Task<Organisation> UnitNamedAsync(string name, string? county, string? creditCode, string? caseId,
        CancellationToken ct = default)
    {
        if (await NamedAsync(name, creditCode, ct: ct) is { } known) return known;
        var id = UnitIdOf(name, creditCode);
        var unit = new UnitEntity
        {
            PartitionKey = UnitEntity.Partition, RowKey = id, Name = name.Trim(), County = county,
            CreditCode = creditCode?.Trim().ToUpperInvariant(), CreatedAt = clock.GetUtcNow(), FirstNamedIn = caseId,
        };
        try
        {
            await table.AddEntityAsync(unit, ct);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Named by another case at the same moment: the same unit.
        }
        return unit.Organisation;
    }

    /// <summary>
    /// An organisation by its id or its Chinese name: a body of the city or a county (浮山县应急管理局) is the built-in one; a
    /// unit is found by its credit code when given, else by its name.
    /// </summary>
    /// <param name="units">The units already read (an import resolves every line against one read).</param>
    public async Task<Organisation?> NamedAsync(string? idOrName, string? creditCode = null, IReadOnlyList<Organisation>? units = null,
        CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(idOrName)) return null;
        var text = idOrName.Trim();
        if ((Organisations.Find(text) ?? Organisations.Chart.FirstOrDefault(o => o.Name == text)) is { } builtIn) return builtIn;
        units ??= await UnitsAsync(ct);
        var code = creditCode?.Trim().ToUpperInvariant();
        return units.FirstOrDefault(u => u.Id == text)
            ?? (code is { Length: > 0 } ? units.FirstOrDefault(u => u.CreditCode == code) : null)
            ?? units.FirstOrDefault(u => u.Name == text);
    }

    /// <summary>A unit's id is stable: from its credit code (统一社会信用代码) when known, else from its name.</summary>
    public static string UnitIdOf(string name, string? creditCode) =>
        "unit-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            creditCode is { Length: > 0 } code ? "code|" + code.Trim().ToUpperInvariant() : name.Trim())))[..12];

    /// <summary>Ids of people and units are letters, digits, '-', '_', '.' and '@' (Entra object ids are GUIDs).</summary>
    public static bool IsWellFormedId(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@');

    internal TableClient Table => table;
}
