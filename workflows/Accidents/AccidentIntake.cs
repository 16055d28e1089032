using System.Security.Cryptography;
using System.Text;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Platform;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Workflows.Accidents;

/// <summary>
/// Receiving the emergency bureau's request (and its resubmission after a return): checks everything first, then stores the
/// report, registers the case and starts (or resumes) the workflow. The case id is derived from the bureau and its request
/// number, so a retried submission returns the same case and never starts a second one.
/// </summary>
public sealed class AccidentIntake(CaseJournal journal, AttachmentStore attachments, AttachmentPolicy attachmentPolicy,
    StaffDirectory directory, WorkflowStarter starter, TimeProvider clock)
{
    public const string Kind = "accident-report-approval";
    private const string ReportField = "report";
    private const string ReportKind = "事故调查报告";

    public async Task<Submitted> SubmitAsync(DurableTaskClient client, Caller? caller, AccidentRequest? request, UploadedFile? report,
        CancellationToken ct = default)
    {
        var submitter = RequireApplicant(caller);
        var now = clock.GetUtcNow();
        AccidentRules.Validate(request, BeijingTime.DateOf(now));
        CheckReport(report);

        var caseId = CaseIdFor(submitter.Organisation, request!.RequestNumber!);
        if (await journal.FindAsync(caseId, ct) is not { } existing)
        {
            await NameUnitsAsync(request, caseId, ct);
            var file = await attachments.SaveAsync(caseId, ReportField, report!, ReportKind, UploadedFile.SentBy(submitter), ct);
            var details = new AccidentCaseDetails(request,
                new Recipient(submitter.UserId, submitter.Name, submitter.Organisation), file.Id, 1, now);
            var entity = new CaseEntity
            {
                PartitionKey = caseId.Value, Kind = Kind, Title = $"{request.Enterprise}{request.AccidentType}调查报告的请示",
                ApplicantOrganisation = submitter.Organisation, County = request.County!, Step = "市政府收文",
                Holder = Organisations.NameOf(Organisations.CityGovernment),
                Parties = string.Join(',', submitter.Organisation, Organisations.CityGovernment, Organisations.CityGovernmentInspection),
                DetailsJson = details.ToJson(),
            };
            var created = await journal.CreateAsync(entity, new CaseChange
            {
                Key = "submitted",
                Event = new CaseEventDraft("accident.submitted", $"报送请示 {request.RequestNumber}", ActorOf(submitter), now, null, [file.Id]),
            }, ct);
            existing = await journal.GetAsync(caseId, ct);
            await EnsureStartedAsync(client, existing, ct);
            return new Submitted(existing, created);
        }

        await EnsureStartedAsync(client, existing, ct);
        return new Submitted(existing, false);
    }

    public async Task<CaseEntity> ResubmitAsync(DurableTaskClient client, Caller? caller, string caseIdText, string? note,
        UploadedFile? report, CancellationToken ct = default)
    {
        var (submitter, entity) = await OwnCaseAsync(caller, caseIdText, ct);
        var caseId = entity.Id;
        if ((note?.Length ?? 0) > 2000)
            throw Problem.Invalid("note", "max-length", "修改说明不能超过2000字。", "note must be at most 2000 characters.");
        var reportId = AttachmentStore.IdOf(ReportField, CheckReport(report).Sha256);
        var now = clock.GetUtcNow();

        await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            var details = AccidentCaseDetails.Of(c);
            if (c.Status != CaseStatus.Returned)
            {
                // The same file again after it was accepted is a retry: answer as before.
                if (details.ReportAttachmentId == reportId && details.Round > 1) return null;
                throw Problem.Conflict("not-returned", "办件当前不处于“退回修改”状态，不能重新报送。", "The case is not awaiting a resubmission.");
            }
            var file = await attachments.SaveAsync(caseId, ReportField, report!, $"{ReportKind}（第{details.Round + 1}次报送）",
                UploadedFile.SentBy(submitter), ct2);
            var next = details with { ReportAttachmentId = file.Id, Round = details.Round + 1, ReceivedAt = now };
            return new CaseChange
            {
                Key = $"resubmitted-{next.Round}",
                Event = new CaseEventDraft("accident.resubmitted", $"修改后重新报送（第{next.Round}次报送）", ActorOf(submitter), now, note, [file.Id]),
                Update = e =>
                {
                    e.Status = CaseStatus.InProgress; e.Step = "市政府收文"; e.Holder = Organisations.NameOf(Organisations.CityGovernment);
                    e.DetailsJson = next.ToJson();
                },
            };
        }, ct);

        var current = AccidentCaseDetails.Of(await journal.GetAsync(caseId, ct));
        await client.RaiseEventAsync(caseId.Value, AccidentEvents.Resubmitted(current.Round),
            new AccidentResubmitted(current.Round, current.ReceivedAt), ct);
        return await journal.GetAsync(caseId, ct);
    }

    /// <summary>The bureau withdraws its request (撤回) before the reply; the workflow closes the open task and the case.</summary>
    public async Task<CaseEntity> WithdrawAsync(DurableTaskClient client, Caller? caller, string caseIdText, string? reason,
        CancellationToken ct = default)
    {
        var (submitter, entity) = await OwnCaseAsync(caller, caseIdText, ct);
        var caseId = entity.Id;
        new Validator().Required(reason, "reason", "撤回理由", 500).ThrowIfInvalid();
        if (entity.Status is not (CaseStatus.InProgress or CaseStatus.Returned))
            throw Problem.Conflict("not-withdrawable", $"办件已{entity.Status}，不能撤回。", "The case is closed and cannot be withdrawn.");
        await client.RaiseEventAsync(caseId.Value, AccidentEvents.Withdrawn,
            new AccidentWithdrawn(reason!.Trim(), ActorOf(submitter), clock.GetUtcNow()), ct);
        return entity;
    }

    public static CaseId CaseIdFor(string organisation, string requestNumber)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{organisation}|{requestNumber.Trim()}"));
        return new CaseId("acc-" + Convert.ToHexStringLower(hash)[..20]);
    }

    private Task EnsureStartedAsync(DurableTaskClient client, CaseEntity entity, CancellationToken ct) =>
        starter.EnsureStartedAsync(client, entity, nameof(AccidentReportApproval),
            new AccidentApprovalInput(entity.PartitionKey, AccidentCaseDetails.Of(entity).ReceivedAt), ct);

    /// <summary>An accident case of the caller's own organisation; any other case is reported as missing.</summary>
    private async Task<(Caller Submitter, CaseEntity Case)> OwnCaseAsync(Caller? caller, string caseIdText, CancellationToken ct)
    {
        var submitter = RequireApplicant(caller);
        var entity = await journal.FindAsync(CaseId.Parse(caseIdText), ct);
        if (entity is null || entity.Kind != Kind || entity.ApplicantOrganisation != submitter.Organisation)
            throw Problem.NotFound("办件", "Case");
        return (submitter, entity);
    }

    private static Caller RequireApplicant(Caller? caller)
    {
        if (caller is null) throw Problem.Unauthenticated();
        if (caller.Organisation != Organisations.CityEmergencyBureau || !caller.IsIn(Roles.Applicant))
            throw Problem.Forbidden("只有市应急管理局的经办人员可以报送事故调查报告的请示。");
        return caller;
    }

    private FileCheck CheckReport(UploadedFile? report)
    {
        if (report is null) throw Problem.Invalid("report", "required", "请上传事故调查报告文件。", "The investigation report file is required.");
        return AttachmentStore.Check("report", report.FileName, report.Content, attachmentPolicy);
    }

    /// <summary>
    /// The enterprise and the units the request names enter the directory on this first mention (with the credit code given).
    /// </summary>
    private async Task NameUnitsAsync(AccidentRequest r, CaseId caseId, CancellationToken ct)
    {
        await directory.UnitNamedAsync(r.Enterprise!, r.County, r.EnterpriseCreditCode, caseId.Value, ct);
        foreach (var unit in (r.ResponsibleUnits ?? []).Select(u => u.Name)
            .Concat((r.PreventionMeasures ?? []).Select(m => m.ResponsibleUnit)).Distinct())
            await directory.UnitNamedAsync(unit!, r.County, null, caseId.Value, ct);
    }

    private static Actor ActorOf(Caller c) => new(c.UserId, c.Name, Roles.Applicant, c.Organisation);
}
