using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Documents;
using LinfenFlows.Shared.Notifications;
using LinfenFlows.Shared.Notifications.Delivery;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LinfenFlows.Workflows.Platform;

public static class PlatformServices
{
    /// <summary>
    /// What every process stands on: storage, the case journal and its indexes, the directory and sign-in, the calendar,
    /// files, document numbers, notifications and their delivery.
    /// </summary>
    public static IServiceCollection AddPlatform(this IServiceCollection services, IConfiguration config)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => StorageFrom(config));
        services.AddSingleton(new PublicUrls(new Uri(config[Settings.PublicBaseUrl] ?? "http://localhost:7071/")));
        services.AddSingleton(new AttachmentPolicy(config.GetValue<long?>(Settings.AttachmentMaxBytes)
            ?? AttachmentPolicy.Default.MaxBytes));
        services.AddSingleton(PrincipalTrust.From(config[PrincipalTrust.AuthEnabledSetting],
            config.GetValue<bool>(PrincipalTrust.DevelopmentSetting)));
        services.AddNotificationTransport(config);
        services.AddPolicy<MailOptions>(config, Settings.Mail).AddPolicy<SmsOptions>(config, Settings.Sms);
        services.AddSingleton<IMailChannel, SmtpMailChannel>();
        services.AddSingleton<ISmsChannel>(sp =>
            new HttpSmsChannel(sp.GetRequiredService<SmsOptions>(), new HttpClient { Timeout = TimeSpan.FromSeconds(15) }));
        services.AddSingleton<NotificationDelivery>();
        services.AddSingleton<CaseJournal>().AddSingleton<CaseIndex>().AddSingleton<OutboxDispatcher>()
            .AddSingleton<Addressing>().AddSingleton<Notifier>()
            .AddSingleton<AttachmentStore>().AddSingleton<DocumentNumbers>()
            .AddSingleton<StaffDirectory>().AddSingleton<DirectoryImport>().AddSingleton<DirectoryChanges>().AddSingleton<Delegations>()
            .AddSingleton<SignIn>()
            .AddSingleton<WorkingCalendars>().AddSingleton<ProvisionalDeadlines>().AddSingleton<CalendarRecount>()
            .AddSingleton<CalendarWatch>().AddSingleton<FailedSteps>()
            .AddSingleton<CaseControl>().AddSingleton<Ratings>().AddSingleton<RectificationActivities>()
            .AddSingleton(sp => new CaseCompletion(c => Ratings.InvitationOf(c, sp.GetRequiredService<PublicUrls>())))
            .AddSingleton<WorkflowStarter>().AddSingleton<CaseSummaries>();
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

    public static TokenCredential Credential(string? userAssignedClientId) => userAssignedClientId is { Length: > 0 }
        ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(userAssignedClientId))
        : new DefaultAzureCredential();

    private static void AddNotificationTransport(this IServiceCollection services, IConfiguration config)
    {
        var connection = config[Settings.ServiceBus];
        var fqns = config[Settings.ServiceBusNamespace];
        if (connection is null && fqns is null)
        {
            services.AddSingleton<INotificationTransport, StorageQueueTransport>();
            services.AddSingleton<INotificationSubscriptions, StorageQueueSubscriptions>();
            return;
        }
        services.AddSingleton(_ => connection is not null
            ? new ServiceBusClient(connection)
            : new ServiceBusClient(fqns, Credential(config[Settings.ServiceBusClientId])));
        services.AddSingleton<INotificationTransport>(sp =>
            new ServiceBusTransport(sp.GetRequiredService<ServiceBusClient>().CreateSender(ServiceBusTransport.TopicName)));
        services.AddSingleton<INotificationSubscriptions, ServiceBusSubscriptions>();
    }
}
