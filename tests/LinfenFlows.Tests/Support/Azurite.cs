using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LinfenFlows.Shared.Storage;

namespace LinfenFlows.Tests.Support;

/// <summary>
/// One real Azurite for the whole test run, started from the pinned npm package on free loopback ports (in-memory data)
/// and stopped when the run ends. Set LINFENFLOWS_TEST_STORAGE to use another one.
/// </summary>
public static class Azurite
{
    private static readonly Lazy<string> Started = new(() =>
        Environment.GetEnvironmentVariable("LINFENFLOWS_TEST_STORAGE") is { Length: > 0 } configured
            ? configured
            : AzuriteServer.Start(location: null).ConnectionString);

    public static string ConnectionString => Started.Value;

    private static readonly Lazy<StorageAccount> Prepared = new(() =>
    {
        var account = new StorageAccount(ConnectionString);
        account.EnsureCreatedAsync().GetAwaiter().GetResult();
        // Tasks go to people holding roles: the sample directory is there before any test acts.
        People.LoadAsync().GetAwaiter().GetResult();
        return account;
    });

    /// <summary>The test storage with every table and the sample directory in it (prepared once per run).</summary>
    public static StorageAccount Storage() => Prepared.Value;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>An Azurite process: in memory, or with its data on disk so it can be stopped and started again on the same ports.</summary>
public sealed class AzuriteServer : IDisposable
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly string? location;
    private readonly int blob = Azurite.FreePort(), queue = Azurite.FreePort(), table = Azurite.FreePort();
    private Process? process;

    private AzuriteServer(string? location) => this.location = location;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};" +
        $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";

    /// <param name="location">A folder for its data (kept across restarts), or null for in-memory data.</param>
    public static AzuriteServer Start(string? location)
    {
        var server = new AzuriteServer(location);
        server.StartProcess();
        return server;
    }

    public void StartProcess()
    {
        var azurite = Path.Combine(Repo.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite)) throw new InvalidOperationException($"Azurite is not installed: run 'npm ci' in {Repo.Root}.");
        var persistence = location is null ? "--inMemoryPersistence" : $"--location \"{location}\"";
        process = Process.Start(new ProcessStartInfo(azurite,
            $"--silent {persistence} --skipApiVersionCheck --loose --disableTelemetry --blobHost 127.0.0.1 --blobPort {blob} " +
            $"--queueHost 127.0.0.1 --queuePort {queue} --tableHost 127.0.0.1 --tablePort {table}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        var started = process;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { started.Kill(); } catch (InvalidOperationException) { } };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(Accepts(blob) && Accepts(queue) && Accepts(table)))
        {
            if (process.HasExited) throw new InvalidOperationException("Azurite exited: " + process.StandardError.ReadToEnd());
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Azurite did not open its ports within 30 s.");
            Thread.Sleep(100);
        }
    }

    /// <summary>
    /// Stops it as a service stop would (SIGTERM: it saves its data). Not SIGKILL: Azurite keeps the last seconds of writes
    /// in memory, which Azure Storage never does with an acknowledged write.
    /// </summary>
    public void Stop()
    {
        if (process is null || process.HasExited) return;
        using (var term = Process.Start("kill", $"-TERM {process.Id}")) term.WaitForExit();
        if (!process.WaitForExit(10_000)) process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (process is { HasExited: false }) process.Kill(entireProcessTree: true);
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

public static class Repo
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LinfenFlows.sln"))) return dir.FullName;
        throw new InvalidOperationException("LinfenFlows.sln not found above " + AppContext.BaseDirectory);
    }
}
