using System.Text.Json;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues;
using LinfenFlows.Shared.Storage;

namespace LinfenFlows.Shared.Notifications;

/// <summary>A notification as it leaves LinfenFlows. <see cref="MessageId"/> is the outbox row id, so a resend is a duplicate the broker drops.</summary>
public sealed record OutgoingMessage(string MessageId, string CaseId, string RecipientId, string RecipientName, string RecipientOrganisation,
    string Subject, string Body, string? Link, DateTimeOffset CreatedAt);

public interface INotificationTransport
{
    Task SendAsync(OutgoingMessage message, CancellationToken ct);
}

/// <summary>Production: the Service Bus topic <c>notifications</c> (duplicate detection on, keyed by message id).</summary>
public sealed class ServiceBusTransport(ServiceBusSender sender) : INotificationTransport
{
    public const string TopicName = "notifications";

    public Task SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        var sbMessage = new ServiceBusMessage(BinaryData.FromObjectAsJson(message, Json.Options))
        {
            MessageId = message.MessageId,
            Subject = message.Subject,
            ContentType = "application/json",
            CorrelationId = message.CaseId,
            ApplicationProperties = { ["recipientOrganisation"] = message.RecipientOrganisation, ["recipientId"] = message.RecipientId },
        };
        return sender.SendMessageAsync(sbMessage, ct);
    }
}

/// <summary>
/// On one machine: an Azure Storage queue on Azurite carries the same messages, and every message is also kept in the
/// Mailbox table (keyed by message id, so a resend overwrites itself) for the local mailbox page.
/// </summary>
public sealed class StorageQueueTransport(StorageAccount storage) : INotificationTransport
{
    private readonly QueueClient queue = storage.Queues.GetQueueClient(StorageNames.NotificationsQueue);
    private readonly TableClient mailbox = storage.Table(StorageNames.Mailbox);

    public async Task SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        await queue.SendMessageAsync(JsonSerializer.Serialize(message, Json.Options), ct);
        await mailbox.UpsertEntityAsync(MailboxEntity.From(message), TableUpdateMode.Replace, ct);
    }
}

/// <summary>A sent notification, newest first (row key = inverted ticks + message id).</summary>
public sealed class MailboxEntity : TableRow
{
    public const string AllPartition = "all";

    public MailboxEntity() => PartitionKey = AllPartition;

    public string MessageId { get; set; } = "";
    public string CaseId { get; set; } = "";
    public string RecipientId { get; set; } = "";
    public string RecipientName { get; set; } = "";
    public string RecipientOrganisation { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public string? Link { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    public static MailboxEntity From(OutgoingMessage m) => new()
    {
        RowKey = $"{DateTimeOffset.MaxValue.UtcTicks - m.CreatedAt.UtcTicks:D19}-{m.MessageId}",
        MessageId = m.MessageId, CaseId = m.CaseId, RecipientId = m.RecipientId, RecipientName = m.RecipientName,
        RecipientOrganisation = m.RecipientOrganisation, Subject = m.Subject, Body = m.Body, Link = m.Link, CreatedAt = m.CreatedAt,
    };

    public static async Task<IReadOnlyList<MailboxEntity>> ListAsync(StorageAccount storage, int max, CancellationToken ct)
    {
        var list = new List<MailboxEntity>();
        await foreach (var m in storage.Table(StorageNames.Mailbox).QueryAsync<MailboxEntity>(e => e.PartitionKey == AllPartition, maxPerPage: max, cancellationToken: ct))
        {
            list.Add(m);
            if (list.Count == max) break;
        }
        return list;
    }
}
