using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Workflows.Accidents;

public static class AccidentServices
{
    public static IServiceCollection AddAccidents(this IServiceCollection services, IConfiguration config) => services
        .AddPolicy<AccidentPolicy>(config, Settings.AccidentPolicy)
        .AddPolicy<FollowThroughPolicy>(config, Settings.FollowThroughPolicy)
        .AddSingleton<AccidentIntake>()
        .AddSingleton<AccidentActivities>()
        .AddSingleton<AccidentFollowThroughActivities>();
}
