using Azure.Identity;
using Azure.Messaging.ServiceBus;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Documents;
using LinfenFlows.Shared.Notifications;
using LinfenFlows.Shared.Reviews;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Accidents;
using LinfenFlows.Workflows.Reviews;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LinfenFlows.Workflows;

/// <summary>Configuration keys, in one place (see the README's configuration reference).</summary>
public static class Settings
{
    public const string Storage = "AzureWebJobsStorage";
    public const string StorageAccountName = "AzureWebJobsStorage:accountName";
    public const string ServiceBus = "ServiceBusConnection";
    public const string ServiceBusNamespace = "ServiceBusConnection:fullyQualifiedNamespace";
    public const string PublicBaseUrl = "LinfenFlows:PublicBaseUrl";
    public const string AttachmentMaxBytes = "LinfenFlows:Attachments:MaxBytes";
    public const string AccidentPolicy = "LinfenFlows:Accidents";
    public const string CalendarDirectory = "LinfenFlows:Calendar:AdditionalYearsDirectory";
}

public static class LinfenFlowsServices
{
    /// <summary>Everything the functions need: storage, the case journal, reviews, notifications and the processes' services.</summary>
    public static IServiceCollection AddLinfenFlows(this IServiceCollection services, IConfiguration config)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => config[Settings.CalendarDirectory] is { Length: > 0 } directory
            ? WorkingCalendar.WithDirectory(directory)
            : WorkingCalendar.Official);
        services.AddSingleton(_ => new StorageAccount(
            config[Settings.Storage] ?? config[Settings.StorageAccountName]
            ?? throw new InvalidOperationException($"Set {Settings.Storage} (a connection string) or {Settings.StorageAccountName}.")));
        services.AddSingleton(new PublicUrls(new Uri(config[Settings.PublicBaseUrl] ?? "http://localhost:7071/")));
        services.AddSingleton(new AttachmentPolicy(config.GetValue<long?>(Settings.AttachmentMaxBytes) ?? AttachmentPolicy.Default.MaxBytes));
        services.AddSingleton(config.GetSection(Settings.AccidentPolicy).Get<AccidentPolicy>() ?? new AccidentPolicy());
        services.AddNotificationTransport(config);

        services.AddSingleton<CaseJournal>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<AttachmentStore>();
        services.AddSingleton<DocumentNumbers>();
        services.AddSingleton<ReviewService>();
        services.AddSingleton<ReminderSweep>();
        services.AddSingleton<ReviewActivities>();
        services.AddSingleton<ReviewDesk>();
        services.AddSingleton<AccidentIntake>();
        services.AddSingleton<AccidentActivities>();
        services.AddHostedService<StartupChecks>();
        return services;
    }

    private static void AddNotificationTransport(this IServiceCollection services, IConfiguration config)
    {
        var connection = config[Settings.ServiceBus];
        var fqns = config[Settings.ServiceBusNamespace];
        if (connection is null && fqns is null)
        {
            services.AddSingleton<INotificationTransport, StorageQueueTransport>();
            return;
        }
        services.AddSingleton(_ => connection is not null ? new ServiceBusClient(connection) : new ServiceBusClient(fqns, new DefaultAzureCredential()));
        services.AddSingleton<INotificationTransport>(sp => new ServiceBusTransport(sp.GetRequiredService<ServiceBusClient>().CreateSender(ServiceBusTransport.TopicName)));
    }
}

/// <summary>
/// On start: the calendar data is loaded and validated (a broken year file stops the app here, not at some deadline), and
/// the tables, container and queue are created (idempotent), so a fresh account works at once.
/// </summary>
internal sealed class StartupChecks(StorageAccount storage, WorkingCalendar calendar) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = calendar.Years;
        return storage.EnsureCreatedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
