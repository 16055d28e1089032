using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.People;

namespace LinfenFlows.Shared.Notifications;

/// <summary>
/// Turns a step's notifications into outbox rows, one per person: a notification to a role goes to everyone holding it
/// (their delegates in their place), a notification to a person carries the channels the directory has for them (delivery
/// records a person without any). One addressed to a role nobody holds is kept, marked undeliverable with the reason, and
/// never dispatched: the operators see it.
/// </summary>
public sealed class Addressing(StaffDirectory directory)
{
    public async Task<IReadOnlyList<OutboxEntity>> RowsAsync(string caseId, IReadOnlyList<Notification> notifications, DateTimeOffset at,
        CancellationToken ct = default)
    {
        var rows = new List<OutboxEntity>();
        foreach (var n in notifications)
        {
            if (n.To.Person is { } p)
            {
                var person = await directory.FindAsync(p.Id, ct);
                var mobile = p.Mobile ?? (person is { Active: true } ? person.Mobile : null);
                var mail = person is { Active: true } ? person.Mail : null;
                rows.Add(Row(caseId, n.Id, n, p.Id, p.Name, p.Organisation, mail, mobile, at, null));
                continue;
            }
            var role = n.To.Role!;
            var assignment = await directory.AssignAsync(role, ct);
            if (assignment.Nobody)
            {
                rows.Add(Row(caseId, n.Id, n, "", assignment.OrganisationName, role.Organisation, null, null, at,
                    $"{assignment.OrganisationName}无人担任“{Identity.Roles.Label(role.Role)}”，也无经办人员"));
                continue;
            }
            foreach (var h in assignment.Holders)
            {
                var person = await directory.FindAsync(h.PersonId, ct);
                rows.Add(Row(caseId, $"{n.Id}-{h.PersonId}", n, h.PersonId, h.Signature, role.Organisation, person?.Mail,
                    person?.Mobile, at, null));
            }
        }
        return rows;
    }

    private static OutboxEntity Row(string caseId, string id, Notification n, string recipientId, string name, string organisation,
        string? mail, string? mobile, DateTimeOffset at, string? undeliverable) => new()
        {
            PartitionKey = caseId, RowKey = RowKeys.Outbox(id), RecipientId = recipientId, RecipientName = name,
            RecipientOrganisation = organisation, RecipientMail = mail, RecipientMobile = mobile, Subject = n.Subject, Body = n.Body,
            Link = n.Link, CreatedAt = at,
            // An undeliverable row counts as dispatched: there is nobody to send it to.
            Undeliverable = undeliverable, Sent = undeliverable is not null,
        };
}
