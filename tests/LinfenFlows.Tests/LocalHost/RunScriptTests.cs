using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LinfenFlows.LocalHost;
using LinfenFlows.Tests.Support;

namespace LinfenFlows.Tests.LocalHost;

/// <summary>functions/LocalHost/run.sh as a person runs it (on the built binaries, with its data in a folder of its own).</summary>
public class RunScriptTests
{
    /// <summary>One run of run.sh: the script, the host it started and the Azurite it started, found by its data folder.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private readonly Process script;
        private readonly System.Text.StringBuilder output = new();
        private bool disposed;

        private Run(Process script, string data)
        {
            this.script = script;
            Data = data;
        }

        public string Data { get; }
        public int Port { get; private set; }
        public string Output { get { lock (output) return output.ToString(); } }

        public static async Task<Run> StartAsync(string data, int? port = null)
        {
            var info = new ProcessStartInfo("bash", $"\"{Path.Combine(Repo.Root, "functions", "LocalHost", "run.sh")}\"")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Repo.Root,
            };
            info.Environment["LINFENFLOWS_DATA"] = data;
            info.Environment["LINFENFLOWS_NO_BUILD"] = "1";
            info.Environment.Remove("LINFENFLOWS_PORT");
            if (port is not null) info.Environment["LINFENFLOWS_PORT"] = port.ToString();
            info.Environment["Logging__LogLevel__Default"] = "Warning";
            var run = new Run(new Process { StartInfo = info }, data);
            var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            run.script.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (run.output) run.output.AppendLine(e.Data);
                if (e.Data.StartsWith(LocalHostApp.ReadyLine, StringComparison.Ordinal)) ready.TrySetResult(e.Data);
            };
            run.script.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (run.output) run.output.AppendLine(e.Data); };
            run.script.Start();
            run.script.BeginOutputReadLine();
            run.script.BeginErrorReadLine();
            var finished = await Task.WhenAny(ready.Task, run.script.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(120)));
            if (finished != ready.Task) throw new InvalidOperationException("run.sh did not bring the host up:\n" + run.Output);
            run.Port = new Uri((await ready.Task).Split(' ', StringSplitOptions.RemoveEmptyEntries)[4]).Port;
            return run;
        }

        public int HostPid => ProcessesWhere(args => args.Contains($"http://127.0.0.1:{Port}")
            && args.Any(a => a.EndsWith("LinfenFlows.LocalHost.dll", StringComparison.Ordinal))).Single();

        /// <summary>Azurite processes of this run: the ones whose --location is this run's data folder.</summary>
        public IReadOnlyList<int> Azurites =>
            ProcessesWhere(args => args.SkipWhile(a => a != "--location").Skip(1).FirstOrDefault() == Data);

        public async Task<bool> ExitsWithinAsync(TimeSpan time)
        {
            using var timeout = new CancellationTokenSource(time);
            try
            {
                await script.WaitForExitAsync(timeout.Token);
                return true;
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        public static void Signal(string signal, int pid)
        {
            using var kill = Process.Start("kill", $"-{signal} {pid}");
            kill.WaitForExit();
        }

        public void Terminate() => Signal("TERM", script.Id);

        public async ValueTask DisposeAsync()
        {
            if (disposed) return;
            disposed = true;
            if (!script.HasExited)
            {
                Terminate();
                if (!await ExitsWithinAsync(TimeSpan.FromSeconds(20))) script.Kill(entireProcessTree: true);
            }
            foreach (var pid in Azurites) Signal("KILL", pid);
            script.Dispose();
        }
    }

    private static List<int> ProcessesWhere(Func<string[], bool> match)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                if (args.Length > 0 && match(args)) found.Add(pid);
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return found;
    }

    private static string NewDataFolder() => Path.Combine(Path.GetTempPath(), "linfenflows-run-" + Guid.NewGuid().ToString("N")[..8]);

    private static async Task<bool> NoneLeftAsync(Func<IReadOnlyList<int>> processes, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (processes().Count > 0)
        {
            if (DateTime.UtcNow > deadline) return false;
            await Task.Delay(200);
        }
        return true;
    }

    [Fact]
    public async Task When_the_host_is_killed_with_kill_9_run_sh_stops_its_azurite_too()
    {
        FaultLog.Tried("kill -9 of the host started by run.sh");
        var data = NewDataFolder();
        await using var run = await Run.StartAsync(data, Azurite.FreePort());
        Assert.Single(run.Azurites);

        Run.Signal("KILL", run.HostPid);

        Assert.True(await run.ExitsWithinAsync(TimeSpan.FromSeconds(20)), "run.sh did not end after its host died:\n" + run.Output);
        Assert.True(await NoneLeftAsync(() => run.Azurites, TimeSpan.FromSeconds(10)), "Azurite outlived the run:\n" + run.Output);
        FaultLog.Survived("kill -9 of the host started by run.sh");
        Directory.Delete(data, recursive: true);
    }

    [Fact]
    public async Task Run_sh_takes_the_last_runs_port_again_so_links_in_sent_mails_keep_working()
    {
        var data = NewDataFolder();
        int first;
        await using (var run = await Run.StartAsync(data))
        {
            first = run.Port;
            run.Terminate();
            Assert.True(await run.ExitsWithinAsync(TimeSpan.FromSeconds(30)), run.Output);
            Assert.True(await NoneLeftAsync(() => run.Azurites, TimeSpan.FromSeconds(10)), "Azurite outlived the run:\n" + run.Output);
        }
        Assert.Equal(first.ToString(), File.ReadAllText(Path.Combine(data, "localhost.port")).Trim());

        await using (var again = await Run.StartAsync(data))
            Assert.Equal(first, again.Port);

        // Taken by someone else in between: another port, remembered from then on.
        using var squatter = new TcpListener(IPAddress.Loopback, first);
        squatter.Start();
        await using var third = await Run.StartAsync(data);
        Assert.NotEqual(first, third.Port);
        Assert.Equal(third.Port.ToString(), File.ReadAllText(Path.Combine(data, "localhost.port")).Trim());
        await third.DisposeAsync();
        Directory.Delete(data, recursive: true);
    }
}
