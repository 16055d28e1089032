using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Queues.Models;
using LinfenFlows.Shared.Storage;

namespace LinfenFlows.Shared.Notifications.Delivery;

/// <summary>The delivery channels, each a subscription of the notifications topic (infra/app/servicebus.bicep).</summary>
public static class Channels
{
    public const string Mail = "mail";
    public const string Sms = "sms";
    public static readonly IReadOnlyList<string> All = [Mail, Sms];

    /// <summary>The sms subscription's filter: only urgent items (督办, 逾期) go by SMS as well.</summary>
    public static bool Takes(string channel, OutgoingMessage m) =>
        channel != Sms || m.Subject.StartsWith("【督办】", StringComparison.Ordinal) || m.Subject.StartsWith("【逾期】", StringComparison.Ordinal);
}

/// <summary>A notification taken from a channel's subscription, to be completed, retried later or dead-lettered.</summary>
public sealed record ReceivedNotification(OutgoingMessage Message, int DeliveryCount, object Handle);

/// <summary>Where a channel's notifications wait: the Service Bus subscription in Azure, a storage queue on one machine.</summary>
public interface INotificationSubscriptions
{
    /// <summary>After this many deliveries the broker dead-letters a message by itself (maxDeliveryCount).</summary>
    int MaxDeliveryCount { get; }

    Task<IReadOnlyList<ReceivedNotification>> ReceiveAsync(string channel, int max, CancellationToken ct);

    Task CompleteAsync(string channel, ReceivedNotification n, CancellationToken ct);

    Task RetryLaterAsync(string channel, ReceivedNotification n, CancellationToken ct);

    Task DeadLetterAsync(string channel, ReceivedNotification n, string reason, CancellationToken ct);
}

/// <summary>Azure: the topic's mail and sms subscriptions, received in peek-lock mode.</summary>
public sealed class ServiceBusSubscriptions(ServiceBusClient client) : INotificationSubscriptions, IAsyncDisposable
{
    private readonly Dictionary<string, ServiceBusReceiver> receivers = Channels.All.ToDictionary(c => c,
        c => client.CreateReceiver(ServiceBusTransport.TopicName, c,
            new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.PeekLock }));

    public int MaxDeliveryCount => 10;

    public async Task<IReadOnlyList<ReceivedNotification>> ReceiveAsync(string channel, int max, CancellationToken ct)
    {
        var messages = await receivers[channel].ReceiveMessagesAsync(max, TimeSpan.FromSeconds(2), ct);
        return messages.Select(m => new ReceivedNotification(m.Body.ToObjectFromJson<OutgoingMessage>(Json.Options)!, m.DeliveryCount, m))
            .ToList();
    }

    public Task CompleteAsync(string channel, ReceivedNotification n, CancellationToken ct) =>
        receivers[channel].CompleteMessageAsync((ServiceBusReceivedMessage)n.Handle, ct);

    public Task RetryLaterAsync(string channel, ReceivedNotification n, CancellationToken ct) =>
        receivers[channel].AbandonMessageAsync((ServiceBusReceivedMessage)n.Handle, cancellationToken: ct);

    public Task DeadLetterAsync(string channel, ReceivedNotification n, string reason, CancellationToken ct) =>
        receivers[channel].DeadLetterMessageAsync((ServiceBusReceivedMessage)n.Handle, "delivery-failed", reason, ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var r in receivers.Values) await r.DisposeAsync();
    }
}

/// <summary>
/// One machine: a storage queue per channel stands in for each subscription (filled by the storage-queue transport with
/// the same filter), and a queue of its own for what is dead-lettered, with the reason.
/// </summary>
public sealed class StorageQueueSubscriptions(StorageAccount storage) : INotificationSubscriptions
{
    public int MaxDeliveryCount => 10;

    public static string QueueOf(string channel) => $"{StorageNames.NotificationsQueue}-{channel}";

    public static string DeadLetterQueueOf(string channel) => $"{QueueOf(channel)}-deadletter";

    public async Task<IReadOnlyList<ReceivedNotification>> ReceiveAsync(string channel, int max, CancellationToken ct)
    {
        QueueMessage[] messages = await storage.Queues.GetQueueClient(QueueOf(channel))
            .ReceiveMessagesAsync(Math.Min(max, 32), TimeSpan.FromMinutes(5), ct);
        return messages.Select(m => new ReceivedNotification(JsonSerializer.Deserialize<OutgoingMessage>(m.MessageText, Json.Options)!,
            (int)m.DequeueCount, m))
            .ToList();
    }

    public Task CompleteAsync(string channel, ReceivedNotification n, CancellationToken ct)
    {
        var m = (QueueMessage)n.Handle;
        return storage.Queues.GetQueueClient(QueueOf(channel)).DeleteMessageAsync(m.MessageId, m.PopReceipt, ct);
    }

    public Task RetryLaterAsync(string channel, ReceivedNotification n, CancellationToken ct)
    {
        var m = (QueueMessage)n.Handle;
        return storage.Queues.GetQueueClient(QueueOf(channel))
            .UpdateMessageAsync(m.MessageId, m.PopReceipt, visibilityTimeout: TimeSpan.FromSeconds(30), cancellationToken: ct);
    }

    public async Task DeadLetterAsync(string channel, ReceivedNotification n, string reason, CancellationToken ct)
    {
        await storage.Queues.GetQueueClient(DeadLetterQueueOf(channel))
            .SendMessageAsync(JsonSerializer.Serialize(new { reason, message = n.Message }, Json.Options), ct);
        await CompleteAsync(channel, n, ct);
    }
}
