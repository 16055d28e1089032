using System.Security.Cryptography;
using System.Text;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Platform;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Workflows.Parks;

/// <summary>
/// Receiving a county HR bureau's application (申报) and its correction (补正): everything is checked first — the form, the
/// hard conditions of 第五条, the materials — and every problem is told at once; only then are the files stored, the case
/// registered and the workflow started. The case id comes from the bureau and the park's name, so a retry is the same case.
/// </summary>
public sealed class ParkIntake(CaseJournal journal, AttachmentStore attachments, AttachmentPolicy attachmentPolicy,
    WorkflowStarter starter, TimeProvider clock)
{
    public const string Kind = "park-recognition";

    public async Task<Submitted> SubmitAsync(DurableTaskClient client, Caller? caller, ParkApplication? application,
        IReadOnlyDictionary<string, UploadedFile> files, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var county = RequireCountyBureau(caller, application?.County);
        var v = new Validator();
        ParkRules.Check(v, application, BeijingTime.DateOf(now));
        CheckMaterials(v, files, existing: null);
        v.ThrowIfInvalid();

        var caseId = CaseIdFor(caller!.Organisation, application!.ParkName!);
        if (await journal.FindAsync(caseId, ct) is { } existing)
        {
            await StartAsync(client, existing, ct);
            return new Submitted(existing, false);
        }
        var materials = new Dictionary<string, string>();
        foreach (var (field, file) in files)
            materials[field] = (await attachments.SaveAsync(caseId, field, file, ParkMaterials.LabelOf(field), UploadedFile.SentBy(caller),
                ct)).Id;
        var submitter = new Recipient(caller.UserId, caller.Name, caller.Organisation);
        var details = new ParkCaseDetails(application, submitter, materials, 1, now);
        var entity = new CaseEntity
        {
            PartitionKey = caseId.Value, Kind = Kind, Title = $"{application.ParkName!.Trim()}申报市级人力资源服务产业园",
            ApplicantOrganisation = caller.Organisation, County = county.Name, Step = "县级人社部门审核",
            Holder = Organisations.NameOf(county.HrBureau),
            Parties = string.Join(',', caller.Organisation, Organisations.CityHrBureau, Organisations.CityHrPartyGroup),
            DetailsJson = details.ToJson(),
        };
        var created = await journal.CreateAsync(entity, new CaseChange
        {
            Key = "submitted",
            Event = new CaseEventDraft("park.submitted", $"申报市级人力资源服务产业园：{application.ParkName!.Trim()}", ActorOf(caller), now, null,
                [.. materials.Values]),
        }, ct);
        existing = await journal.GetAsync(caseId, ct);
        await StartAsync(client, existing, ct);
        return new Submitted(existing, created);
    }

    /// <summary>补正: the corrected application (and any replaced materials) after the county review returned it.</summary>
    public async Task<CaseEntity> CorrectAsync(DurableTaskClient client, Caller? caller, string caseIdText, ParkApplication? application,
        IReadOnlyDictionary<string, UploadedFile> files, string? note, CancellationToken ct = default)
    {
        var entity = await OwnCaseAsync(caller, caseIdText, ct);
        var details = ParkCaseDetails.Of(entity);
        var now = clock.GetUtcNow();
        var v = new Validator();
        ParkRules.Check(v, application, BeijingTime.DateOf(now));
        v.Require(application?.County is null || application.County == details.Application.County, "county", "same-county",
            "补正不能改变产业园所在县（市、区）。", "The county cannot change in a correction.");
        v.Require(application?.ParkName is null || application.ParkName.Trim() == details.Application.ParkName!.Trim(), "parkName",
            "same-park", "补正不能改变产业园名称；如需更名，请重新申报。", "The park's name cannot change in a correction.");
        v.Require((note?.Length ?? 0) <= 2000, "note", "max-length", "补正说明不能超过2000字。", "note must be at most 2000 characters.");
        CheckMaterials(v, files, details.Materials);
        v.ThrowIfInvalid();

        var caseId = entity.Id;
        int round = 0;
        await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            var current = ParkCaseDetails.Of(c);
            if (c.Status != CaseStatus.Returned)
                throw Problem.Conflict("not-returned", "办件当前不处于“退回补正”状态，不能补正。", "The case is not awaiting a correction.");
            var materials = new Dictionary<string, string>(current.Materials);
            foreach (var (field, file) in files)
                materials[field] = (await attachments.SaveAsync(caseId, field, $"{field}-{current.Round + 1}", file,
                    $"{ParkMaterials.LabelOf(field)}（第{current.Round + 1}次报送）", UploadedFile.SentBy(caller!), ct2)).Id;
            var next = current with { Application = application!, Materials = materials, Round = current.Round + 1, ReceivedAt = now };
            round = next.Round;
            return new CaseChange
            {
                Key = $"corrected-{next.Round}",
                Event = new CaseEventDraft("park.corrected", $"补正后重新报送（第{next.Round}次报送）", ActorOf(caller!), now, note?.Trim(),
                    [.. files.Keys.Select(f => materials[f])]),
                Update = e =>
                {
                    e.Status = CaseStatus.InProgress; e.Step = "县级人社部门审核"; e.Holder = Organisations.NameOf(e.ApplicantOrganisation);
                    e.DetailsJson = next.ToJson();
                },
            };
        }, ct);
        await client.RaiseEventAsync(caseId.Value, ParkEvents.Corrected(round), new ParkCorrected(round, now), ct);
        return await journal.GetAsync(caseId, ct);
    }

    public static CaseId CaseIdFor(string organisation, string parkName)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{organisation}|{parkName.Trim()}"));
        return new CaseId("park-" + Convert.ToHexStringLower(hash)[..20]);
    }

    private Task StartAsync(DurableTaskClient client, CaseEntity entity, CancellationToken ct) =>
        starter.EnsureStartedAsync(client, entity, nameof(ParkRecognition), new ParkRecognitionInput(entity.PartitionKey), ct);

    /// <summary>Materials 1–6 must be there (a correction keeps those it does not replace); each file is checked by content.</summary>
    private void CheckMaterials(Validator v, IReadOnlyDictionary<string, UploadedFile> files, IReadOnlyDictionary<string, string>? existing)
    {
        foreach (var m in ParkMaterials.All)
        {
            if (files.TryGetValue(m.Field, out var file))
            {
                try
                {
                    AttachmentStore.Check(m.Field, file.FileName, file.Content, attachmentPolicy);
                }
                catch (ProblemException p) when (p.Status == 400)
                {
                    foreach (var e in p.Errors) v.Add(e with { Message = $"{m.Label}：{e.Message}" });
                }
            }
            else if (m.Required && existing?.ContainsKey(m.Field) != true)
                v.Add(new FieldError(m.Field, "required", $"请上传材料：{m.Label}。", $"The material '{m.Field}' is required."));
        }
    }

    /// <summary>The county of the calling county HR bureau; only its own staff apply for a park in that county.</summary>
    private static County RequireCountyBureau(Caller? caller, string? county)
    {
        if (caller is null) throw Problem.Unauthenticated();
        if (Counties.OfHrBureau(caller.Organisation) is not { } own || !caller.IsIn(Roles.Applicant))
            throw Problem.Forbidden("只有县级人社部门的经办人员可以申报市级人力资源服务产业园。");
        if (county is not null && Counties.Named(county) is { } named && named != own)
            throw Problem.Forbidden($"{own.Name}人社局只能申报本县（市、区）的产业园。");
        return own;
    }

    private async Task<CaseEntity> OwnCaseAsync(Caller? caller, string caseIdText, CancellationToken ct)
    {
        RequireCountyBureau(caller, null);
        var entity = await journal.FindAsync(CaseId.Parse(caseIdText), ct);
        if (entity is null || entity.Kind != Kind || entity.ApplicantOrganisation != caller!.Organisation)
            throw Problem.NotFound("办件", "Case");
        return entity;
    }

    private static Actor ActorOf(Caller c) => new(c.UserId, c.Name, Roles.Applicant, c.Organisation);
}
