using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Parks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Workflows.Platform;

/// <summary>
/// On start, without touching storage (it may not be reachable yet after a first deployment; /api/health says so, and the
/// app recovers by itself): the shipped calendar validates, the task hub name is one Durable accepts, and settings that
/// shorten a legal period or trust a header as sent are refused outside the Development environment. Logs once whom the
/// principal header is trusted from, and why.
/// </summary>
internal sealed class StartupChecks(IConfiguration config, ParkPolicy parks, PrincipalTrust trust, IHostEnvironment environment,
    ILogger<StartupChecks> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = WorkingCalendar.Official.OfficialYears;
        TaskHubNames.Validate(config[Settings.TaskHub]);
        if (!environment.IsDevelopment())
        {
            if (parks.PublicityDurationOverride is not null)
                throw new InvalidOperationException(
                    $"{Settings.ParkPolicy}:PublicityDurationOverride shortens a legal period and is for development only.");
            if (config.GetValue<bool>(PrincipalTrust.DevelopmentSetting))
                throw new InvalidOperationException(
                    $"{PrincipalTrust.DevelopmentSetting} trusts any principal header and is for development only.");
        }
        if (trust.Trusted) logger.LogInformation("Sign-in: {Reason}", trust.Reason);
        else logger.LogWarning("Sign-in: {Reason}", trust.Reason);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Durable task hub names: letters and digits only, starting with a letter, 3 to 45 characters.</summary>
public static class TaskHubNames
{
    public static bool IsValid(string? name) =>
        name is { Length: >= 3 and <= 45 } && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);

    /// <summary>Null means the host's default hub; anything else must be a valid name.</summary>
    public static void Validate(string? name)
    {
        if (name is null || IsValid(name)) return;
        throw new InvalidOperationException(
            $"{Settings.TaskHub}='{name}' is not a valid Durable task hub name: use 3-45 letters and digits, starting with a letter.");
    }
}
