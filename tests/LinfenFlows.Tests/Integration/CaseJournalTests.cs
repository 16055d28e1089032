using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Notifications;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Tests.Integration;

public class CaseJournalTests
{
    private readonly ServiceProvider services = TestServices.Build();
    private CaseJournal Journal => services.GetRequiredService<CaseJournal>();

    private async Task<CaseId> NewCaseAsync()
    {
        var id = new CaseId("test-" + Guid.NewGuid().ToString("N")[..16]);
        await Journal.CreateAsync(new CaseEntity { PartitionKey = id.Value, Kind = "test", Title = "测试办件", Parties = "org-a" },
            new CaseChange { Key = "created", Event = new CaseEventDraft("test.created", "创建", Actor.System, DateTimeOffset.UtcNow) });
        return id;
    }

    private static CaseChange Step(string key) => new()
    {
        Key = key,
        Event = new CaseEventDraft("test.step", "办理一步", new Actor("u1", "张三", "staff", "org-a"), DateTimeOffset.UtcNow, "同意"),
        Update = c => c.Step = "第二步",
        Notifications = [new Notification(key + "-mail", new Recipient("u2", "李四", "org-b"), "主题", "正文")],
    };

    [Fact]
    public async Task A_step_retried_with_the_same_key_is_recorded_and_notified_once()
    {
        var id = await NewCaseAsync();
        var first = await Journal.RecordAsync(id, Step("step-1"));
        var again = await Journal.RecordAsync(id, Step("step-1"));

        Assert.False(first.AlreadyRecorded);
        Assert.True(again.AlreadyRecorded);
        Assert.Equal(2, (await Journal.TimelineAsync(id)).Count);
        Assert.Single(await services.MailAsync(id.Value));
    }

    [Fact]
    public async Task A_notification_whose_sending_failed_goes_out_with_the_cases_next_step()
    {
        // The storage queue transport the tests run on (Service Bus cannot run here), made to fail while "down" is set.
        var collection = new ServiceCollection().AddLogging();
        TestServices.AddTo(collection);
        var down = new StrongBox<bool>(true);
        collection.AddSingleton<INotificationTransport>(sp =>
            new Outage(ActivatorUtilities.CreateInstance<StorageQueueTransport>(sp), down));
        await using var flaky = collection.BuildServiceProvider();
        var journal = flaky.GetRequiredService<CaseJournal>();
        var id = await NewCaseAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => journal.RecordAsync(id, Step("step-1")));
        Assert.Equal(2, (await journal.TimelineAsync(id)).Count);
        Assert.Empty(await services.MailAsync(id.Value));

        down.Value = false;
        await journal.RecordAsync(id, Step("step-2"));
        var sent = (await services.MailAsync(id.Value)).Select(m => m.MessageId).Order().ToList();
        Assert.Equal([$"{id}-step-1-mail", $"{id}-step-2-mail"], sent);
        Assert.False((await journal.GetAsync(id)).OutboxUnsent);
    }

    private sealed class Outage(INotificationTransport real, StrongBox<bool> down) : INotificationTransport
    {
        public Task SendAsync(OutgoingMessage message, CancellationToken ct) =>
            down.Value ? throw new InvalidOperationException("通知服务暂不可用") : real.SendAsync(message, ct);
    }

    [Fact]
    public async Task A_refused_step_writes_nothing()
    {
        var id = await NewCaseAsync();
        var before = await Journal.GetAsync(id);
        await Assert.ThrowsAsync<ProblemException>(() => Journal.RecordAsync(id, (_, _) =>
            throw Problem.Conflict("not-now", "现在不能办理", "Not now")));

        var after = await Journal.GetAsync(id);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Single(await Journal.TimelineAsync(id));
    }

    [Fact]
    public async Task Concurrent_steps_all_land_in_one_unbroken_chain()
    {
        var id = await NewCaseAsync();
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Journal.RecordAsync(id, Step($"parallel-{i}"))));

        var timeline = await Journal.TimelineAsync(id);
        Assert.Equal(Enumerable.Range(1, 9), timeline.Select(e => e.Seq));
        Assert.True(CaseJournal.VerifyChain(timeline));
    }

    [Fact]
    public async Task Editing_a_timeline_entry_in_storage_shows_as_a_broken_chain()
    {
        var id = await NewCaseAsync();
        await Journal.RecordAsync(id, Step("step-1"));
        var table = services.GetRequiredService<StorageAccount>().Table(StorageNames.Cases);
        var entry = (await table.GetEntityAsync<TableEntity>(id.Value, RowKeys.Event(2))).Value;
        entry["Opinion"] = "不同意";
        await table.UpdateEntityAsync(entry, entry.ETag);

        Assert.False(CaseJournal.VerifyChain(await Journal.TimelineAsync(id)));
    }
}
