using LinfenFlows.Functions.Cases;
using LinfenFlows.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Functions;

public static class FunctionsServices
{
    /// <summary>What the functions need, registered the same way by the Functions host and by the local host.</summary>
    public static IServiceCollection AddLinfenFlowsFunctions(this IServiceCollection services, IConfiguration config)
    {
        services.AddLinfenFlows(config);
        services.AddSingleton<CaseViews>();
        return services;
    }
}
