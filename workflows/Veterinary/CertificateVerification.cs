using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Platform;
using LinfenFlows.Workflows.Reviews;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Json = LinfenFlows.Shared.Json;
using Validator = LinfenFlows.Shared.Problems.Validator;

namespace LinfenFlows.Workflows.Veterinary;

/// <summary>A vet's own certificate of training elsewhere, as uploaded.</summary>
public sealed record CertificateClaim(string? VetId, string? Title, [Required] DateOnly? Date, decimal? Hours);

public sealed record CertificateDetails(string VetId, string VetName, string County, string Title, DateOnly Date, decimal Hours,
    string AttachmentId, Recipient Submitter)
{
    public const string Kind = "vet-certificate";

    public static CertificateDetails Of(CaseEntity c) => JsonSerializer.Deserialize<CertificateDetails>(c.DetailsJson, Json.Options)!;
}

public sealed record CertificateInput(string CaseId);

/// <summary>The county bureau verifies an uploaded certificate through its link; verified, the hours count on the vet's file.</summary>
public static class CertificateVerification
{
    public static async Task<string> RunAsync(TaskOrchestrationContext context, CertificateInput input)
    {
        TaskDecision decision = await context.DecideAsync(escalation =>
            context.CallAsync<TaskSpec>(CertificateActivities.PlanCertificateReview,
                new PlanStepInput(input.CaseId, "certificate-review", escalation)));
        return await context.CallAsync<string>(CertificateActivities.ConcludeCertificate, new TaskRef(input.CaseId, decision.TaskId));
    }
}

/// <summary>
/// Uploading a certificate (the vet, or the county bureau for its own vet) and concluding its verification. The upload is
/// refused after the year's 20 December close; one submitted before it keeps the vet's year open as 待核验 until verified.
/// </summary>
public sealed class CertificateActivities(CaseJournal journal, TrainingRecords records, AttachmentStore attachments,
    AttachmentPolicy attachmentPolicy, WorkingCalendars calendars, WorkflowStarter starter, PublicUrls urls, TimeProvider clock)
{
    public const string PlanCertificateReview = nameof(PlanCertificateReview);
    public const string ConcludeCertificate = nameof(ConcludeCertificate);
    public const int ReviewWorkingDays = 5;

    public async Task<Submitted> SubmitAsync(DurableTaskClient client, Caller? caller, CertificateClaim? claim, UploadedFile? file,
        CancellationToken ct = default)
    {
        if (caller is null) throw Problem.Unauthenticated();
        var (_, vet) = await records.FindAsync(claim?.VetId, ct);
        var own = caller.IsIn(Roles.Vet) && caller.VetId == vet.VetId;
        var bureau = caller.IsIn(Roles.Applicant) && caller.Organisation == vet.CountyOf.AgricultureBureau;
        if (!own && !bureau) throw Problem.Forbidden($"只能为本人或本县（市、区）登记的人员上传培训证书；{vet.Name}属于{vet.County}。");
        var v = new Validator();
        v.Required(claim!.Title, "title", "培训名称", 100);
        v.Require(claim.Date is not null, "date", "required", "培训日期不能为空。", "date is required.");
        if (claim.Date is { } date)
            records.Check(v, "", new HourEntry("check", date, claim.Hours ?? 0, HourSources.Certificate, claim.Title ?? ""));
        if (file is null) v.Add(new FieldError("file", "required", "请上传培训证书或证明。", "The certificate file is required."));
        else
        {
            try
            {
                AttachmentStore.Check("file", file.FileName, file.Content, attachmentPolicy);
            }
            catch (ProblemException p) when (p.Status == 400)
            {
                foreach (var e in p.Errors) v.Add(e);
            }
        }
        v.ThrowIfInvalid();

        var hash = Convert.ToHexStringLower(SHA256.HashData(file!.Content))[..16];
        var caseId = new CaseId($"cert-{vet.VetId}-{hash}");
        if (await journal.FindAsync(caseId, ct) is { } existing) return new Submitted(existing, false);
        var stored = await attachments.SaveAsync(caseId, "certificate", file, "培训证书", UploadedFile.SentBy(caller), ct);
        var details = new CertificateDetails(vet.VetId, vet.Name, vet.County, claim.Title!.Trim(), claim.Date!.Value, claim.Hours!.Value,
            stored.Id, new Recipient(caller.UserId, caller.Name, caller.Organisation));
        var county = vet.CountyOf;
        var created = await journal.CreateAsync(new CaseEntity
        {
            PartitionKey = caseId.Value, Kind = CertificateDetails.Kind, Title = $"{vet.Name}培训证书核验：{details.Title}",
            ApplicantOrganisation = county.AgricultureBureau, County = county.Name,
            Step = "县级农业农村部门核验", Holder = Organisations.NameOf(county.AgricultureBureau),
            Parties = string.Join(',', county.AgricultureBureau, Organisations.CityAgricultureBureau),
            DetailsJson = JsonSerializer.Serialize(details, Json.Options),
        }, new CaseChange
        {
            Key = "submitted",
            Event = new CaseEventDraft("vet.certificate",
                $"上传培训证书：{details.Title}，{TrainingRules.Hours(details.Hours)}学时（{BeijingTime.FormatDate(details.Date)}）",
                new Actor(caller.UserId, caller.Name, own ? Roles.Vet : Roles.Applicant, caller.Organisation),
                clock.GetUtcNow(), null, [stored.Id]),
        }, ct);
        if (created) await PendingAsync(details, +1, ct);
        var entity = await journal.GetAsync(caseId, ct);
        await starter.EnsureStartedAsync(client, entity, nameof(CertificateVerification), new CertificateInput(caseId.Value), ct);
        return new Submitted(entity, created);
    }

    public async Task<TaskSpec> PlanAsync(PlanStepInput input)
    {
        var d = CertificateDetails.Of(await journal.GetAsync(new CaseId(input.CaseId)));
        var county = Counties.Named(d.County)!;
        var calendar = await calendars.CurrentAsync();
        var due = calendar.Compute(new Period(PeriodKind.WorkingDays, BeijingTime.DateOf(clock.GetUtcNow()),
            input.Escalation == 0 ? ReviewWorkingDays : 2));
        return new TaskSpec
        {
            CaseId = input.CaseId, TaskId = $"certificate-review-{input.Escalation}", Step = input.Step,
            StepName = $"核验培训证书：{d.VetName}《{d.Title}》{TrainingRules.Hours(d.Hours)}学时" +
                (input.Escalation == 0 ? "" : $"（逾期督办第{input.Escalation}次）"),
            AssignedTo = TrainingParties.CountyVerifier(county), Supervisor = TrainingParties.CityBureauSupervisor,
            Decisions = [Decisions.Approve, Decisions.Reject], Due = due, RemindWorkingDaysBefore = [2, 1],
        };
    }

    /// <returns>"counted" or "rejected".</returns>
    public async Task<string> ConcludeAsync(TaskRef input)
    {
        var caseId = new CaseId(input.CaseId);
        var d = CertificateDetails.Of(await journal.GetAsync(caseId));
        var task = await journal.DecidedTaskAsync(caseId, input.TaskId);
        var approved = task.Decision == Decisions.Approve;
        var by = task.RecordedDecision!.DecidedBy;
        if (approved)
            await records.RecordHoursAsync(d.VetId,
                new HourEntry($"certificate-{input.CaseId}", d.Date, d.Hours, HourSources.Certificate, d.Title, input.CaseId), by);
        await PendingAsync(d, -1);
        // Verified after the close: the year's result, held as 待核验, is fixed now.
        if (!TrainingRules.YearOpen(d.Date.Year, clock.GetUtcNow())) await records.CloseYearAsync(d.VetId, d.Date.Year);
        var label = approved ? $"核验通过，计入{TrainingRules.Hours(d.Hours)}学时" : "核验不通过，不计学时";
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = "concluded",
            Event = new CaseEventDraft("vet.certificate-concluded", label, by, clock.GetUtcNow(), task.Opinion),
            Update = c => { c.Status = CaseStatus.Completed; c.Step = label; c.Holder = ""; c.DueAt = null; },
            Notifications =
            [
                new Notification("concluded", new Recipient(d.VetId, d.VetName, Counties.Named(d.County)!.AgricultureBureau),
                    $"【证书核验】{d.Title}", $"您上传的培训证书《{d.Title}》{label}。{(task.Opinion is null ? "" : "意见：" + task.Opinion)}",
                    urls.Absolute(Routes.VetPath(d.VetId))),
            ],
        });
        return approved ? "counted" : "rejected";
    }

    /// <summary>Counts a certificate as pending on the vet's year (+1 on upload, −1 once concluded), once each.</summary>
    private async Task PendingAsync(CertificateDetails d, int change, CancellationToken ct = default)
    {
        var vetCase = TrainingFiles.CaseIdOf(d.VetId);
        await journal.RecordAsync(vetCase, async (_, ct2) =>
        {
            var year = await journal.FindRowAsync<VetYearEntity>(vetCase, VetYearEntity.KeyOf(d.Date.Year), ct2)
                ?? VetYearEntity.New(d.Date.Year);
            year.PendingCertificates = Math.Max(0, year.PendingCertificates + change);
            return new CaseChange
            {
                Key = $"pending-{d.AttachmentId}-{(change > 0 ? "up" : "down")}",
                Event = new CaseEventDraft("vet.certificate-pending", change > 0 ? $"培训证书《{d.Title}》待县级核验" : $"培训证书《{d.Title}》核验完毕",
                    Actor.System, clock.GetUtcNow()),
                Rows = [year],
            };
        }, ct);
        await records.SyncIndexAsync(d.VetId, d.Date.Year, ct);
    }
}
