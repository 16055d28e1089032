using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;

namespace LinfenFlows.LocalHost;

/// <summary>
/// The sample directory a local run starts with (SampleDirectory/*.csv: people for every role of every process, a vet of
/// each sample county, experts, an enterprise), loaded through the same import operators use. Development data only:
/// the app itself names nobody.
/// </summary>
public static class SampleDirectory
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "SampleDirectory");

    /// <summary>Who the sample data is recorded as having been loaded by.</summary>
    public static readonly Caller Loader = new("local-sample-data", "本机示例数据", Organisations.CityGovernmentOffice,
        new HashSet<string> { Roles.Operator });

    public static async Task LoadAsync(DirectoryImport import, CancellationToken ct = default)
    {
        await import.ImportUnitsAsync(Loader, await File.ReadAllTextAsync(Path.Combine(Folder, "units.csv"), ct), ct);
        await import.ImportPeopleAsync(Loader, await File.ReadAllTextAsync(Path.Combine(Folder, "people.csv"), ct), ct);
    }
}
