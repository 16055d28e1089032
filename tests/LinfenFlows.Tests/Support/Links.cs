using LinfenFlows.Shared.Notifications;

namespace LinfenFlows.Tests.Support;

public static class Links
{
    /// <summary>The message id of the link mailed to a task's holder (any holder when <paramref name="personId"/> is null).</summary>
    public static bool IsLinkOf(this MailboxEntity m, string caseId, string taskId, string? personId = null) =>
        personId is null
            ? m.MessageId.StartsWith($"{caseId}-{taskId}-link-", StringComparison.Ordinal)
            : m.MessageId == $"{caseId}-{taskId}-link-{personId}";

    /// <summary>The token in the link that was mailed for a task, as its holder would click it.</summary>
    public static async Task<string> ReviewTokenAsync(this IServiceProvider services, string caseId, string taskId,
        TimeSpan? wait = null, string? personId = null)
    {
        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var mail = (await services.MailAsync(caseId)).FirstOrDefault(m => m.IsLinkOf(caseId, taskId, personId));
            if (mail?.Link is { } link) return link[(link.LastIndexOf('/') + 1)..];
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No review link for task {taskId} of case {caseId} was mailed.");
            await Task.Delay(200);
        }
    }

    public static async Task<MailboxEntity> MailAsync(this IServiceProvider services, string caseId, Func<MailboxEntity, bool> match,
        TimeSpan? wait = null)
    {
        var deadline = DateTime.UtcNow + (wait ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var mail = (await services.MailAsync(caseId)).FirstOrDefault(match);
            if (mail is not null) return mail;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The expected notification of case {caseId} never arrived.");
            await Task.Delay(200);
        }
    }
}
