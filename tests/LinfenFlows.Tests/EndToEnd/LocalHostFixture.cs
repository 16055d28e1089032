using LinfenFlows.Tests.Support;

namespace LinfenFlows.Tests.EndToEnd;

/// <summary>One running local host shared by the tests of a class.</summary>
public sealed class LocalHostFixture : IAsyncLifetime
{
    public LocalHostProcess Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await LocalHostProcess.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
