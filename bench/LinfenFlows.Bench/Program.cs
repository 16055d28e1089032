using System.Diagnostics;
using System.Globalization;
using LinfenFlows.Bench;
using LinfenFlows.Shared.Storage;

// LinfenFlows against the bare Durable engine it runs on, measured side by side in one run (see README, "Benchmarks").
var options = Options.Parse(args);
var azurite = Environment.GetEnvironmentVariable("AzureWebJobsStorage")
    ?? throw new InvalidOperationException("Set AzureWebJobsStorage to an Azurite connection string (bench/run.sh does).");
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
// Requests in this process carry their trace on to the calls they make (ASP.NET Core starts an activity for each incoming call
// only when someone listens): so the storage proxy can tell the status probe's requests from the workload's.
using var traces = new ActivityListener
{
    ShouldListenTo = _ => true,
    Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
};
ActivitySource.AddActivityListener(traces);
await using var storage = await StorageProxy.StartAsync(azurite);
var observer = new StorageAccount(azurite);
await observer.EnsureCreatedAsync();
var workload = new AccidentWorkload(observer);
Console.WriteLine($"LinfenFlows bench: {options.Cases} cases per run, concurrency {options.Concurrency}, {options.Rounds} rounds " +
    $"(A = bare engine, B = LinfenFlows), {Environment.ProcessorCount} cores");

var report = new Report();
if (options.Run("engine"))
{
    // The burst (many cases at once) and one case at a time: each against the bare engine in the same round, A then B.
    foreach (var scenario in new[] { Scenario.Burst(options.Cases, options.Concurrency), Scenario.OneAtATime(options.Single) })
    {
        var engine = new List<EngineFigures>();
        var ours = new List<RunFigures>();
        var http = new List<HttpFigures>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            Console.WriteLine($"{scenario.Name}, round {round}: A (W0, W0b, W0c)…");
            engine.Add(await EngineBaseline.RunAsync(storage, scenario.Cases, scenario.Concurrency));
            Console.WriteLine($"{scenario.Name}, round {round}: B (accident approval over HTTP)…");
            var (b, h) = await workload.RunAsync(storage, scenario.Cases, scenario.Concurrency);
            ours.Add(b);
            http.Add(h);
        }
        report.Engine(scenario, engine, ours, http);
        report.Flush();
    }
}
if (options.Run("memory"))
{
    Console.WriteLine("memory: cases waiting for a reviewer…");
    await using var host = await LocalHostRun.StartAsync(storage.ConnectionString);
    var figures = new List<(int Waiting, long Heap, long WorkingSet)>();
    var waiting = 0;
    foreach (var target in options.Waiting.Prepend(0).Distinct().Order())
    {
        if (target > waiting) await workload.SubmitWaitingAsync(host, target - waiting, options.Concurrency);
        waiting = target;
        await Task.Delay(TimeSpan.FromSeconds(5));
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        figures.Add((waiting, GC.GetTotalMemory(forceFullCollection: true), Process.GetCurrentProcess().WorkingSet64));
    }
    report.Memory(figures);
    report.Flush();
}
if (options.Run("veterinary"))
{
    Console.WriteLine($"veterinary: {options.Vets:N0} vets, {options.Uploads:N0} certificate uploads…");
    report.Veterinary(await VeterinaryBench.RunAsync(storage, options.Vets, options.Uploads, options.Concurrency));
    report.Flush();
}
if (options.Run("sweep"))
{
    Console.WriteLine("sweep: deadline records…");
    report.Sweep(await SweepBench.RunAsync(azurite, options.Sweep));
}
report.Print();

internal sealed record Options(int Cases, int Concurrency, int Single, int Rounds, IReadOnlyList<int> Waiting, IReadOnlyList<int> Sweep,
    int Vets, int Uploads, string? Only)
{
    public bool Run(string section) => Only is null || Only == section;

    public static Options Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        IReadOnlyList<int> List(string name, string fallback) => (Value(name) ?? fallback).Split(',').Select(int.Parse).ToList();
        return new Options(int.Parse(Value("--cases") ?? "100"), int.Parse(Value("--concurrency") ?? "8"),
            int.Parse(Value("--single") ?? "6"),
            int.Parse(Value("--rounds") ?? "2"), List("--waiting", "1000,5000"), List("--sweep", "1000,10000,100000"),
            int.Parse(Value("--vets") ?? "10000"), int.Parse(Value("--uploads") ?? "3000"),
            Value("--only"));
    }
}
