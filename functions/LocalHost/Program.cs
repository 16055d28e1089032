using LinfenFlows.LocalHost;

using var stop = LocalHostApp.StopOnSignals();
await LocalHostApp.RunAsync(args, stop.Token);
