using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Workflows.Requests;

public static class CityRequestServices
{
    public static IServiceCollection AddCityRequests(this IServiceCollection services, IConfiguration config) => services
        .AddPolicy<CityRequestPolicy>(config, Settings.RequestPolicy)
        .AddSingleton<CityRequestIntake>()
        .AddSingleton<CityRequestActivities>();
}
