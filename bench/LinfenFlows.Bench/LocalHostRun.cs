using System.Net;
using System.Net.Sockets;
using LinfenFlows.LocalHost;

namespace LinfenFlows.Bench;

/// <summary>The local host in this process (so its CPU and memory are measured), on a free port and a fresh task hub.</summary>
public sealed class LocalHostRun : IAsyncDisposable
{
    public const string FunctionKey = "bench-function-key";
    private readonly CancellationTokenSource stop = new();
    private Task? running;

    public HttpClient Http { get; private set; } = null!;
    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<LocalHostRun> StartAsync(string storage)
    {
        var port = FreePort();
        var run = new LocalHostRun { BaseUrl = new Uri($"http://127.0.0.1:{port}/") };
        // The local host reads its settings from the environment, as run.sh gives them.
        Environment.SetEnvironmentVariable("AzureWebJobsStorage", storage);
        Environment.SetEnvironmentVariable("LINFENFLOWS_TASKHUB", "bench" + Guid.NewGuid().ToString("N")[..10]);
        Environment.SetEnvironmentVariable("LinfenFlows__PublicBaseUrl", run.BaseUrl.ToString());
        Environment.SetEnvironmentVariable("LocalHost__DevelopmentIdentity", "true");
        Environment.SetEnvironmentVariable("LocalHost__FunctionKey", FunctionKey);
        // The sample directory: the bench signs in as its people (the bureau's clerk, the supervisor) and mails its reviewer.
        Environment.SetEnvironmentVariable("LocalHost__SampleDirectory", "true");
        Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");
        // Stopping a run leaves follow-through activities of replied cases in flight; the worker's complaint about its closed
        // channel is expected then, and would bury the table.
        Environment.SetEnvironmentVariable("Logging__LogLevel__Microsoft.DurableTask", "None");
        run.running = Task.Run(() => LocalHostApp.RunAsync(["--urls", run.BaseUrl.ToString().TrimEnd('/')], run.stop.Token));
        run.Http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 64 })
        {
            BaseAddress = run.BaseUrl, Timeout = TimeSpan.FromMinutes(2),
        };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (run.running.IsFaulted) await run.running;
            try
            {
                if ((await run.Http.GetAsync("api/ping")).StatusCode == HttpStatusCode.NoContent) return run;
            }
            catch (HttpRequestException)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The local host did not start.");
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (running is not null) await running;
        Http.Dispose();
    }
}
