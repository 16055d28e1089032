using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Workflows.Campaigns;

public static class CampaignServices
{
    public static IServiceCollection AddCampaigns(this IServiceCollection services) => services
        .AddSingleton<CampaignDesk>()
        .AddSingleton<CollectionActivities>();
}
