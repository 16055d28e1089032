using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using LinfenFlows.Tests.Support;

namespace LinfenFlows.Tests.Infra;

/// <summary>
/// The Bicep CLI from NuGet (the test project's PackageDownload; nothing is downloaded from the internet), and what the
/// infra tests ask of it: build, lint, and <c>snapshot</c>, which evaluates infra/main.bicep for given parameters offline
/// (modules expanded, loops unrolled, names computed; values known only in Azure stay expressions). No Azure call.
/// </summary>
internal static class Bicep
{
    public const string SubscriptionId = "11111111-1111-1111-1111-111111111111";
    public const string TenantId = "22222222-2222-2222-2222-222222222222";
    public const string ClientId = "0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0";

    public static readonly string Cli = typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepCli").Value!;
    public static readonly string Main = Path.Combine(Repo.Root, "infra", "main.bicep");

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo(Cli) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>The compiled ARM template of infra/main.bicep.</summary>
    public static async Task<JsonElement> BuildAsync()
    {
        var (exit, json) = await RunAsync("build", Main, "--stdout");
        Assert.True(exit == 0, json);
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    /// <summary>The parameters azd passes, with a valid client id, for the environment given.</summary>
    public static Dictionary<string, string> Parameters(string environmentName) => new()
    {
        ["environmentName"] = environmentName,
        ["location"] = "chinanorth3",
        ["entraClientId"] = ClientId,
    };

    /// <summary>Snapshot of a deployment with these parameters; fails the test with Bicep's output if there is none.</summary>
    public static async Task<JsonElement> SnapshotAsync(IReadOnlyDictionary<string, string> parameters)
    {
        var (exit, output, snapshot) = await TrySnapshotAsync(parameters);
        Assert.True(exit == 0 && snapshot is not null, output);
        return snapshot!.Value;
    }

    public static async Task<(int ExitCode, string Output, JsonElement? Snapshot)> TrySnapshotAsync(
        IReadOnlyDictionary<string, string> parameters)
    {
        var dir = Directory.CreateTempSubdirectory("linfenflows-bicep-").FullName;
        try
        {
            // A .bicepparam names its template by a relative path only.
            var file = new StringBuilder($"using '{Literal(Path.GetRelativePath(dir, Main))}'\n");
            foreach (var (name, value) in parameters) file.Append($"param {name} = '{Literal(value)}'\n");
            var paramFile = Path.Combine(dir, "deployment.bicepparam");
            await File.WriteAllTextAsync(paramFile, file.ToString());
            var (exit, output) = await RunAsync("snapshot", paramFile, "--mode", "overwrite", "--subscription-id", SubscriptionId,
                "--tenant-id", TenantId, "--location", "chinanorth3", "--deployment-name", "linfenflows");
            var snapshotFile = Path.Combine(dir, "deployment.snapshot.json");
            if (exit != 0 || !File.Exists(snapshotFile)) return (exit, output, null);
            return (exit, output, JsonDocument.Parse(await File.ReadAllTextAsync(snapshotFile)).RootElement.Clone());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The predicted resources of a snapshot of this type.</summary>
    public static IEnumerable<JsonElement> Predicted(JsonElement snapshot, string type) =>
        snapshot.GetProperty("predictedResources").EnumerateArray().Where(r => r.GetProperty("type").GetString() == type);

    /// <summary>Every resource of a compiled template, nested deployments (modules) included.</summary>
    public static IEnumerable<JsonElement> Resources(JsonElement template)
    {
        foreach (var r in OwnResources(template))
        {
            yield return r;
            if (r.GetProperty("type").GetString() == "Microsoft.Resources/deployments")
                foreach (var inner in Resources(r.GetProperty("properties").GetProperty("template"))) yield return inner;
        }
    }

    /// <summary>The compiled template of the module that declares a resource of this type.</summary>
    public static JsonElement ModuleDeclaring(JsonElement template, string type) =>
        Resources(template).Where(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments")
            .Select(r => r.GetProperty("properties").GetProperty("template"))
            .Single(t => OwnResources(t).Any(r => r.GetProperty("type").GetString() == type));

    private static IEnumerable<JsonElement> OwnResources(JsonElement template)
    {
        var resources = template.GetProperty("resources");
        return resources.ValueKind == JsonValueKind.Object ? resources.EnumerateObject().Select(p => p.Value) : resources.EnumerateArray();
    }

    /// <summary>The element at this path of property names.</summary>
    public static JsonElement At(JsonElement element, params string[] path) =>
        path.Aggregate(element, (e, name) => e.GetProperty(name));

    private static string Literal(string value) => value.Replace("\\", "\\\\").Replace("'", "\\'").Replace("${", "\\${");
}
