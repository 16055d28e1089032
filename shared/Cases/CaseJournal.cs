using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Notifications;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Shared.Cases;

/// <summary>
/// One step of a case, written as one batch in the case's partition: the timeline entry, the case row, any rows of the step
/// (review tasks) and the notifications it causes. <see cref="Key"/> makes the step idempotent: a retried activity or
/// request that carries the same key changes nothing the second time.
/// </summary>
public sealed class CaseChange
{
    public required string Key { get; init; }
    public required CaseEventDraft Event { get; init; }
    public Action<CaseEntity>? Update { get; init; }
    /// <summary>Rows written with the step; an entity with an ETag is replaced only if unchanged since it was read.</summary>
    public IReadOnlyList<ITableEntity> Rows { get; init; } = [];
    public IReadOnlyList<Notification> Notifications { get; init; } = [];
}

public sealed record Recorded(int Seq, bool AlreadyRecorded);

/// <summary>
/// Notices a case sends when it is finished (已办结), whatever step finishes it — e.g. the invitation to rate it (好差评) —
/// written in the same batch as that step, so each goes out once and none is lost.
/// </summary>
public sealed class CaseCompletion(Func<CaseEntity, IReadOnlyList<Notification>> noticesOf)
{
    public static readonly CaseCompletion None = new(_ => []);

    public IReadOnlyList<Notification> NoticesOf(CaseEntity finished) => noticesOf(finished);
}

/// <summary>The case registry and its append-only, hash-chained timeline (Table Storage).</summary>
public sealed class CaseJournal(StorageAccount storage, OutboxDispatcher outbox, CaseIndex index, Addressing addressing, TimeProvider clock,
    ILogger<CaseJournal> logger, CaseCompletion completion)
{
    private const int MaxAttempts = 10;
    private readonly TableClient table = storage.Table(StorageNames.Cases);

    public async Task<CaseEntity?> FindAsync(CaseId id, CancellationToken ct = default)
    {
        var row = await table.GetEntityIfExistsAsync<CaseEntity>(id.Value, RowKeys.Case, cancellationToken: ct);
        return row.HasValue ? row.Value : null;
    }

    public async Task<CaseEntity> GetAsync(CaseId id, CancellationToken ct = default) =>
        await FindAsync(id, ct) ?? throw Problem.NotFound("办件", "Case");

    /// <summary>Registers a new case with its first timeline entry. False when the case already exists (a retried submission).</summary>
    public async Task<bool> CreateAsync(CaseEntity entity, CaseChange first, CancellationToken ct = default)
    {
        entity.RowKey = RowKeys.Case;
        entity.CreatedAt = entity.UpdatedAt = first.Event.At;
        entity.LastSeq = 0;
        entity.LastHash = "";
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, entity) };
        var outboxRows = await addressing.RowsAsync(entity.PartitionKey, first.Notifications, first.Event.At, ct);
        AddStep(actions, entity, first, outboxRows);
        try
        {
            await table.SubmitTransactionAsync(actions, ct);
        }
        catch (TableTransactionFailedException e) when (e.Status == 409)
        {
            // A retried submission: what the first may not have finished (its notifications) is finished now.
            await outbox.DispatchPendingAsync(entity.Id, ct);
            return false;
        }
        LogStep(entity, first, 1);
        await index.WriteAsync(entity, previousStatus: null, ct);
        await DispatchAsync(entity, outboxRows, mend: false, ct);
        return true;
    }

    /// <summary>
    /// Records a step. <paramref name="plan"/> sees the current case row and says what the step writes; it may throw a
    /// <see cref="ProblemException"/> to refuse the step (nothing is written). It runs again when another writer changed the
    /// case or a row in between (optimistic concurrency), so it must read what it checks.
    /// </summary>
    /// <returns>Null when the plan found nothing to record.</returns>
    public Task<Recorded?> RecordAsync(CaseId id, Func<CaseEntity, CancellationToken, Task<CaseChange?>> plan,
        CancellationToken ct = default) => RecordAsync(id, null, plan, ct);

    public async Task<Recorded> RecordAsync(CaseId id, CaseChange change, CancellationToken ct = default) =>
        (await RecordAsync(id, null, (_, _) => Task.FromResult<CaseChange?>(change), ct))!;

    /// <inheritdoc cref="RecordAsync(CaseId, CaseEntity?, Func{CaseEntity, CancellationToken, Task{CaseChange}}, CancellationToken)"/>
    public async Task<Recorded> RecordAsync(CaseEntity current, CaseChange change, CancellationToken ct = default) =>
        (await RecordAsync(current.Id, current, (_, _) => Task.FromResult<CaseChange?>(change), ct))!;

    /// <summary>
    /// Records a step; when <paramref name="current"/> is the case row as the caller has just read it, the first attempt plans
    /// on that row instead of reading it again (its ETag still guards the write, and a conflict reads afresh).
    /// </summary>
    public async Task<Recorded?> RecordAsync(CaseId id, CaseEntity? current, Func<CaseEntity, CancellationToken, Task<CaseChange?>> plan,
        CancellationToken ct = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            var entity = attempt == 1 && current is not null ? current : await GetAsync(id, ct);
            var change = await plan(entity, ct);
            if (change is null) return null;
            // The step's key row is added in the same batch, so a step written before makes the batch fail; only then is the
            // key looked up, to tell a retry of this step from another writer that came first.
            if (attempt > 1 && await table.GetEntityIfExistsAsync<TableEntity>(id.Value, RowKeys.Key(change.Key), cancellationToken: ct)
                    is { HasValue: true } marker)
            {
                // A retry of a step that was written: finish what may not have happened after it (index, notifications).
                await index.WriteAsync(entity, previousStatus: null, ct);
                await outbox.DispatchPendingAsync(id, ct);
                return new Recorded(marker.Value!.GetInt32("Seq") ?? 0, AlreadyRecorded: true);
            }

            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, entity, entity.ETag) };
            var listed = CaseListing.Of(entity);
            var mend = entity.OutboxUnsent;
            entity.OutboxUnsent = false;
            change.Update?.Invoke(entity);
            entity.UpdatedAt = change.Event.At;
            var finished = listed.Status != CaseStatus.Completed && entity.Status == CaseStatus.Completed
                ? completion.NoticesOf(entity) : [];
            var outboxRows = await addressing.RowsAsync(id.Value, [.. change.Notifications, .. finished], change.Event.At, ct);
            var seq = AddStep(actions, entity, change, outboxRows);
            try
            {
                await table.SubmitTransactionAsync(actions, ct);
                LogStep(entity, change, seq);
                if (CaseListing.Of(entity) != listed) await index.WriteAsync(entity, listed.Status, ct);
                await DispatchAsync(entity, outboxRows, mend, ct);
                return new Recorded(seq, AlreadyRecorded: false);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Someone else wrote the case (or a row of this step) first: read again and re-plan.
            }
        }
    }

    /// <summary>
    /// Sends the notifications a step has just written, without reading them back (or, when an earlier send failed, every
    /// unsent one of the case). Should sending fail, the case row is marked so the next step sends them, and the failure is
    /// thrown on: a retried activity finds its step written and sends what is pending.
    /// </summary>
    private async Task DispatchAsync(CaseEntity entity, IReadOnlyList<OutboxEntity> rows, bool mend, CancellationToken ct)
    {
        try
        {
            if (mend) await outbox.DispatchPendingAsync(entity.Id, ct);
            else await outbox.DispatchAsync(entity.Id, rows, ct);
        }
        catch (Exception)
        {
            await table.UpdateEntityAsync(new TableEntity(entity.PartitionKey, RowKeys.Case) { [nameof(CaseEntity.OutboxUnsent)] = true },
                ETag.All, TableUpdateMode.Merge, CancellationToken.None);
            throw;
        }
    }

    public Task<IReadOnlyList<CaseEventEntity>> TimelineAsync(CaseId id, CancellationToken ct = default) =>
        RowsAsync<CaseEventEntity>(id, RowKeys.EventPrefix, ct);

    /// <summary>Every row of one kind (by row key prefix) in the case partition, in key order.</summary>
    public async Task<IReadOnlyList<T>> RowsAsync<T>(CaseId id, string prefix, CancellationToken ct = default) where T : class, ITableEntity
    {
        var rows = new List<T>();
        await foreach (var row in table.QueryAsync<T>(RowKeys.RangeFilter(id, prefix), cancellationToken: ct)) rows.Add(row);
        return rows;
    }

    /// <summary>Replaces a row of the case partition that is no part of the record (a flag the workflow sets), under its ETag.</summary>
    public Task UpdateRowAsync(ITableEntity row, CancellationToken ct = default) =>
        table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct);

    public async Task<T?> FindRowAsync<T>(CaseId id, string rowKey, CancellationToken ct = default) where T : class, ITableEntity
    {
        var row = await table.GetEntityIfExistsAsync<T>(id.Value, rowKey, cancellationToken: ct);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>
    /// A short lease in the case partition: true for exactly one of any number of concurrent callers, and again for a later
    /// caller once the holder has held it for <paramref name="staleAfter"/> without finishing (it crashed).
    /// </summary>
    public async Task<bool> TryClaimAsync(CaseId id, string name, TimeSpan staleAfter, CancellationToken ct = default)
    {
        var rowKey = RowKeys.Claim(name);
        try
        {
            await table.AddEntityAsync(new TableEntity(id.Value, rowKey) { ["ClaimedAt"] = clock.GetUtcNow() }, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
        var held = (await table.GetEntityAsync<TableEntity>(id.Value, rowKey, cancellationToken: ct)).Value;
        if (clock.GetUtcNow() - held.GetDateTimeOffset("ClaimedAt") < staleAfter) return false;
        held["ClaimedAt"] = clock.GetUtcNow();
        try
        {
            await table.UpdateEntityAsync(held, held.ETag, TableUpdateMode.Replace, ct);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    /// <summary>True when every entry's hash matches its content and the one before it.</summary>
    public static bool VerifyChain(IReadOnlyList<CaseEventEntity> events)
    {
        var previous = "";
        foreach (var e in events.OrderBy(e => e.Seq))
        {
            if (e.PreviousHash != previous || e.Hash != Hash(previous, e)) return false;
            previous = e.Hash;
        }
        return true;
    }

    /// <summary>One line per step, with the case id as a field: the trail operators follow (personal data masked).</summary>
    private void LogStep(CaseEntity entity, CaseChange change, int seq) =>
        logger.LogInformation("Case {CaseId} #{Seq} {Action}: {Label} — {Status}/{Step} by {ActorOrganisation}",
            entity.PartitionKey, seq, change.Event.Action, PersonalData.Mask(change.Event.Label), entity.Status, entity.Step,
            change.Event.Actor.Organisation);

    private static int AddStep(List<TableTransactionAction> actions, CaseEntity entity, CaseChange change,
        IReadOnlyList<OutboxEntity> outboxRows)
    {
        var seq = entity.LastSeq + 1;
        var d = change.Event;
        var evt = new CaseEventEntity
        {
            PartitionKey = entity.PartitionKey, RowKey = RowKeys.Event(seq), Seq = seq, Key = change.Key,
            Action = d.Action, Label = d.Label, ActorId = d.Actor.Id, ActorName = d.Actor.Name, ActorRole = d.Actor.Role,
            ActorOrganisation = d.Actor.Organisation, Opinion = d.Opinion, Attachments = string.Join(',', d.Attachments ?? []),
            At = TruncateToMilliseconds(d.At), PreviousHash = entity.LastHash,
        };
        evt.Hash = Hash(entity.LastHash, evt);
        entity.LastSeq = seq;
        entity.LastHash = evt.Hash;

        actions.Add(new(TableTransactionActionType.Add, evt));
        actions.Add(new(TableTransactionActionType.Add, new TableEntity(entity.PartitionKey, RowKeys.Key(change.Key)) { ["Seq"] = seq }));
        foreach (var row in change.Rows)
        {
            row.PartitionKey = entity.PartitionKey;
            actions.Add(row.ETag == default
                ? new(TableTransactionActionType.Add, row)
                : new(TableTransactionActionType.UpdateReplace, row, row.ETag));
        }
        foreach (var row in outboxRows) actions.Add(new(TableTransactionActionType.Add, row));
        return seq;
    }

    // Table Storage keeps instants to the millisecond at best; the hash must survive the round trip.
    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);

    private static string Hash(string previous, CaseEventEntity e)
    {
        var canonical = JsonSerializer.Serialize(new object?[]
        {
            previous, e.Seq, e.Key, e.Action, e.Label, e.ActorId, e.ActorName, e.ActorRole, e.ActorOrganisation, e.Opinion,
            e.Attachments, e.At.ToUniversalTime().ToString("O"),
        });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
