using System.Diagnostics;
using Azure.Data.Tables;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Bench;

public sealed record SweepFigures(int Records, double Milliseconds, int RowsRead);

/// <summary>
/// The morning reminder sweep with 1,000 / 10,000 / 100,000 deadline records of which a fixed 100 are due today: its time
/// and the rows it reads should follow what is due, not what exists.
/// </summary>
public static class SweepBench
{
    /// <summary>A working Monday morning, 09:00 Beijing.</summary>
    private static readonly DateTimeOffset Morning = new(2026, 11, 30, 9, 0, 0, BeijingTime.Offset);
    private const int Due = 100;

    public static async Task<IReadOnlyList<SweepFigures>> RunAsync(string storage, IReadOnlyList<int> sizes, int repetitions = 3)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(new FixedClock(Morning))
            .AddLinfenFlows(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [Settings.Storage] = storage }).Build())
            .BuildServiceProvider();
        var account = services.GetRequiredService<StorageAccount>();
        await account.EnsureCreatedAsync();
        var deadlines = account.Table(StorageNames.Deadlines);
        var sweep = services.GetRequiredService<ReminderSweep>();
        var today = BeijingTime.DateOf(Morning);
        var results = new List<SweepFigures>();
        var existing = 0;
        foreach (var size in sizes.Order())
        {
            // Rows not yet due fill later days, 100 to a day's partition.
            var add = size - Due - existing;
            await Bounded.RunAsync(Enumerable.Range(existing, Math.Max(0, add)).Chunk(100), 8, async chunk =>
            {
                var day = today.AddDays(30 + chunk[0] / 100);
                await deadlines.SubmitTransactionAsync(chunk.Select(i =>
                    new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row(day, $"later-{i}"))));
                return 0;
            });
            existing += Math.Max(0, add);
            var times = new List<double>();
            var read = 0;
            for (var r = 0; r < repetitions; r++)
            {
                await deadlines.SubmitTransactionAsync(Enumerable.Range(0, Due).Select(i =>
                    new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row(today, $"due-{i}"))));
                var watch = Stopwatch.StartNew();
                var result = await sweep.RunAsync();
                times.Add(watch.Elapsed.TotalMilliseconds);
                read = result.RowsRead;
            }
            results.Add(new SweepFigures(size, Stats.Median(times), read));
        }
        return results;
    }

    /// <summary>A reminder row for a case that has since been closed: read and dropped, as most rows are in practice.</summary>
    private static ReminderEntity Row(DateOnly day, string key) => new()
    {
        PartitionKey = ReminderEntity.PartitionOf(day), RowKey = key, CaseId = "bench-" + key, TaskId = "task",
        DueAt = BeijingTime.EndOf(day),
    };

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
