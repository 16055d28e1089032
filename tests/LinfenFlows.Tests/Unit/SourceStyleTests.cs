using LinfenFlows.Tests.Support;

namespace LinfenFlows.Tests.Unit;

/// <summary>The house style, kept by a test: source lines stay within 140 characters (characters, not bytes).</summary>
public class SourceStyleTests
{
    private const int MaxLineLength = 140;

    private static readonly string[] SourceFolders = ["functions", "workflows", "shared", "tests", "bench"];

    /// <summary>Build output and hidden folders hold generated or tool files, not the project's source.</summary>
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase) { "bin", "obj", "node_modules" };

    [Fact]
    public void No_source_line_is_longer_than_140_characters()
    {
        var tooLong = new List<string>();
        foreach (var file in SourceFolders.SelectMany(SourceFiles).Order(StringComparer.Ordinal))
        {
            var number = 0;
            foreach (var line in File.ReadLines(Path.Combine(Repo.Root, file)))
            {
                number++;
                if (line.Length > MaxLineLength) tooLong.Add($"{file}:{number} ({line.Length})");
            }
        }
        Assert.True(tooLong.Count == 0,
            $"{tooLong.Count} source lines are longer than {MaxLineLength} characters:\n" + string.Join('\n', tooLong));
    }

    /// <summary>Every .cs file under a folder of the repository, as a path relative to its root with '/' separators.</summary>
    private static IEnumerable<string> SourceFiles(string folder)
    {
        var root = Path.Combine(Repo.Root, folder);
        if (!Directory.Exists(root)) yield break;
        var pending = new Stack<string>([root]);
        while (pending.TryPop(out var directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.cs"))
                yield return Path.GetRelativePath(Repo.Root, file).Replace('\\', '/');
            foreach (var sub in Directory.EnumerateDirectories(directory))
            {
                var name = Path.GetFileName(sub);
                if (!SkippedFolders.Contains(name) && !name.StartsWith('.')) pending.Push(sub);
            }
        }
    }
}
