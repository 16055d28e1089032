using Microsoft.Azure.Functions.Worker;
using NCrontab;

namespace LinfenFlows.LocalHost;

/// <summary>Runs every timer-triggered function on its six-field NCRONTAB schedule (UTC, as Azure Functions does by default).</summary>
public sealed class TimerFunctions(FunctionCatalog catalog, IServiceProvider services, ILogger<TimerFunctions> logger, TimeProvider clock,
    ServedFunctions served) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timers = catalog.Of(TriggerKind.Timer).ToList();
        served.Timers.AddRange(timers.Select(t => t.Name));
        return Task.WhenAll(timers.Select(f => RunAsync(f, stoppingToken)));
    }

    public static CrontabSchedule Parse(string schedule) =>
        CrontabSchedule.Parse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    private async Task RunAsync(FunctionDefinition f, CancellationToken ct)
    {
        var schedule = Parse(f.Schedule!);
        var last = clock.GetUtcNow().UtcDateTime;
        while (!ct.IsCancellationRequested)
        {
            var next = schedule.GetNextOccurrence(last);
            var delay = next - clock.GetUtcNow().UtcDateTime;
            try
            {
                if (delay > TimeSpan.Zero) await Task.Delay(delay, clock, ct);
                await using var scope = services.CreateAsyncScope();
                var info = new TimerInfo { ScheduleStatus = new ScheduleStatus { Last = last, Next = schedule.GetNextOccurrence(next) } };
                await FunctionInvoker.InvokeAsync(f, scope.ServiceProvider, FunctionInvoker.TimerBinder(info, scope.ServiceProvider, ct));
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Timer function {Function} failed", f.Name);
            }
            last = next;
        }
    }
}
