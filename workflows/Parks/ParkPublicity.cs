using System.Security.Cryptography;
using System.Text;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Time;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Workflows.Parks;

/// <summary>What the public publicity page shows: the proposed park and the window, on the official calendar.</summary>
public sealed record PublicityNotice(CaseEntity Case, ParkCaseDetails Details, PublicityEntity Publicity, bool Open);

/// <summary>
/// The public side of publicity (公示): the notice anyone may read, and objections (异议) anyone may file with their contact
/// details while the window is open. The window is checked in the same batch that records the objection, so an objection is
/// either recorded before the workflow closes the window, or refused.
/// </summary>
public sealed class ParkPublicity(CaseJournal journal)
{
    public async Task<PublicityNotice?> FindAsync(string? caseIdText, CancellationToken ct = default)
    {
        if (!CaseId.IsWellFormed(caseIdText)) return null;
        var id = new CaseId(caseIdText!);
        var c = await journal.FindAsync(id, ct);
        if (c?.Kind != ParkIntake.Kind) return null;
        var publicity = await journal.FindRowAsync<PublicityEntity>(id, PublicityEntity.Key, ct);
        return publicity is null ? null : new PublicityNotice(c, ParkCaseDetails.Of(c), publicity, publicity.IsOpenAt(journal.Now));
    }

    /// <returns>The objection's number (the same number again for the same objection submitted twice).</returns>
    public async Task<int> FileObjectionAsync(DurableTaskClient client, string? caseIdText, string? name, string? phone, string? content, CancellationToken ct = default)
    {
        var notice = await FindAsync(caseIdText, ct) ?? throw Problem.NotFound("公示", "Publicity");
        new Validator()
            .Required(name, "name", "异议人姓名或单位名称", 100)
            .Require(PersonalData.IsPhoneNumber(phone), "phone", "phone",
                "联系电话应为11位手机号码或带区号的固定电话，以便核实。", "phone must be a mobile number or a landline with area code.")
            .Required(content, "content", "异议内容（事实和理由）", 2000)
            .ThrowIfInvalid();
        var caseId = notice.Case.Id;
        var key = "objection-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{name!.Trim()}|{phone!.Trim()}|{content!.Trim()}")))[..16];
        var number = 0;
        var recorded = await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            var publicity = (await journal.FindRowAsync<PublicityEntity>(caseId, PublicityEntity.Key, ct2))!;
            var now = journal.Now;
            if (now < publicity.StartsAt) throw Problem.Conflict("publicity-not-started", "公示尚未开始，暂不受理异议。", "Publicity has not started.");
            if (!publicity.IsOpenAt(now))
                throw Problem.Conflict("publicity-ended", $"公示期已于 {BeijingTime.Format(publicity.EndsAt)} 结束，不再受理异议。", "The publicity period has ended; objections are no longer accepted.");
            number = (await journal.RowsAsync<ObjectionEntity>(caseId, ObjectionEntity.Prefix, ct2)).Count + 1;
            return new CaseChange
            {
                Key = key,
                // The objection's substance goes into the timeline for the verifier; the objector's contact stays in its row.
                Event = new CaseEventDraft("park.objection", $"公示期间收到异议（第{number}件）", new Actor("public", "社会公众", "public", "public"), now,
                    PersonalData.Mask(content.Trim())),
                Rows =
                [
                    new ObjectionEntity { RowKey = ObjectionEntity.KeyOf(number), Number = number, SubmissionKey = key, ObjectorName = name.Trim(), Phone = phone.Trim(), Content = content.Trim(), FiledAt = now },
                ],
            };
        }, ct);
        if (recorded!.AlreadyRecorded)
            number = (await journal.RowsAsync<ObjectionEntity>(caseId, ObjectionEntity.Prefix, ct)).Single(o => o.SubmissionKey == key).Number;
        await client.RaiseEventAsync(caseId.Value, ParkEvents.ObjectionFiled, new ObjectionFiled(number), ct);
        return number;
    }
}
