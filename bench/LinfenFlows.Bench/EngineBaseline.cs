using System.Diagnostics;
using Grpc.Net.Client;
using LinfenFlows.LocalHost;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Bench;

/// <summary>
/// The bare engine LinfenFlows runs on, wired exactly as the local host wires it (Azure Storage provider on Azurite behind
/// the gRPC sidecar, same worker settings), with a fresh task hub: W0 = five no-op activities in sequence, W0b = one wait
/// for an event, W0c = one wait for an event and then one no-op activity (a decision step at its least: the event arrives,
/// one activity records it).
/// </summary>
public static class EngineBaseline
{
    private const string W0 = nameof(W0), W0b = nameof(W0b), W0c = nameof(W0c), Noop = nameof(Noop), Go = nameof(Go);

    public static async Task<EngineFigures> RunAsync(StorageProxy storage, int cases, int concurrency)
    {
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning));
        await using var backend = await DurableBackend.StartAsync(storage.ConnectionString, "bench" + Guid.NewGuid().ToString("N")[..10],
            loggers);
        using var channel = GrpcChannel.ForAddress(backend.Address);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        builder.Services.AddDurableTaskClient(b => { b.UseGrpc(channel); b.RegisterDirectly(); });
        builder.Services.AddDurableTaskWorker(b =>
        {
            b.AddTasks(r =>
            {
                r.AddOrchestratorFunc<int, int>(W0, async (context, input) =>
                {
                    for (var i = 0; i < 5; i++) input = await context.CallActivityAsync<int>(Noop, input);
                    return input;
                });
                r.AddOrchestratorFunc<int, int>(W0b, (context, _) => context.WaitForExternalEvent<int>(Go));
                r.AddOrchestratorFunc<int, int>(W0c, async (context, _) =>
                    await context.CallActivityAsync<int>(Noop, await context.WaitForExternalEvent<int>(Go)));
                r.AddActivityFunc<int, int>(Noop, (_, input) => input + 1);
            });
            b.UseGrpc(o => { o.Channel = channel; o.SetSilentDisconnectTimeout(TimeSpan.Zero); });
        });
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        try
        {
            return new EngineFigures(await SequenceAsync(client, storage, cases, concurrency),
                await WaitForEventAsync(client, storage, W0b, cases, concurrency),
                await WaitForEventAsync(client, storage, W0c, cases, concurrency));
        }
        finally
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await host.StopAsync(timeout.Token);
        }
    }

    private static async Task<RunFigures> SequenceAsync(DurableTaskClient client, StorageProxy storage, int cases, int concurrency)
    {
        var meter = Meter.Start(storage);
        var ids = await Bounded.RunAsync(Enumerable.Range(0, cases), concurrency, _ => client.ScheduleNewOrchestrationInstanceAsync(W0, 0));
        var done = await Bounded.RunAsync(ids, concurrency, id => client.WaitForInstanceCompletionAsync(id));
        var elapsed = meter.Elapsed;
        // A step of W0 is an activity: its latency is the instance's whole time divided by its five steps.
        var steps = done.Select(d => (d!.LastUpdatedAt - d.CreatedAt).TotalMilliseconds / 5).ToList();
        return new RunFigures("W0", cases, 5, cases / elapsed, cases * 5 / elapsed, steps, meter.Requests / (double)cases,
            meter.CpuSeconds / cases, meter.PerCase(cases));
    }

    /// <summary>Instances started and waiting; then the event raised to each, timed from the raise to the instance's end.</summary>
    private static async Task<RunFigures> WaitForEventAsync(DurableTaskClient client, StorageProxy storage, string name, int cases,
        int concurrency)
    {
        var ids = await Bounded.RunAsync(Enumerable.Range(0, cases), concurrency,
            _ => client.ScheduleNewOrchestrationInstanceAsync(name, 0));
        await Bounded.RunAsync(ids, concurrency, id => client.WaitForInstanceStartAsync(id));
        var meter = Meter.Start(storage);
        var raised = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset>();
        await Bounded.RunAsync(ids, concurrency, async id =>
        {
            raised[id] = DateTimeOffset.UtcNow;
            await client.RaiseEventAsync(id, Go, 1);
            return id;
        });
        var done = await Bounded.RunAsync(ids, concurrency, id => client.WaitForInstanceCompletionAsync(id));
        var elapsed = meter.Elapsed;
        var steps = done.Select(d => (d!.LastUpdatedAt - raised[d.InstanceId]).TotalMilliseconds).ToList();
        return new RunFigures(name, cases, 1, cases / elapsed, cases / elapsed, steps, meter.Requests / (double)cases,
            meter.CpuSeconds / cases, meter.PerCase(cases));
    }
}

public sealed record EngineFigures(RunFigures W0, RunFigures W0b, RunFigures W0c);

/// <summary>Elapsed time, storage requests and this process's CPU time since a point.</summary>
public sealed class Meter
{
    private readonly StorageProxy storage;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;

    private Meter(StorageProxy storage)
    {
        this.storage = storage;
        storage.Reset();
    }

    public static Meter Start(StorageProxy storage) => new(storage);

    public double Elapsed => clock.Elapsed.TotalSeconds;
    public long Requests => storage.Requests;

    /// <summary>Requests since the start by purpose, divided by <paramref name="cases"/>.</summary>
    public IReadOnlyDictionary<string, double> PerCase(int cases) =>
        storage.ByPurpose.ToDictionary(p => p.Key, p => p.Value / (double)cases);
    public double CpuSeconds => (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
}

public static class Bounded
{
    /// <summary>
    /// Runs <paramref name="work"/> for each item with at most <paramref name="concurrency"/> at a time; results in item order.
    /// </summary>
    public static async Task<IReadOnlyList<TOut>> RunAsync<TIn, TOut>(IEnumerable<TIn> items, int concurrency, Func<TIn, Task<TOut>> work)
    {
        var list = items.ToList();
        var results = new TOut[list.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Count), new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (i, _) => results[i] = await work(list[i]));
        return results;
    }
}
