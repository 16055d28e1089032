using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using LinfenFlows.Tests.Support;

namespace LinfenFlows.Tests.Infra;

/// <summary>infra/ builds and passes the linter (the rules that matter are errors in infra/bicepconfig.json).</summary>
public class BicepTests
{
    private static readonly string Bicep = typeof(BicepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepCli").Value!;
    private static readonly string Main = Path.Combine(Repo.Root, "infra", "main.bicep");

    private static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo(Bicep) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task Every_bicep_file_lints_without_a_finding()
    {
        var (exit, output) = await RunAsync("lint", Main);
        Assert.True(exit == 0 && string.IsNullOrWhiteSpace(output), output);
    }

    [Fact]
    public async Task The_template_deploys_a_dotnet_10_isolated_flex_consumption_app_with_no_shared_keys()
    {
        var (exit, json) = await RunAsync("build", Main, "--stdout");
        Assert.True(exit == 0, json);
        var resources = Resources(JsonDocument.Parse(json).RootElement).ToList();

        JsonElement Single(string type) => resources.Single(r => r.GetProperty("type").GetString() == type);
        var runtime = Single("Microsoft.Web/sites").GetProperty("properties").GetProperty("functionAppConfig").GetProperty("runtime");
        // Bicep does not check the runtime name, so this test does.
        Assert.Equal("dotnet-isolated", runtime.GetProperty("name").GetString());
        Assert.Equal("10.0", runtime.GetProperty("version").GetString());
        Assert.Equal("FC1", Single("Microsoft.Web/serverfarms").GetProperty("sku").GetProperty("name").GetString());
        Assert.False(Single("Microsoft.Storage/storageAccounts").GetProperty("properties").GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.True(Single("Microsoft.ServiceBus/namespaces").GetProperty("properties").GetProperty("disableLocalAuth").GetBoolean());
        Assert.True(Single("Microsoft.ServiceBus/namespaces/topics").GetProperty("properties").GetProperty("requiresDuplicateDetection").GetBoolean());

        // Least privilege: data-plane roles only, never Owner or Contributor.
        string[] granted =
        [
            "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
            "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "3913510d-42f4-4e42-8a64-420c390055eb", "4633458b-17de-408a-b874-0445c86b69e6",
        ];
        Assert.All(granted, role => Assert.Contains(role, json));
        Assert.DoesNotContain("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", json);
        Assert.DoesNotContain("b24988ac-6180-42a0-ab88-20f7382dd24c", json);
    }

    /// <summary>Every resource of the compiled template, nested deployments (modules) included.</summary>
    private static IEnumerable<JsonElement> Resources(JsonElement template)
    {
        var resources = template.GetProperty("resources");
        var list = resources.ValueKind == JsonValueKind.Object ? resources.EnumerateObject().Select(p => p.Value) : resources.EnumerateArray();
        foreach (var r in list)
        {
            yield return r;
            if (r.GetProperty("type").GetString() == "Microsoft.Resources/deployments")
                foreach (var inner in Resources(r.GetProperty("properties").GetProperty("template"))) yield return inner;
        }
    }
}
