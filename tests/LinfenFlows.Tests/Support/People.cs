using LinfenFlows.LocalHost;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;

namespace LinfenFlows.Tests.Support;

/// <summary>
/// The people tests act as: those of the sample directory a local run starts with (functions/LocalHost/SampleDirectory),
/// loaded into the test Azurite once per run through the operators' import, and read here as the callers they sign in as.
/// </summary>
public static class People
{
    private static readonly Lazy<IReadOnlyDictionary<string, Caller>> Sample = new(() =>
        Csv.Read(File.ReadAllText(Path.Combine(SampleDirectory.Folder, "people.csv")), DirectoryImport.PeopleColumns, "people", "人员名单")
            .ToDictionary(r => r["personId"]!, r => new Caller(r["personId"]!, r["name"]!, OrganisationOf(r["organisation"]!),
                r["roles"]!.Split('|').Select(x => Roles.Parse(x)!).ToHashSet(), r["vetId"])));

    private static readonly Lazy<Task> Loaded = new(() =>
    {
        var storage = new LinfenFlows.Shared.Storage.StorageAccount(Azurite.ConnectionString);
        var directory = new StaffDirectory(storage, TimeProvider.System);
        return SampleDirectory.LoadAsync(new DirectoryImport(directory, new DirectoryChanges(storage, TimeProvider.System),
            TimeProvider.System));
    });

    /// <summary>A person of the sample directory, as they are once signed in.</summary>
    public static Caller Get(string personId) => Sample.Value.TryGetValue(personId, out var c) ? c
        : throw new ArgumentException($"{personId} is not in the sample directory.", nameof(personId));

    /// <summary>The sample directory in the test Azurite (idempotent: loaded once per run).</summary>
    public static Task LoadAsync() => Loaded.Value;

    /// <summary>The address a sample person's mail arrives at.</summary>
    public static string MailOf(string personId) => $"{personId}@linfen.example";

    private static string OrganisationOf(string idOrName) =>
        Organisations.Find(idOrName)?.Id ?? Organisations.Chart.FirstOrDefault(o => o.Name == idOrName)?.Id
            ?? StaffDirectory.UnitIdOf(idOrName, null);
}
