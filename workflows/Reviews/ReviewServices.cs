using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Platform;
using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Workflows.Reviews;

public static class ReviewServices
{
    /// <summary>Tasks: opening, finding, deciding, deadlines, reassignment, the inbox and the morning reminders.</summary>
    public static IServiceCollection AddReviews(this IServiceCollection services) => services
        .AddSingleton<TaskOpening>()
        .AddSingleton<TaskFinder>()
        .AddSingleton<TaskDecisions>()
        .AddSingleton<TaskDeadlines>()
        .AddSingleton<TaskReassignment>()
        .AddSingleton<TaskInbox>()
        .AddSingleton<TaskReminders>()
        .AddSingleton<ReminderSweep>()
        .AddSingleton<TaskActivities>()
        .AddSingleton<TaskDesk>()
        .AddSingleton<IDeadlineRecount, TaskDeadlineRecount>();
}
