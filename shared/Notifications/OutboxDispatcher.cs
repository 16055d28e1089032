using Azure;
using Azure.Data.Tables;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Storage;

namespace LinfenFlows.Shared.Notifications;

/// <summary>
/// Sends a case's pending outbox rows and marks them sent. A crash between sending and marking sends the row again with
/// the same message id, which the broker's duplicate detection (and the local mailbox) absorbs.
/// </summary>
public sealed class OutboxDispatcher(StorageAccount storage, INotificationTransport transport, TimeProvider clock)
{
    private readonly TableClient table = storage.Table(StorageNames.Cases);

    /// <summary>Every unsent row of the case (one query of its partition): what a retried step or a failed send left.</summary>
    public async Task<int> DispatchPendingAsync(CaseId caseId, CancellationToken ct = default)
    {
        var filter = RowKeys.RangeFilter(caseId, RowKeys.OutboxPrefix) + " and Sent eq false";
        var pending = new List<OutboxEntity>();
        await foreach (var row in table.QueryAsync<OutboxEntity>(filter, cancellationToken: ct)) pending.Add(row);
        await DispatchAsync(caseId, pending, ct);
        return pending.Count;
    }

    /// <summary>
    /// Sends the unsent rows given (those a step has just written need not be read back) and marks each sent. Marking merges
    /// the two fields, so two dispatchers of the same row both succeed: the same message id went out.
    /// </summary>
    public async Task DispatchAsync(CaseId caseId, IReadOnlyList<OutboxEntity> rows, CancellationToken ct = default)
    {
        foreach (var row in rows.Where(r => !r.Sent))
        {
            await transport.SendAsync(new OutgoingMessage(MessageIdOf(caseId, row.NotificationId), caseId.Value, row.RecipientId,
                row.RecipientName, row.RecipientOrganisation, row.RecipientMail, row.RecipientMobile, row.Subject, row.Body, row.Link,
                row.CreatedAt), ct);
            await table.UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey)
            {
                [nameof(OutboxEntity.Sent)] = true, [nameof(OutboxEntity.SentAt)] = clock.GetUtcNow(),
            }, ETag.All, TableUpdateMode.Merge, ct);
        }
    }

    /// <summary>Unique across cases, stable across resends: the broker's duplicate detection keys on it.</summary>
    public static string MessageIdOf(CaseId caseId, string notificationId) => $"{caseId}-{notificationId}";
}
