using LinfenFlows.Workflows.Accidents;
using LinfenFlows.Workflows.Campaigns;
using LinfenFlows.Workflows.Parks;
using LinfenFlows.Workflows.Platform;
using LinfenFlows.Workflows.Requests;
using LinfenFlows.Workflows.Reviews;
using LinfenFlows.Workflows.Veterinary;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LinfenFlows.Workflows;

/// <summary>Configuration keys, in one place (see the README's configuration reference).</summary>
public static class Settings
{
    public const string Storage = "AzureWebJobsStorage";
    public const string StorageAccountName = "AzureWebJobsStorage:accountName";
    public const string ServiceBus = "ServiceBusConnection";
    public const string ServiceBusNamespace = "ServiceBusConnection:fullyQualifiedNamespace";
    public const string ServiceBusClientId = "ServiceBusConnection:clientId";
    public const string TaskHub = "LINFENFLOWS_TASKHUB";
    public const string PublicBaseUrl = "LinfenFlows:PublicBaseUrl";
    public const string AttachmentMaxBytes = "LinfenFlows:Attachments:MaxBytes";
    public const string AccidentPolicy = "LinfenFlows:Accidents";
    public const string FollowThroughPolicy = "LinfenFlows:Accidents:FollowThrough";
    public const string ParkPolicy = "LinfenFlows:Parks";
    public const string TrainingPolicy = "LinfenFlows:Veterinary";
    public const string RequestPolicy = "LinfenFlows:Requests";
    public const string Mail = "LinfenFlows:Mail";
    public const string Sms = "LinfenFlows:Sms";
    public const string RetainFinishedWorkflowsDays = "LinfenFlows:Durable:RetainFinishedDays";
}

public static class LinfenFlowsServices
{
    /// <summary>Everything the functions need: the platform, the review step and each process, registered per feature.</summary>
    public static IServiceCollection AddLinfenFlows(this IServiceCollection services, IConfiguration config) => services
        .AddPlatform(config)
        .AddReviews()
        .AddAccidents(config)
        .AddParks(config)
        .AddVeterinary(config)
        .AddCampaigns()
        .AddCityRequests(config);

    /// <summary>
    /// A policy bound from its configuration section, checked at start (a wrong value stops the app with its name, not a case later).
    /// </summary>
    public static IServiceCollection AddPolicy<T>(this IServiceCollection services, IConfiguration config, string section) where T : class
    {
        services.AddOptions<T>().Bind(config.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return services;
    }
}
