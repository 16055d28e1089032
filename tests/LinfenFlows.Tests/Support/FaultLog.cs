using System.Collections.Concurrent;

namespace LinfenFlows.Tests.Support;

/// <summary>
/// Tallies the faults and attacks the tests inflict and how many the system came through, and writes the tally where
/// tests/run.sh prints it. A test calls <see cref="Tried"/> before it inflicts one and <see cref="Survived"/> after its
/// assertions passed.
/// </summary>
public static class FaultLog
{
    private static readonly ConcurrentDictionary<string, bool> Entries = new();

    static FaultLog() => AppDomain.CurrentDomain.ProcessExit += (_, _) => Write();

    public static void Tried(string what) => Entries.TryAdd(what, false);

    public static void Survived(string what) => Entries[what] = true;

    private static void Write()
    {
        if (Entries.IsEmpty) return;
        var dir = Path.Combine(Repo.Root, "tests", "TestResults");
        Directory.CreateDirectory(dir);
        var survived = Entries.Count(e => e.Value);
        var lines = new List<string>
        {
            survived == Entries.Count
                ? $"Faults and attacks: {Entries.Count} tried, all {survived} came through with nothing lost and nothing done twice."
                : $"Faults and attacks: {Entries.Count} tried, {survived} came through; the failed tests say which did not.",
        };
        lines.AddRange(Entries.OrderBy(e => e.Key).Select(e => $"  {(e.Value ? "ok  " : "FAIL")} {e.Key}"));
        File.WriteAllLines(Path.Combine(dir, "faults-and-attacks.txt"), lines);
    }
}
