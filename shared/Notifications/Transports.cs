using System.Text.Json;
using Azure.Data.Tables;
using Azure.Messaging.ServiceBus;
using LinfenFlows.Shared.Storage;

namespace LinfenFlows.Shared.Notifications;

/// <summary>
/// A notification as it leaves LinfenFlows. <see cref="MessageId"/> is the outbox row id, so a resend is a duplicate the broker drops.
/// </summary>
/// <remarks>The recipient's mail address and mobile number travel with the message to the delivery functions: never log them.</remarks>
public sealed record OutgoingMessage(string MessageId, string CaseId, string RecipientId, string RecipientName,
    string RecipientOrganisation, string? RecipientMail, string? RecipientMobile, string Subject, string Body, string? Link,
    DateTimeOffset CreatedAt);

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
/// On one machine: a storage queue per channel on Azurite stands in for each of the topic's subscriptions (the same
/// filter: SMS only for urgent items), feeding the same delivery code; every message is also kept in the Mailbox table
/// (keyed by message id, so a resend overwrites itself) for the local mailbox page.
/// </summary>
public sealed class StorageQueueTransport(StorageAccount storage) : INotificationTransport
{
    private readonly TableClient mailbox = storage.Table(StorageNames.Mailbox);

    public async Task SendAsync(OutgoingMessage message, CancellationToken ct)
    {
        var text = JsonSerializer.Serialize(message, Json.Options);
        foreach (var channel in Delivery.Channels.All.Where(c => Delivery.Channels.Takes(c, message)))
            await storage.Queues.GetQueueClient(Delivery.StorageQueueSubscriptions.QueueOf(channel)).SendMessageAsync(text, ct);
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
        await foreach (var m in storage.Table(StorageNames.Mailbox)
            .QueryAsync<MailboxEntity>(e => e.PartitionKey == AllPartition, maxPerPage: max, cancellationToken: ct))
        {
            list.Add(m);
            if (list.Count == max) break;
        }
        return list;
    }
}
