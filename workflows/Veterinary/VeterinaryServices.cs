using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Workflows.Veterinary;

public static class VeterinaryServices
{
    public static IServiceCollection AddVeterinary(this IServiceCollection services, IConfiguration config) => services
        .AddPolicy<TrainingPolicy>(config, Settings.TrainingPolicy)
        .AddSingleton<VetYearIndex>()
        .AddSingleton<TrainingRecords>()
        .AddSingleton<VetRegistration>()
        .AddSingleton<TrainingIntake>()
        .AddSingleton<CertificateActivities>()
        .AddSingleton<TrainingStatistics>()
        .AddSingleton<TrainingYearActivities>()
        .AddSingleton<Platform.IDeadlineRecount, PreJobRecount>();
}
