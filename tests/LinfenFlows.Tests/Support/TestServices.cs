using LinfenFlows.Functions;
using LinfenFlows.Shared.Notifications;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Tests.Support;

/// <summary>The app's own service registrations over the test Azurite, with a clock the test can move.</summary>
public static class TestServices
{
    public const string PublicBaseUrl = "http://linfenflows.test/";

    public static IConfiguration Configuration(IDictionary<string, string?>? extra = null)
    {
        var values = new Dictionary<string, string?>
        {
            [Settings.Storage] = Azurite.ConnectionString,
            [Settings.PublicBaseUrl] = PublicBaseUrl,
        };
        foreach (var (k, v) in MailDev.Settings) values[k] = v;
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) values[k] = v;
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }

    public static void AddTo(IServiceCollection services, TimeProvider? clock = null)
    {
        if (clock is not null) services.AddSingleton(clock);
        services.AddLinfenFlowsFunctions(Configuration());
    }

    public static ServiceProvider Build(TimeProvider? clock = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        AddTo(services, clock);
        var provider = services.BuildServiceProvider();
        Azurite.Storage();
        return provider;
    }

    public static async Task<IReadOnlyList<MailboxEntity>> MailAsync(this IServiceProvider services, string caseId)
    {
        var all = await MailboxEntity.ListAsync(services.GetRequiredService<StorageAccount>(), 1000, CancellationToken.None);
        return all.Where(m => m.CaseId == caseId).ToList();
    }
}

/// <summary>A clock the test sets; timers are not involved (durable timers run on the engine's own clock).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;
    public override DateTimeOffset GetUtcNow() => Now;
}
