using System.Collections.Concurrent;
using System.Text.Json;
using LinfenFlows.LocalHost;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Notifications;
using LinfenFlows.Shared.Notifications.Delivery;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Tests.Integration;

/// <summary>
/// Delivery as it runs on one machine: the storage queues standing in for the mail and sms subscriptions (on an Azurite of
/// this class alone, so no other test's drain takes its messages), mail to the real MailDev server, and SMS to a gateway
/// this test plays over HTTP — the city's 政务短信 platform cannot run here, so the gateway is the one stand-in.
/// </summary>
public sealed class DeliveryTests : IAsyncLifetime
{
    private readonly AzuriteServer azurite = AzuriteServer.Start(location: null);
    private readonly ConcurrentQueue<int> answers = new();
    private readonly ConcurrentQueue<(JsonElement Body, string? Authorization)> requests = new();
    private WebApplication gateway = null!;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Azurite.FreePort()}");
        gateway = builder.Build();
        gateway.MapPost("/sms", async (HttpRequest req) =>
        {
            requests.Enqueue((await JsonSerializer.DeserializeAsync<JsonElement>(req.Body), req.Headers.Authorization.ToString()));
            return Results.StatusCode(answers.TryDequeue(out var status) ? status : 200);
        });
        await gateway.StartAsync();

        var collection = new ServiceCollection().AddLogging();
        collection.AddLinfenFlows(TestServices.Configuration(new Dictionary<string, string?>
        {
            [Settings.Storage] = azurite.ConnectionString,
            [$"{Settings.Sms}:Endpoint"] = gateway.Urls.Single() + "/sms",
            [$"{Settings.Sms}:ApiKey"] = "sms-test-key",
        }));
        services = collection.BuildServiceProvider();
        await services.GetRequiredService<StorageAccount>().EnsureCreatedAsync();
        await SampleDirectory.LoadAsync(services.GetRequiredService<DirectoryImport>());
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await gateway.DisposeAsync();
        azurite.Dispose();
    }

    private Task<DeliveryRun> DrainAsync() => services.GetRequiredService<NotificationDelivery>().DrainAsync(TimeSpan.FromSeconds(30));

    private Task<int> SendAsync(string id, string subject, string? link = null) => services.GetRequiredService<Notifier>()
        .SendAsync(new Notification(id, new Recipient("gov-reviewer", "刘建华", "linfen-gov"), subject, "请及时办理。", link));

    private async Task<DeliveryEntity> RecordAsync(string channel, string id) =>
        (await services.GetRequiredService<StorageAccount>().Table(StorageNames.Deliveries)
            .GetEntityAsync<DeliveryEntity>(DeliveryEntity.NoCase, DeliveryEntity.KeyOf(channel, id))).Value;

    [Fact]
    public async Task A_notice_reaches_the_persons_mailbox_with_its_link_once_however_often_delivery_runs()
    {
        var id = "delivery-mail-" + Guid.NewGuid().ToString("N")[..8];
        await SendAsync(id, $"【待办】{id}", "http://linfenflows.test/api/reviews/token");
        Assert.Equal(1, (await DrainAsync()).Sent);

        var mail = await MailDev.WaitForAsync("gov-reviewer@linfen.example", m => m.Subject == $"【待办】{id}");
        Assert.Contains("办理链接：http://linfenflows.test/api/reviews/token", mail.Text);
        Assert.Contains("请勿直接回复", mail.Text);
        Assert.Equal(DeliveryEntity.Sent, (await RecordAsync(Channels.Mail, id)).Status);

        // Sent again (a retried step) and drained again: the person still has one mail.
        await SendAsync(id, $"【待办】{id}", "http://linfenflows.test/api/reviews/token");
        await DrainAsync();
        await Task.Delay(500);
        Assert.Single(await MailDev.MailsAsync(), m => m.Subject == $"【待办】{id}");
        // Not urgent: no SMS.
        Assert.DoesNotContain(requests, r => r.Body.GetProperty("messageId").GetString() == id);
    }

    [Fact]
    public async Task An_urgent_notice_also_goes_by_sms_in_the_gateways_contract_retried_while_it_is_down_and_stopped_when_it_refuses()
    {
        var id = "delivery-sms-" + Guid.NewGuid().ToString("N")[..8];
        answers.Enqueue(503);
        await SendAsync(id, "【督办】事项逾期未办理");
        var first = await DrainAsync();
        Assert.Equal((1, 1), (first.Sent, first.Failed)); // the mail went; the gateway was down

        var (body, authorization) = Assert.Single(requests, r => r.Body.GetProperty("messageId").GetString() == id);
        Assert.Equal("13900000001", body.GetProperty("mobile").GetString());
        Assert.StartsWith("【督办】事项逾期未办理请及时办理。", body.GetProperty("content").GetString());
        Assert.Equal("【临汾市政务】", body.GetProperty("signature").GetString());
        Assert.Equal("Bearer sms-test-key", authorization);
        var failed = await RecordAsync(Channels.Sms, id);
        Assert.Equal((DeliveryEntity.Failed, "短信网关返回 503"), (failed.Status, failed.Reason));
        // The message waits in its queue for the next try (hidden for now), and the operators see the failure.
        var queue = services.GetRequiredService<StorageAccount>().Queues.GetQueueClient(StorageQueueSubscriptions.QueueOf(Channels.Sms));
        Assert.Equal(1, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.Contains(await services.GetRequiredService<NotificationDelivery>().FailuresAsync(), f => f.MessageId == id);

        // A refusal is final: dead-lettered at once with the reason, not tried again.
        var refused = "delivery-sms-" + Guid.NewGuid().ToString("N")[..8];
        answers.Enqueue(400);
        await SendAsync(refused, "【逾期】请尽快办理");
        Assert.Equal(1, (await DrainAsync()).DeadLettered);
        var dead = await RecordAsync(Channels.Sms, refused);
        Assert.Equal((DeliveryEntity.DeadLettered, "短信网关返回 400"), (dead.Status, dead.Reason));
        var letters = services.GetRequiredService<StorageAccount>().Queues
            .GetQueueClient(StorageQueueSubscriptions.DeadLetterQueueOf(Channels.Sms));
        var letter = Assert.Single((await letters.ReceiveMessagesAsync(32)).Value);
        Assert.Contains("短信网关返回 400", letter.MessageText);
    }
}
