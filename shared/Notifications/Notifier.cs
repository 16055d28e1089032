using LinfenFlows.Shared.Cases;

namespace LinfenFlows.Shared.Notifications;

/// <summary>
/// Notices that belong to no single case step (a morning digest, the year's report): addressed like any other — a person,
/// or whoever holds a role — and sent at once, one message per person, with an id stable across retries so the broker
/// drops a resend.
/// </summary>
public sealed class Notifier(Addressing addressing, INotificationTransport transport, TimeProvider clock)
{
    /// <returns>How many people it was sent to.</returns>
    public async Task<int> SendAsync(Notification notice, string caseId = "", CancellationToken ct = default)
    {
        var sent = 0;
        foreach (var row in await addressing.RowsAsync(caseId, [notice], clock.GetUtcNow(), ct))
        {
            if (row.Undeliverable is not null) continue;
            await transport.SendAsync(new OutgoingMessage(row.NotificationId, caseId, row.RecipientId, row.RecipientName,
                row.RecipientOrganisation, row.RecipientMail, row.RecipientMobile, row.Subject, row.Body, row.Link, row.CreatedAt), ct);
            sent++;
        }
        return sent;
    }
}
