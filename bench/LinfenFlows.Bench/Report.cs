using System.Text;

namespace LinfenFlows.Bench;

/// <summary>The figures as one table: each of ours next to its baseline, the ratio, and whether the target is met.</summary>
public sealed class Report
{
    private readonly StringBuilder table = new();
    private readonly List<(string Target, bool Met, string Figure)> targets = [];

    private void Row(string figure, string ours, string baseline, string ratio) =>
        table.AppendLine($"| {figure} | {ours} | {baseline} | {ratio} |");

    public void Engine(Scenario scenario, IReadOnlyList<EngineFigures> engine, IReadOnlyList<RunFigures> ours,
        IReadOnlyList<HttpFigures> http)
    {
        var w0 = engine.Select(e => e.W0).ToList();
        var w0b = engine.Select(e => e.W0b).ToList();
        var w0c = engine.Select(e => e.W0c).ToList();
        string S(Func<RunFigures, double> f, IReadOnlyList<RunFigures> runs, string format = "0.0") => Stats.Spread(runs.Select(f), format);
        double Ratio(Func<RunFigures, double> figure, IReadOnlyList<RunFigures> baseRuns) =>
            Stats.Median(ours.Zip(baseRuns, (o, b) => figure(o) / figure(b)));
        table.AppendLine($"### Engine, {scenario.Name}: accident approval over HTTP (B) against the bare engine (A), " +
            $"{ours.Count} rounds alternated A/B, median (min–max)");
        table.AppendLine("| figure | LinfenFlows | baseline | ratio |").AppendLine("|---|---|---|---|");
        Row("cases/s (submissions to all replied)", S(r => r.CasesPerSecond, ours, "0.00"),
            $"W0 {S(r => r.CasesPerSecond, w0, "0.00")}", $"{Ratio(r => r.CasesPerSecond, w0):0.00}×");
        var events = Ratio(r => r.EventsPerSecond, w0c);
        Row("events/s (decision → reply; W0b, W0c: event → done)", S(r => r.EventsPerSecond, ours, "0.00"),
            $"W0c {S(r => r.EventsPerSecond, w0c, "0.00")} · W0b {S(r => r.EventsPerSecond, w0b, "0.00")}", $"{events:0.00}×");
        foreach (var p in new[] { 50, 95, 99 })
            Row($"step latency p{p} (ms)", S(r => r.P(p), ours, "0"),
                $"W0c {S(r => r.P(p), w0c, "0")} · W0b {S(r => r.P(p), w0b, "0")} · W0 {S(r => r.P(p), w0, "0")}",
                $"{Ratio(r => r.P(p), w0c):0.00}×");
        Row("storage requests per case", S(r => r.StorageRequestsPerCase, ours), $"W0 {S(r => r.StorageRequestsPerCase, w0)}", "");
        var perStep = Ratio(r => r.StorageRequestsPerStep, w0);
        Row($"storage requests per step ({AccidentWorkload.StepsPerCase} steps; W0: 5)", S(r => r.StorageRequestsPerStep, ours),
            $"W0 {S(r => r.StorageRequestsPerStep, w0)} · W0c {S(r => r.StorageRequestsPerStep, w0c)}", $"{perStep:0.00}×");
        Row("CPU seconds per case (this process)", S(r => r.CpuSecondsPerCase, ours, "0.000"),
            $"W0 {S(r => r.CpuSecondsPerCase, w0, "0.000")}", $"{Ratio(r => r.CpuSecondsPerCase, w0):0.00}×");
        string H(Func<HttpFigures, IReadOnlyList<double>> f, double p) => Stats.Spread(http.Select(h => Stats.Percentile(f(h), p)), "0");
        foreach (var p in new[] { 50, 99 })
        {
            Row($"HTTP start (submit) p{p} (ms)", H(h => h.Start, p), $"null {H(h => h.Null, p)}",
                $"{Stats.Median(http.Select(h => Stats.Percentile(h.Start, p) / Stats.Percentile(h.Null, p))):0.0}×");
            Row($"HTTP status (case) p{p} (ms)", H(h => h.Status, p), $"null {H(h => h.Null, p)}",
                $"{Stats.Median(http.Select(h => Stats.Percentile(h.Status, p) / Stats.Percentile(h.Null, p))):0.0}×");
        }
        table.AppendLine();
        Breakdown(ours[^1], w0[^1], w0c[^1]);
        table.AppendLine("The status probe's own storage requests are left out of LinfenFlows' figures: " +
            $"{http[^1].Status.Count:N0} calls, " +
            $"{http[^1].ProbeRequests:N0} requests in the last round.").AppendLine();
        var p50 = Ratio(r => r.P(50), w0c);
        var p99 = Ratio(r => r.P(99), w0c);
        targets.Add(($"{scenario.Name}: step p50 ≤ {scenario.P50}× W0c", p50 <= scenario.P50, $"{p50:0.00}×"));
        targets.Add(($"{scenario.Name}: step p99 ≤ {scenario.P99}× W0c", p99 <= scenario.P99, $"{p99:0.00}×"));
        if (scenario.Concurrency > 1) targets.Add(($"{scenario.Name}: events/s ≥ 0.8× W0c", events >= 0.8, $"{events:0.00}×"));
        targets.Add(($"{scenario.Name}: storage requests per step ≤ 1.5× W0's", perStep <= 1.5, $"{perStep:0.00}×"));
    }

    /// <summary>
    /// Where a case's storage requests go (the last round): every purpose LinfenFlows' case used, per case and per step, next to
    /// what W0 and W0c spent on the same purpose.
    /// </summary>
    private void Breakdown(RunFigures ours, RunFigures w0, RunFigures w0c)
    {
        table.AppendLine($"#### Storage requests by purpose, per case (last round; {ours.StepsPerCase} steps a case)");
        table.AppendLine("| purpose | LinfenFlows | per step | W0 (5 steps) | W0c (1 step) |").AppendLine("|---|---|---|---|---|");
        string Of(RunFigures r, string purpose) =>
            r.RequestsPerCaseByPurpose.TryGetValue(purpose, out var n) ? n.ToString("0.00") : "";
        var purposes = ours.RequestsPerCaseByPurpose.Keys.Union(w0.RequestsPerCaseByPurpose.Keys).Union(w0c.RequestsPerCaseByPurpose.Keys)
            .OrderByDescending(p => ours.RequestsPerCaseByPurpose.GetValueOrDefault(p)).ThenBy(p => p, StringComparer.Ordinal);
        foreach (var purpose in purposes)
        {
            var n = ours.RequestsPerCaseByPurpose.GetValueOrDefault(purpose);
            table.AppendLine($"| {purpose} | {Of(ours, purpose)} | {(n == 0 ? "" : (n / ours.StepsPerCase).ToString("0.00"))} | " +
                $"{Of(w0, purpose)} | {Of(w0c, purpose)} |");
        }
        table.AppendLine();
    }

    public void Memory(IReadOnlyList<(int Waiting, long Heap, long WorkingSet)> figures)
    {
        table.AppendLine("### Memory of the host (in this process) with cases waiting for a reviewer");
        table.AppendLine("| waiting cases | managed heap | working set | bytes per waiting case (heap) |").AppendLine("|---|---|---|---|");
        var zero = figures[0];
        foreach (var f in figures)
        {
            var per = f.Waiting == 0 ? "" : PerCase(f.Heap - zero.Heap, f.Waiting);
            table.AppendLine($"| {f.Waiting:N0} | {f.Heap / 1048576.0:0.0} MB | {f.WorkingSet / 1048576.0:0.0} MB | {per} |");
        }
        var last = figures[^1];
        if (last.Waiting > 0)
        {
            var per = (last.Heap - zero.Heap) / (double)last.Waiting;
            targets.Add(("a waiting case costs ≤ 2 KB in the host", per <= 2048, PerCase(last.Heap - zero.Heap, last.Waiting)));
        }
        table.AppendLine();
    }

    /// <summary>A heap that shrank means the waiting cases cost less than the collector's noise.</summary>
    private static string PerCase(long grown, int cases) =>
        grown <= 0 ? "≈0 (within the heap's noise)" : $"{grown / (double)cases:0} bytes";

    public void Veterinary(IReadOnlyList<StageFigures> stages)
    {
        table.AppendLine("### Veterinary training at the city's scale");
        table.AppendLine("| stage | items | seconds | per second | storage requests per item |").AppendLine("|---|---|---|---|---|");
        foreach (var s in stages)
            table.AppendLine($"| {s.Stage} | {s.Items:N0} | {s.Seconds:0.0} | {s.Items / s.Seconds:0.0} | {s.RequestsPerItem:0.0} |");
        table.AppendLine();
        table.AppendLine("#### Storage requests per item by purpose (those of 0.1 or more)");
        table.AppendLine("| stage | purpose | per item |").AppendLine("|---|---|---|");
        foreach (var s in stages)
            foreach (var (purpose, n) in s.ByPurpose.Where(p => p.Value >= 0.1).OrderByDescending(p => p.Value))
                table.AppendLine($"| {s.Stage} | {purpose} | {n:0.00} |");
        table.AppendLine();
    }

    public void Sweep(IReadOnlyList<SweepFigures> figures)
    {
        table.AppendLine("### Deadline sweep: 100 records due, the rest later");
        table.AppendLine("| records | time (ms, median of 3) | rows read |").AppendLine("|---|---|---|");
        foreach (var f in figures) table.AppendLine($"| {f.Records:N0} | {f.Milliseconds:0} | {f.RowsRead} |");
        if (figures.Count > 1)
        {
            var ratio = figures[^1].Milliseconds / figures[0].Milliseconds;
            targets.Add(($"the sweep reads what is due ({figures[^1].Records:N0} ÷ {figures[0].Records:N0} records ≤ 1.5× time)",
                ratio <= 1.5, $"{ratio:0.00}×"));
        }
        table.AppendLine();
    }

    /// <summary>Prints the tables gathered since the last call, so a long run shows each section as it finishes.</summary>
    public void Flush()
    {
        Console.WriteLine();
        Console.Write(table);
        table.Clear();
    }

    public void Print()
    {
        Flush();
        Console.WriteLine("### Targets");
        foreach (var (target, met, figure) in targets) Console.WriteLine($"- {(met ? "met    " : "NOT met")}  {target}: {figure}");
    }
}
