using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Tests.Support;

namespace LinfenFlows.Tests.EndToEnd;

/// <summary>What the host offers other systems and operators: its functions, the API description, keys, health.</summary>
public class PlatformEndToEndTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private static readonly string[] ServedKinds = ["http", "timers", "durable"];
    private LocalHostProcess Host => fixture.Host;

    private static JsonElement Metadata() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata"))).RootElement;

    [Fact]
    public async Task The_host_serves_exactly_the_functions_in_functions_metadata()
    {
        var declared = Metadata().EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order().ToList();

        var served = await Host.Http.GetFromJsonAsync<JsonElement>("localhost/functions");
        var names = ServedKinds.SelectMany(k => served.GetProperty(k).EnumerateArray().Select(e => e.GetString()!).ToList())
            .Order().ToList();

        Assert.Equal(declared, names);
        Assert.Contains(nameof(LinfenFlows.Workflows.Accidents.AccidentReportApproval), names);
    }

    [Fact]
    public async Task The_api_document_describes_every_http_route_and_nothing_else()
    {
        var routes = Metadata().EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m =>
                    (Method: m.GetString()!.ToLowerInvariant(), Path: $"/api/{b.GetProperty("route").GetString()}",
                        Name: f.GetProperty("name").GetString()!))))
            .OrderBy(r => r.Path).ThenBy(r => r.Method).ToList();

        var served = await Host.Http.GetStringAsync("api/" + Routes.OpenApiDocument);
        // What the host serves is what tests/run.sh lints with Redocly CLI.
        Directory.CreateDirectory(Path.Combine(Repo.Root, "tests", "TestResults"));
        await File.WriteAllTextAsync(Path.Combine(Repo.Root, "tests", "TestResults", "openapi.json"), served);
        var document = JsonDocument.Parse(served).RootElement;
        var described = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject()
                .Select(o => (Method: o.Name, Path: p.Name, Name: o.Value.GetProperty("operationId").GetString()!)))
            .OrderBy(r => r.Path).ThenBy(r => r.Method).ToList();

        Assert.Equal(routes, described);
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());
        var submit = document.GetProperty("paths").GetProperty("/api/" + Routes.AccidentRequests).GetProperty("post");
        Assert.Equal("浮山县北峰矿业有限责任公司", submit.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data")
            .GetProperty("example").GetProperty("request").GetProperty("enterprise").GetString());
        Assert.True(submit.GetProperty("responses").TryGetProperty("413", out _));
    }

    [Fact]
    public async Task A_function_level_endpoint_needs_the_function_key_or_the_master_key()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.Http.PostAsync("api/" + Routes.ReminderSweeps, null)).StatusCode);
        foreach (var key in new[] { LocalHostProcess.FunctionKey, LocalHostProcess.MasterKey })
        {
            var withKey = new HttpRequestMessage(HttpMethod.Post, "api/" + Routes.ReminderSweeps);
            withKey.Headers.Add("x-functions-key", key);
            Assert.Equal(HttpStatusCode.OK, (await Host.Http.SendAsync(withKey)).StatusCode);
        }
    }

    [Fact]
    public async Task The_local_host_hands_out_a_persons_principal_which_signs_that_person_in()
    {
        // What the README's examples do: take the principal of a person of the sample directory, call as them.
        var principal = await Host.Http.GetStringAsync("localhost/principals/yjj-clerk");
        using var inbox = new HttpRequestMessage(HttpMethod.Get, "api/" + Routes.Inbox);
        inbox.Headers.Add(LinfenFlows.Shared.Identity.Principal.HeaderName, principal);
        var page = await Host.Http.SendAsync(inbox);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("王磊", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Host.Http.GetAsync("localhost/principals/nobody")).StatusCode);
    }

    [Fact]
    public async Task The_task_hub_has_the_partitions_host_json_asks_for()
    {
        var queues = new List<string>();
        await foreach (var q in Azurite.Storage().Queues.GetQueuesAsync(prefix: Host.TaskHub + "-control-")) queues.Add(q.Name);
        Assert.Equal(LinfenFlows.LocalHost.DurableStorageSettings.Read().PartitionCount, queues.Count);
    }

    [Fact]
    public async Task The_health_endpoint_reports_storage_as_healthy()
    {
        var health = await Host.Http.GetFromJsonAsync<JsonElement>("api/" + Routes.Health);
        Assert.Equal("healthy", health.GetProperty("status").GetString());
    }
}
