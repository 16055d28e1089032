using Azure.Data.Tables;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Shared.Notifications.Delivery;

/// <summary>
/// One notification's delivery on one channel (partition: its case, or <see cref="NoCase"/>): sent or failed, how often
/// tried, why. Failures are also listed by month (partition <c>failed|yyyyMM</c>) for the operators.
/// </summary>
public sealed class DeliveryEntity : TableRow
{
    public const string NoCase = "-";
    public const string Sent = "已送达";
    public const string Failed = "发送失败，将重试";
    public const string DeadLettered = "发送失败，已停止重试";

    public string Channel { get; set; } = "";
    public string MessageId { get; set; } = "";
    public string CaseId { get; set; } = "";
    public string RecipientName { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Status { get; set; } = "";
    public int Attempts { get; set; }
    public string? Reason { get; set; }
    public DateTimeOffset At { get; set; }

    public static string KeyOf(string channel, string messageId) => $"{channel}|{messageId}";

    public static string FailedPartition(DateOnly day) => $"failed|{day:yyyyMM}";
}

public sealed record DeliveryRun(int Sent, int Failed, int DeadLettered, int Skipped);

/// <summary>
/// Delivers what waits in the mail and SMS subscriptions: once per message id and channel (a message delivered before is
/// completed without sending it again), a failure that may pass is retried by the broker until its delivery count runs
/// out, a failure no retry mends (no address, a refusal) is dead-lettered at once; every outcome is recorded.
/// </summary>
public sealed class NotificationDelivery(INotificationSubscriptions subscriptions, IMailChannel mail, ISmsChannel sms,
    StorageAccount storage, TimeProvider clock, ILogger<NotificationDelivery> logger)
{
    private readonly TableClient table = storage.Table(StorageNames.Deliveries);

    /// <summary>Takes messages from both channels until they are empty or <paramref name="budget"/> has passed.</summary>
    public async Task<DeliveryRun> DrainAsync(TimeSpan budget, CancellationToken ct = default)
    {
        var until = clock.GetUtcNow() + budget;
        int sent = 0, failed = 0, dead = 0, skipped = 0;
        foreach (var channel in Channels.All)
            while (clock.GetUtcNow() < until)
            {
                var batch = await subscriptions.ReceiveAsync(channel, 32, ct);
                if (batch.Count == 0) break;
                foreach (var n in batch)
                    switch (await DeliverAsync(channel, n, ct))
                    {
                        case DeliveryEntity.Sent: sent++; break;
                        case DeliveryEntity.Failed: failed++; break;
                        case DeliveryEntity.DeadLettered: dead++; break;
                        default: skipped++; break;
                    }
            }
        return new DeliveryRun(sent, failed, dead, skipped);
    }

    /// <returns>The status recorded, or null when it had been delivered before.</returns>
    private async Task<string?> DeliverAsync(string channel, ReceivedNotification n, CancellationToken ct)
    {
        var m = n.Message;
        var partition = m.CaseId is { Length: > 0 } ? m.CaseId : DeliveryEntity.NoCase;
        var key = DeliveryEntity.KeyOf(channel, m.MessageId);
        var before = await table.GetEntityIfExistsAsync<DeliveryEntity>(partition, key, cancellationToken: ct);
        if (before is { HasValue: true, Value.Status: DeliveryEntity.Sent })
        {
            await subscriptions.CompleteAsync(channel, n, ct);
            return null;
        }
        string status;
        string? reason = null;
        try
        {
            await (channel == Channels.Mail ? mail.SendAsync(m, ct) : sms.SendAsync(m, ct));
            status = DeliveryEntity.Sent;
        }
        catch (DeliveryFailedException e)
        {
            reason = e.Message;
            status = e.Permanent || n.DeliveryCount >= subscriptions.MaxDeliveryCount ? DeliveryEntity.DeadLettered : DeliveryEntity.Failed;
            logger.LogWarning(e.InnerException, "Delivery of {MessageId} by {Channel} to {Recipient} failed ({Attempt}): {Reason}",
                m.MessageId, channel, PersonalData.Mask(m.RecipientName), n.DeliveryCount, e.Message);
        }
        var row = new DeliveryEntity
        {
            PartitionKey = partition, RowKey = key, Channel = channel, MessageId = m.MessageId, CaseId = m.CaseId,
            RecipientName = m.RecipientName, Subject = m.Subject, Status = status, Attempts = n.DeliveryCount,
            Reason = reason, At = clock.GetUtcNow(),
        };
        await table.UpsertEntityAsync(row, TableUpdateMode.Replace, ct);
        if (status != DeliveryEntity.Sent)
        {
            var failedRow = new DeliveryEntity
            {
                PartitionKey = DeliveryEntity.FailedPartition(BeijingTime.DateOf(row.At)), RowKey = $"{partition}|{key}", Channel = channel,
                MessageId = m.MessageId, CaseId = m.CaseId, RecipientName = m.RecipientName, Subject = m.Subject, Status = status,
                Attempts = n.DeliveryCount, Reason = reason, At = row.At,
            };
            await table.UpsertEntityAsync(failedRow, TableUpdateMode.Replace, ct);
        }
        if (status == DeliveryEntity.Sent) await subscriptions.CompleteAsync(channel, n, ct);
        else if (status == DeliveryEntity.DeadLettered) await subscriptions.DeadLetterAsync(channel, n, reason!, ct);
        else await subscriptions.RetryLaterAsync(channel, n, ct);
        return status;
    }

    /// <summary>A case's deliveries, for its progress page.</summary>
    public async Task<IReadOnlyList<DeliveryEntity>> OfCaseAsync(string caseId, CancellationToken ct = default)
    {
        var list = new List<DeliveryEntity>();
        await foreach (var row in table.QueryAsync<DeliveryEntity>(r => r.PartitionKey == caseId, cancellationToken: ct)) list.Add(row);
        return list.OrderBy(r => r.At).ToList();
    }

    /// <summary>Failed deliveries of this month and the one before, newest first, for the operators.</summary>
    public async Task<IReadOnlyList<DeliveryEntity>> FailuresAsync(CancellationToken ct = default)
    {
        var today = BeijingTime.DateOf(clock.GetUtcNow());
        var list = new List<DeliveryEntity>();
        foreach (var day in new[] { today, today.AddMonths(-1) })
        {
            var partition = DeliveryEntity.FailedPartition(day);
            await foreach (var row in table.QueryAsync<DeliveryEntity>(r => r.PartitionKey == partition, cancellationToken: ct))
                list.Add(row);
        }
        return list.OrderByDescending(r => r.At).ToList();
    }
}
