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
    private static readonly Lazy<string> Started = new(Start);

    public static string ConnectionString => Started.Value;

    public static StorageAccount Storage()
    {
        var account = new StorageAccount(ConnectionString);
        account.EnsureCreatedAsync().GetAwaiter().GetResult();
        return account;
    }

    private static string Start()
    {
        var configured = Environment.GetEnvironmentVariable("LINFENFLOWS_TEST_STORAGE");
        if (!string.IsNullOrEmpty(configured)) return configured;

        var azurite = Path.Combine(Repo.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite)) throw new InvalidOperationException($"Azurite is not installed: run 'npm ci' in {Repo.Root}.");
        int blob = FreePort(), queue = FreePort(), table = FreePort();
        var process = Process.Start(new ProcessStartInfo(azurite,
            $"--silent --inMemoryPersistence --skipApiVersionCheck --loose --disableTelemetry --blobHost 127.0.0.1 --blobPort {blob} " +
            $"--queueHost 127.0.0.1 --queuePort {queue} --tableHost 127.0.0.1 --tablePort {table}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        })!;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { process.Kill(); } catch (InvalidOperationException) { } };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(Accepts(blob) && Accepts(queue) && Accepts(table)))
        {
            if (process.HasExited) throw new InvalidOperationException("Azurite exited: " + process.StandardError.ReadToEnd());
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Azurite did not open its ports within 30 s.");
            Thread.Sleep(100);
        }
        const string key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
        return $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={key};" +
               $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;" +
               $"TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
