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

    /// <param name="durable">host.json's Durable settings with this machine's overrides; host.json's alone when null.</param>
    public static async Task<DurableBackend> StartAsync(string storageConnectionString, string taskHub, ILoggerFactory loggerFactory,
        DurableStorageSettings? durable = null)
    {
        var settings = new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = taskHub,
            StorageAccountClientProvider = new StorageAccountClientProvider(storageConnectionString),
            // Stable across restarts: the partition table names this worker as the owner, so a restarted host takes its
            // partitions back on its first pass instead of waiting for the leases of the process that died to expire.
            WorkerId = $"{Environment.MachineName}-{taskHub}",
            LoggerFactory = loggerFactory,
        };
        (durable ?? DurableStorageSettings.Read()).ApplyTo(settings);
        var service = new AzureStorageOrchestrationService(settings);
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
