using System.Text.Json;
using Azure.Messaging.ServiceBus;
using LinfenFlows.Shared.Notifications;

namespace LinfenFlows.Tests.Integration;

/// <summary>
/// Service Bus cannot run on this machine, so the adapter is tested against the SDK's mockable sender (a test double,
/// said here as required); the contract test below talks to a real namespace when SERVICEBUS_CONNECTION_STRING is set.
/// </summary>
public class NotificationTransportTests
{
    private static readonly OutgoingMessage Message = new("acc-1-city-review-1-0-link-gov-reviewer", "acc-1", "gov-reviewer", "刘建华",
        "linfen-gov", "gov-reviewer@linfen.example", "13900000001", "【待办】浮山县事故调查报告的请示", "请于期限前办理。",
        "http://linfenflows.test/api/reviews/abc", DateTimeOffset.UnixEpoch);

    private sealed class RecordingSender : ServiceBusSender
    {
        public List<ServiceBusMessage> Sent { get; } = [];

        public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
        {
            Sent.Add(message);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task The_outbox_id_becomes_the_service_bus_message_id_so_resends_are_dropped_as_duplicates()
    {
        var sender = new RecordingSender();
        await new ServiceBusTransport(sender).SendAsync(Message, CancellationToken.None);

        var sent = Assert.Single(sender.Sent);
        Assert.Equal(Message.MessageId, sent.MessageId);
        Assert.Equal(Message.Subject, sent.Subject);
        Assert.Equal("acc-1", sent.CorrelationId);
        Assert.Equal("linfen-gov", sent.ApplicationProperties["recipientOrganisation"]);
        var body = JsonDocument.Parse(sent.Body.ToString()).RootElement;
        Assert.Equal(Message.Link, body.GetProperty("link").GetString());
        Assert.Contains("【待办】", sent.Body.ToString()); // Chinese travels as itself, not as \u escapes
    }

    [Fact]
    public void A_received_message_reads_back_as_sent()
    {
        var received = ServiceBusModelFactory.ServiceBusReceivedMessage(
            BinaryData.FromObjectAsJson(Message, LinfenFlows.Shared.Json.Options), messageId: Message.MessageId);
        var read = received.Body.ToObjectFromJson<OutgoingMessage>(LinfenFlows.Shared.Json.Options);
        Assert.Equal(Message, read);
    }

    [ServiceBusFact]
    public async Task Contract_a_real_namespace_accepts_the_message()
    {
        await using var client = new ServiceBusClient(Environment.GetEnvironmentVariable("SERVICEBUS_CONNECTION_STRING"));
        await new ServiceBusTransport(client.CreateSender(ServiceBusTransport.TopicName))
            .SendAsync(Message with { MessageId = Guid.NewGuid().ToString() }, CancellationToken.None);
    }
}

/// <summary>Runs only where a real Service Bus namespace is configured; otherwise reported as skipped.</summary>
public sealed class ServiceBusFactAttribute : FactAttribute
{
    public ServiceBusFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SERVICEBUS_CONNECTION_STRING")))
            Skip = "SERVICEBUS_CONNECTION_STRING is not set: no Service Bus namespace to run the contract test against.";
    }
}
