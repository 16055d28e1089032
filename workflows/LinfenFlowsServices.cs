using Azure.Core;
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
using LinfenFlows.Workflows.Parks;
using LinfenFlows.Workflows.Veterinary;
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
    public const string ServiceBusClientId = "ServiceBusConnection:clientId";
    public const string PublicBaseUrl = "LinfenFlows:PublicBaseUrl";
    public const string AttachmentMaxBytes = "LinfenFlows:Attachments:MaxBytes";
    public const string AccidentPolicy = "LinfenFlows:Accidents";
    public const string FollowThroughPolicy = "LinfenFlows:Accidents:FollowThrough";
    public const string ParkPolicy = "LinfenFlows:Parks";
    public const string TrainingPolicy = "LinfenFlows:Veterinary";
    public const string CalendarDirectory = "LinfenFlows:Calendar:AdditionalYearsDirectory";
    public const string RetainFinishedWorkflowsDays = "LinfenFlows:Durable:RetainFinishedDays";
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
        services.AddSingleton(_ => StorageFrom(config));
        services.AddSingleton(new PublicUrls(new Uri(config[Settings.PublicBaseUrl] ?? "http://localhost:7071/")));
        services.AddSingleton(new AttachmentPolicy(config.GetValue<long?>(Settings.AttachmentMaxBytes) ?? AttachmentPolicy.Default.MaxBytes));
        services.AddSingleton(config.GetSection(Settings.AccidentPolicy).Get<AccidentPolicy>() ?? new AccidentPolicy());
        services.AddSingleton(config.GetSection(Settings.FollowThroughPolicy).Get<FollowThroughPolicy>() ?? new FollowThroughPolicy());
        services.AddSingleton(config.GetSection(Settings.ParkPolicy).Get<ParkPolicy>() ?? new ParkPolicy());
        services.AddSingleton(config.GetSection(Settings.TrainingPolicy).Get<TrainingPolicy>() ?? new TrainingPolicy());
        services.AddNotificationTransport(config);

        services.AddSingleton<CaseJournal>();
        services.AddSingleton<CaseIndex>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<AttachmentStore>();
        services.AddSingleton<DocumentNumbers>();
        services.AddSingleton<ReviewService>();
        services.AddSingleton<ReminderSweep>();
        services.AddSingleton<ReviewActivities>();
        services.AddSingleton<ReviewDesk>();
        services.AddSingleton<AccidentIntake>();
        services.AddSingleton<AccidentActivities>();
        services.AddSingleton<AccidentFollowThroughActivities>();
        services.AddSingleton<WorkflowStarter>();
        services.AddSingleton<CaseSummaries>();
        services.AddSingleton<ParkIntake>();
        services.AddSingleton<ParkActivities>();
        services.AddSingleton<ParkPublicity>();
        services.AddSingleton<ParkRegistry>();
        services.AddSingleton<ParkCycles>();
        services.AddSingleton<ParkCycleActivities>();
        services.AddSingleton<ParkBranchActivities>();
        services.AddSingleton<VetYearIndex>();
        services.AddSingleton<TrainingRecords>();
        services.AddSingleton<VetRegistration>();
        services.AddSingleton<TrainingIntake>();
        services.AddSingleton<CertificateActivities>();
        services.AddSingleton<TrainingStatistics>();
        services.AddSingleton<TrainingYearActivities>();
        services.AddHostedService<StartupChecks>();
        return services;
    }

    /// <summary>
    /// The same settings the Functions host reads for AzureWebJobsStorage: a connection string, or (identity-based) the
    /// account name or explicit service URIs, with the user-assigned identity's client id.
    /// </summary>
    private static StorageAccount StorageFrom(IConfiguration config)
    {
        if (config[Settings.Storage] is { Length: > 0 } connectionString) return new StorageAccount(connectionString);
        var section = config.GetSection(Settings.Storage);
        var account = section["accountName"];
        Uri Endpoint(string service) => section[$"{service}ServiceUri"] is { Length: > 0 } uri ? new Uri(uri)
            : account is not null ? new Uri($"https://{account}.{service}.core.windows.net")
            : throw new InvalidOperationException($"Set {Settings.Storage} (a connection string) or {Settings.StorageAccountName}.");
        return new StorageAccount(Endpoint("blob"), Endpoint("queue"), Endpoint("table"), Credential(section["clientId"]));
    }

    private static TokenCredential Credential(string? userAssignedClientId) => userAssignedClientId is { Length: > 0 }
        ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(userAssignedClientId))
        : new DefaultAzureCredential();

    private static void AddNotificationTransport(this IServiceCollection services, IConfiguration config)
    {
        var connection = config[Settings.ServiceBus];
        var fqns = config[Settings.ServiceBusNamespace];
        if (connection is null && fqns is null)
        {
            services.AddSingleton<INotificationTransport, StorageQueueTransport>();
            return;
        }
        services.AddSingleton(_ => connection is not null
            ? new ServiceBusClient(connection)
            : new ServiceBusClient(fqns, Credential(config[Settings.ServiceBusClientId])));
        services.AddSingleton<INotificationTransport>(sp => new ServiceBusTransport(sp.GetRequiredService<ServiceBusClient>().CreateSender(ServiceBusTransport.TopicName)));
    }
}

/// <summary>
/// On start: the calendar data is loaded and validated (a broken year file stops the app here, not at some deadline), and
/// the tables, container and queue are created (idempotent), so a fresh account works at once.
/// </summary>
internal sealed class StartupChecks(StorageAccount storage, WorkingCalendar calendar, ParkPolicy parks, IHostEnvironment environment) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = calendar.Years;
        if (parks.PublicityDurationOverride is not null && !environment.IsDevelopment())
            throw new InvalidOperationException($"{Settings.ParkPolicy}:PublicityDurationOverride shortens a legal period and is for development only.");
        return storage.EnsureCreatedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
