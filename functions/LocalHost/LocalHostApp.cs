using System.Runtime.InteropServices;
using System.Text.Json;
using Grpc.Net.Client;
using LinfenFlows.Functions;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Workflows;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc.Internal;

namespace LinfenFlows.LocalHost;

/// <summary>
/// LinfenFlows on one machine: the compiled functions of the Functions app served over HTTP, on their timers and on a
/// Durable Task worker, with Durable Functions' Azure Storage provider on Azurite behind it.
/// </summary>
public static class LocalHostApp
{
    public const string ReadyLine = "LinfenFlows local host ready:";
    private static readonly List<PosixSignalRegistration> SignalRegistrations = [];

    public static async Task RunAsync(string[] args, CancellationToken stop)
    {
        // A development host unless told otherwise: the app allows development principals and shortened periods in this environment only.
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args, ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = string.IsNullOrEmpty(environment) ? Environments.Development : environment,
        });
        builder.Configuration.Sources.Insert(0,
            new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = LocalSettings() });
        var config = builder.Configuration;
        var options = config.GetSection("LocalHost").Get<LocalHostOptions>() ?? new LocalHostOptions();
        options.TaskHub = config["LINFENFLOWS_TASKHUB"] ?? options.TaskHub;
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [PrincipalTrust.DevelopmentSetting] = options.DevelopmentIdentity ? "true" : "false",
            // SMS goes to the stand-in gateway below unless a real one is configured.
            [$"{Settings.Sms}:Endpoint"] = config[$"{Settings.Sms}:Endpoint"]
                ?? new Uri(new Uri(config[Settings.PublicBaseUrl] ?? "http://127.0.0.1/"), LocalSms.Path).ToString(),
        });
        var storage = config[Settings.Storage]
            ?? throw new InvalidOperationException($"Set {Settings.Storage} to the Azurite connection string.");

        var catalog = FunctionCatalog.Load();
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        // host.json's Durable settings, with what this machine needs different (README, "The local host").
        var durable = DurableStorageSettings.Read().WithLocal(config.GetSection("LocalHost:Durable").Get<LocalDurableSettings>());
        await using var backend = await DurableBackend.StartAsync(storage, options.TaskHub, loggerFactory, durable);
        using var channel = GrpcChannel.ForAddress(backend.Address);

        builder.Services.AddSingleton<IHostLifetime, NoSignalLifetime>();
        // One line per log entry: a case step reads as one line in the terminal.
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Services.AddMvcCore();
        if (options.ClockOffset < TimeSpan.Zero)
            throw new InvalidOperationException("LocalHost:ClockOffset may not be negative: the Durable engine keeps real time.");
        if (options.ClockOffset > TimeSpan.Zero) builder.Services.AddSingleton<TimeProvider>(new OffsetClock(options.ClockOffset));
        builder.Services.AddLinfenFlowsFunctions(config);
        builder.Services.AddSingleton(catalog);
        builder.Services.AddSingleton(options);
        var served = new ServedFunctions();
        builder.Services.AddSingleton(served);
        // New instances get host.json's version; a worker never runs an instance of a newer version than its own.
        var versioning = DurableVersioning.Read();
        builder.Services.AddDurableTaskClient(b =>
        {
            b.UseGrpc(channel);
            b.RegisterDirectly();
            if (versioning is not null) b.Configure(o => o.DefaultVersion = versioning.Version);
        });
        builder.Services.AddDurableTaskWorker(b =>
        {
            b.AddTasks(r => served.Durable.AddRange(DurableFunctions.Register(r, catalog)));
            b.Configure(o =>
            {
                if (versioning is not null) o.Versioning = versioning.ToWorkerOptions();
                durable.ApplyTo(o);
            });
            // With this sidecar the worker would otherwise drop and reconnect every two minutes.
            b.UseGrpc(o => { o.Channel = channel; o.SetSilentDisconnectTimeout(TimeSpan.Zero); });
        });
        builder.Services.AddHostedService<TimerFunctions>();

        builder.Services.AddSingleton<LocalSms>();
        var app = builder.Build();
        // The local run creates storage once, as the deployment does in Azure (the app never does at start-up).
        await app.Services.GetRequiredService<StorageAccount>().EnsureCreatedAsync(stop);
        if (options.SampleDirectory) await SampleDirectory.LoadAsync(app.Services.GetRequiredService<DirectoryImport>(), stop);
        app.MapHttpFunctions(catalog, options);
        app.MapMailbox(options);
        app.MapLocalSms();
        app.MapServedFunctions();
        await app.StartAsync(CancellationToken.None);

        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        Console.WriteLine($"{ReadyLine} {url}/api/  mailbox: {url}{MailboxPage.Path}  ({catalog.Functions.Count} functions)");
        try
        {
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
        }
        // The worker stops before the sidecar it talks to, or shutdown hangs.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await app.StopAsync(timeout.Token);
        await app.DisposeAsync();
    }

    /// <summary>The <c>Values</c> of local.settings.json (as the Functions host reads them); environment variables win.</summary>
    private static Dictionary<string, string?> LocalSettings()
    {
        var path = new[]
            {
                Path.Combine(Directory.GetCurrentDirectory(), "local.settings.json"),
                Path.Combine(AppContext.BaseDirectory, "local.settings.json"),
            }
            .FirstOrDefault(File.Exists);
        if (path is null) return [];
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.TryGetProperty("Values", out var values)
            ? values.EnumerateObject().ToDictionary(p => p.Name.Replace("__", ":"), p => (string?)p.Value.ToString())
            : [];
    }

    /// <summary>One handler for Ctrl+C and SIGTERM: it asks for an orderly stop instead of the runtime's abrupt one.</summary>
    public static CancellationTokenSource StopOnSignals()
    {
        var stop = new CancellationTokenSource();
        void Handler(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
        // Kept referenced: a collected registration stops handling its signal.
        SignalRegistrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, Handler));
        SignalRegistrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handler));
        return stop;
    }
}
