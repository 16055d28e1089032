using System.Net;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;

namespace LinfenFlows.LocalHost;

/// <summary>
/// Durable Functions' own Azure Storage provider (the same task-hub layout as in Azure, so cases survive restarts),
/// served to the worker through the Durable Task gRPC sidecar on a loopback port.
/// </summary>
public sealed class DurableBackend : IAsyncDisposable
{
    private readonly WebApplication sidecar;

    private DurableBackend(WebApplication sidecar, Uri address)
    {
        this.sidecar = sidecar;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<DurableBackend> StartAsync(string storageConnectionString, string taskHub, ILoggerFactory loggerFactory)
    {
        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = taskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(storageConnectionString),
            PartitionCount = 1,
            // Stable across restarts: a restarted host takes its own partition lease back at once instead of waiting
            // for the lease of the process that died to expire.
            WorkerId = $"{Environment.MachineName}-{taskHub}",
            // The 30 s default makes an idle host slow to notice new work.
            MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
            // Messages a crashed host had taken come back after this long (the 5-minute default would leave a case
            // waiting that long after kill -9). The provider renews it for work that runs longer; activities are
            // idempotent should one ever run twice.
            ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(30),
            WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(30),
            LoggerFactory = loggerFactory,
        });
        await service.CreateIfNotExistsAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        builder.Services.AddSingleton(loggerFactory);
        var app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DurableBackend(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await sidecar.StopAsync(timeout.Token);
        await sidecar.DisposeAsync();
    }
}

/// <summary>The hosts leave Ctrl+C and SIGTERM to the one handler in Program, which stops them in order.</summary>
public sealed class NoSignalLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
