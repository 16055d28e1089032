using System.ComponentModel.DataAnnotations;
using Azure.Data.Tables;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Time;
using Validator = LinfenFlows.Shared.Problems.Validator;

namespace LinfenFlows.Shared.People;

/// <summary>A delegation as asked for: the role, the colleague, the first and last day, and why.</summary>
public sealed record DelegationRequest([Required] string? Role, [Required] string? DelegateId, [Required] DateOnly? From,
    [Required] DateOnly? To, [Required, MinLength(1), MaxLength(200)] string? Reason);

/// <summary>
/// 委托/代理: a person hands a role to a colleague of the same organisation for a period. Tasks opened in the period go to the
/// delegate; tasks already open stay where they are (the organisation's supervisor can reassign them).
/// </summary>
public sealed class Delegations(StaffDirectory directory, DirectoryChanges changes, TimeProvider clock)
{
    public const int MaxDays = 366;

    public async Task<DelegationEntity> DelegateAsync(Caller? caller, DelegationRequest? r, CancellationToken ct = default)
    {
        if (caller is null) throw Problem.Unauthenticated();
        var me = await directory.FindAsync(caller.UserId, ct);
        if (me is null || !me.Active) throw Problem.Forbidden("您的账号尚未登记到单位目录，不能委托办理。");
        var today = BeijingTime.DateOf(clock.GetUtcNow());
        var v = new Validator();
        if (r is null) throw Problem.Invalid("body", "required", "委托内容不能为空。", "The body is required.");
        var role = Roles.Parse(r.Role);
        v.Require(role is not null && me.Holds(role), "role", "held-role", "只能委托本人担任的角色。", "You can only delegate a role you hold.");
        var colleague = await directory.FindAsync(r.DelegateId, ct);
        v.Require(colleague is { Active: true } && colleague.Organisation == me.Organisation && colleague.Id != me.Id, "delegateId",
            "colleague", "受托人须为本单位在职的其他人员。", "The delegate must be an active colleague of the same organisation.");
        v.Require(r.From is not null && r.From >= today, "from", "not-in-past", "委托起始日期不能早于今天。", "from must be today or later.");
        v.Require(r.To is not null && r.From is not null && r.To >= r.From && r.To.Value.DayNumber - r.From.Value.DayNumber < MaxDays, "to",
            "period", $"委托截止日期应不早于起始日期，且期限不超过{MaxDays}日。", $"to must be on or after from, at most {MaxDays} days.");
        v.Required(r.Reason, "reason", "委托事由", 200);
        v.ThrowIfInvalid();
        var row = new DelegationEntity
        {
            PartitionKey = DelegationEntity.PartitionOf(me.Organisation), RowKey = $"{me.Id}|{role}|{r.From:yyyyMMdd}",
            PersonId = me.Id, PersonName = me.Name, Role = role!, DelegateId = colleague!.Id, DelegateName = colleague.Name,
            From = BeijingTime.StartOf(r.From!.Value), To = BeijingTime.StartOf(r.To!.Value),
            Reason = r.Reason!.Trim(), CreatedAt = clock.GetUtcNow(),
        };
        await directory.Table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
        await changes.RecordAsync("delegation.added", row.RowKey,
            $"{me.Name}将“{Roles.Label(row.Role)}”委托{colleague.Name}办理，" +
            $"{BeijingTime.FormatDate(r.From.Value)}至{BeijingTime.FormatDate(r.To.Value)}（{row.Reason}）", caller, ct);
        return row;
    }

    /// <summary>Ends a delegation early; only the person who delegated may.</summary>
    public async Task RevokeAsync(Caller? caller, string? delegationId, CancellationToken ct = default)
    {
        if (caller is null) throw Problem.Unauthenticated();
        var me = await directory.FindAsync(caller.UserId, ct) ?? throw Problem.NotFound("委托", "Delegation");
        if (delegationId is null || !delegationId.StartsWith(me.Id + "|", StringComparison.Ordinal))
            throw Problem.NotFound("委托", "Delegation");
        var found = await directory.Table.GetEntityIfExistsAsync<DelegationEntity>(DelegationEntity.PartitionOf(me.Organisation),
            delegationId, cancellationToken: ct);
        if (!found.HasValue) throw Problem.NotFound("委托", "Delegation");
        var row = found.Value!;
        if (row.RevokedAt is not null) return;
        row.RevokedAt = clock.GetUtcNow();
        await directory.Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct);
        await changes.RecordAsync("delegation.revoked", row.RowKey,
            $"{me.Name}收回对{row.DelegateName}的“{Roles.Label(row.Role)}”委托", caller, ct);
    }

    /// <summary>The caller's delegations, given and received, that have not ended.</summary>
    public async Task<IReadOnlyList<DelegationEntity>> OfAsync(Caller caller, CancellationToken ct = default)
    {
        var today = BeijingTime.DateOf(clock.GetUtcNow());
        return (await directory.DelegationsAsync(caller.Organisation, ct))
            .Where(d => (d.PersonId == caller.UserId || d.DelegateId == caller.UserId) && d.RevokedAt is null
                && BeijingTime.DateOf(d.To) >= today)
            .OrderBy(d => d.From).ToList();
    }
}
