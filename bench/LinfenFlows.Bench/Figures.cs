namespace LinfenFlows.Bench;

/// <summary>Percentiles of a sample, and the median and spread of one figure across rounds.</summary>
public static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        var rank = p / 100 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }

    public static double Median(IEnumerable<double> values) => Percentile(values.ToList(), 50);

    /// <summary>“median (min–max)” of one figure over the rounds.</summary>
    public static string Spread(IEnumerable<double> values, string format = "0.0")
    {
        var list = values.ToList();
        return list.Count == 1
            ? list[0].ToString(format)
            : $"{Median(list).ToString(format)} ({list.Min().ToString(format)}–{list.Max().ToString(format)})";
    }
}

/// <summary>What one run measured. Latencies in milliseconds; storage requests and CPU seconds per case.</summary>
public sealed record RunFigures(
    string Name,
    int Cases,
    int StepsPerCase,
    double CasesPerSecond,
    double EventsPerSecond,
    IReadOnlyList<double> StepLatencies,
    double StorageRequestsPerCase,
    double CpuSecondsPerCase,
    IReadOnlyDictionary<string, double> RequestsPerCaseByPurpose)
{
    public double StorageRequestsPerStep => StorageRequestsPerCase / StepsPerCase;
    public double P(double p) => Stats.Percentile(StepLatencies, p);
}

/// <summary>HTTP latencies; <paramref name="ProbeRequests"/>: storage requests of the status probe, left out of the workload's.</summary>
public sealed record HttpFigures(IReadOnlyList<double> Start, IReadOnlyList<double> Status, IReadOnlyList<double> Null, long ProbeRequests);

/// <summary>How cases arrive, and the targets the issue sets for that load (ratios to W0c).</summary>
public sealed record Scenario(string Name, int Cases, int Concurrency, double P50, double P99)
{
    public static Scenario Burst(int cases, int concurrency) =>
        new($"burst of {cases}, concurrency {concurrency}", cases, concurrency, 3, 5);

    public static Scenario OneAtATime(int cases) => new($"{cases} cases one at a time", cases, 1, 1.5, 2);
}
