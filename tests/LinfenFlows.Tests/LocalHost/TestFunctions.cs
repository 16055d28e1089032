using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace LinfenFlows.Tests.LocalHost;

/// <summary>
/// Small HTTP functions of the test assembly for hand-written <c>functions.metadata</c> files: each test writes the metadata
/// a host would index (the one thing wrong in it is the rule under test) and points it at these methods.
/// </summary>
public static class TestFunctions
{
    [Function(nameof(Operate))]
    public static string Operate([HttpTrigger(AuthorizationLevel.Function, "post", Route = "ops/things")] HttpRequest req) =>
        nameof(Operate);

    [Function(nameof(OperateAgain))]
    public static string OperateAgain([HttpTrigger(AuthorizationLevel.Function, "post", Route = "ops/things")] HttpRequest req) =>
        nameof(OperateAgain);

    [Function(nameof(AdminOnly))]
    public static string AdminOnly([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "ops/restarts")] HttpRequest req) =>
        nameof(AdminOnly);

    [Function(nameof(Open))]
    public static string Open([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "things/{id}")] HttpRequest req, string id) =>
        id;
}

/// <summary>A <c>functions.metadata</c> in a folder of its own, naming <see cref="TestFunctions"/> as the Worker SDK would.</summary>
public sealed class TestMetadata : IDisposable
{
    private TestMetadata(string folder) => Folder = folder;

    public string Folder { get; }
    public string Path => System.IO.Path.Combine(Folder, "functions.metadata");

    /// <param name="functions">Each function (a method of <see cref="TestFunctions"/>) with its trigger as the metadata has it.</param>
    public static TestMetadata Write(params HttpFunction[] functions)
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "linfenflows-metadata-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var entries = functions.Select(f =>
        {
            var trigger = new Dictionary<string, object?> { ["name"] = "req", ["direction"] = "In", ["type"] = "httpTrigger" };
            if (f.AuthLevel is not null) trigger["authLevel"] = f.AuthLevel;
            if (f.Methods is not null) trigger["methods"] = f.Methods;
            if (f.Route is not null) trigger["route"] = f.Route;
            return new
            {
                name = f.Name,
                scriptFile = typeof(TestFunctions).Assembly.GetName().Name + ".dll",
                entryPoint = $"{typeof(TestFunctions).FullName}.{f.Method ?? f.Name}",
                language = "dotnet-isolated",
                bindings = new object[] { trigger, new { name = "$return", type = "http", direction = "Out" } },
            };
        });
        var metadata = new TestMetadata(folder);
        File.WriteAllText(metadata.Path, JsonSerializer.Serialize(entries));
        return metadata;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

/// <param name="Method">The method of <see cref="TestFunctions"/> when the function's name in the metadata differs.</param>
public sealed record HttpFunction(
    string Name, string? Route, string? AuthLevel = "Function", string[]? Methods = null, string? Method = null)
{
    public static HttpFunction Post(string name, string? route, string? authLevel = "Function") => new(name, route, authLevel, ["post"]);
}
