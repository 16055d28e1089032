using DurableTask.AzureStorage;
using LinfenFlows.LocalHost;
using LinfenFlows.Shared;
using Microsoft.DurableTask.Worker;

namespace LinfenFlows.Tests.LocalHost;

/// <summary>The local host runs on host.json's settings, read as the Functions host and the Durable extension read them.</summary>
public class HostJsonTests
{
    private static string WriteHostJson(string durableTask)
    {
        var path = Path.Combine(Path.GetTempPath(), $"linfenflows-host-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""{ "version": "2.0", "extensions": { "durableTask": {{durableTask}} } }""");
        return path;
    }

    [Fact]
    public void The_durable_settings_are_host_jsons_with_the_extensions_defaults_for_the_rest()
    {
        var settings = DurableStorageSettings.Read();
        Assert.Equal(4, settings.PartitionCount);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.MaxQueuePollingInterval);
        Assert.Equal(10, settings.MaxConcurrentActivityFunctions);
        Assert.Equal(10, settings.MaxConcurrentOrchestratorFunctions);
        Assert.False(settings.ExtendedSessionsEnabled);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.WorkItemQueueVisibilityTimeout);
        Assert.Equal((32, 256), (settings.ControlQueueBatchSize, settings.ControlQueueBufferThreshold));
    }

    [Fact]
    public void Settings_are_read_in_any_case_and_also_as_strings()
    {
        var path = WriteHostJson("""
            { "StorageProvider": { "PartitionCount": "2", "controlQueueBatchSize": 8, "controlQueueBufferThreshold": 40,
                "controlQueueVisibilityTimeout": "00:02:00", "workItemQueueVisibilityTimeout": "00:03:00" },
              "extendedSessionsEnabled": true, "extendedSessionIdleTimeoutInSeconds": 90, "maxConcurrentOrchestratorFunctions": "3" }
            """);
        var settings = DurableStorageSettings.Read(path);
        File.Delete(path);
        Assert.Equal((2, 8, 40, 3), (settings.PartitionCount, settings.ControlQueueBatchSize, settings.ControlQueueBufferThreshold,
            settings.MaxConcurrentOrchestratorFunctions));
        Assert.Equal(TimeSpan.FromMinutes(2), settings.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromMinutes(3), settings.WorkItemQueueVisibilityTimeout);
        Assert.True(settings.ExtendedSessionsEnabled);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.ExtendedSessionIdleTimeout);
    }

    [Theory]
    [InlineData("""{ "storageProvider": { "partitionCount": 17 } }""", "partitionCount")]
    [InlineData("""{ "storageProvider": { "controlQueueVisibilityTimeout": "00:00:30" } }""", "controlQueueVisibilityTimeout")]
    [InlineData("""{ "storageProvider": { "controlQueueBufferThreshold": 1001 } }""", "controlQueueBufferThreshold")]
    [InlineData("""{ "maxConcurrentActivityFunctions": 0 }""", "maxConcurrentActivityFunctions")]
    public void A_value_the_durable_extension_refuses_in_host_json_stops_the_local_host_too(string durableTask, string setting)
    {
        var path = WriteHostJson(durableTask);
        var refusal = Assert.Throws<InvalidOperationException>(() => DurableStorageSettings.Read(path));
        File.Delete(path);
        Assert.Contains(setting, refusal.Message);
    }

    [Fact]
    public void Local_settings_replace_only_what_this_machine_needs_different()
    {
        var fromHostJson = DurableStorageSettings.Read();
        var local = fromHostJson.WithLocal(new LocalDurableSettings
        {
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(30), WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(30),
            ControlQueueBufferThreshold = 20, ControlQueueBatchSize = 5,
        });
        Assert.Equal(fromHostJson with
        {
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(30),
            WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(30),
            ControlQueueBufferThreshold = 20,
            ControlQueueBatchSize = 5,
        }, local);
        Assert.Equal(fromHostJson, fromHostJson.WithLocal(null));
        Assert.Throws<InvalidOperationException>(() => fromHostJson.WithLocal(new LocalDurableSettings { ControlQueueBatchSize = 33 }));
        Assert.Throws<InvalidOperationException>(() =>
            fromHostJson.WithLocal(new LocalDurableSettings { WorkItemQueueVisibilityTimeout = TimeSpan.Zero }));
    }

    [Fact]
    public void The_settings_reach_the_storage_backend_and_the_worker()
    {
        var local = new LocalDurableSettings { ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(30) };
        var settings = DurableStorageSettings.Read().WithLocal(local);
        var backend = new AzureStorageOrchestrationServiceSettings();
        var worker = new DurableTaskWorkerOptions();
        settings.ApplyTo(backend);
        settings.ApplyTo(worker);
        Assert.Equal(4, backend.PartitionCount);
        Assert.Equal(TimeSpan.FromSeconds(5), backend.MaxQueuePollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(30), backend.ControlQueueVisibilityTimeout);
        Assert.Equal((10, 10), (backend.MaxConcurrentTaskActivityWorkItems, backend.MaxConcurrentTaskOrchestrationWorkItems));
        var concurrency = worker.Concurrency;
        Assert.Equal((10, 10), (concurrency.MaximumConcurrentActivityWorkItems, concurrency.MaximumConcurrentOrchestrationWorkItems));
    }

    [Fact]
    public void The_route_prefix_in_host_json_is_the_one_links_are_built_with()
    {
        Assert.Equal(Routes.Prefix, HostJson.RoutePrefix());
        Assert.Equal("api", HostJson.RoutePrefix(Path.Combine(Path.GetTempPath(), "no-such-host.json")));
    }
}
