using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Workflows.Parks;

public static class ParkServices
{
    public static IServiceCollection AddParks(this IServiceCollection services, IConfiguration config) => services
        .AddPolicy<ParkPolicy>(config, Settings.ParkPolicy)
        .AddSingleton<ParkIntake>()
        .AddSingleton<ParkActivities>()
        .AddSingleton<PanelDraws>()
        .AddSingleton<ParkPanelActivities>()
        .AddSingleton<ParkPublicity>()
        .AddSingleton<ParkPublicityActivities>()
        .AddSingleton<ParkRegistry>()
        .AddSingleton<ParkCycles>()
        .AddSingleton<ParkCycleActivities>()
        .AddSingleton<ParkBranchActivities>()
        .AddSingleton<Platform.IDeadlineRecount, PublicityRecount>();
}
