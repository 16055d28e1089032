using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Platform;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Workflows.Requests;

/// <summary>
/// Receiving a request to the city government (and its resubmission after 退回修改): checks everything first, then stores the
/// files, registers the case and starts (or resumes) the workflow. The case id follows from the requester and the request's
/// number, so a retry is the same case; one number is one matter (一文一事), so another title under it is refused.
/// </summary>
public sealed class CityRequestIntake(CaseJournal journal, AttachmentStore attachments, AttachmentPolicy attachmentPolicy,
    StaffDirectory directory, WorkflowStarter starter, TimeProvider clock)
{
    public const string AttachmentField = "attachment";

    public async Task<Submitted> SubmitAsync(DurableTaskClient client, Caller? caller, CityRequest? request,
        IReadOnlyList<UploadedFile> files, CancellationToken ct = default)
    {
        var submitter = RequireRequester(caller);
        var signer = await CheckAsync(submitter, request, files, ct);
        var r = Trimmed(request!);
        var caseId = CityRequestDetails.CaseIdFor(submitter.Organisation, r.RequestNumber!);
        if (await journal.FindAsync(caseId, ct) is { } existing)
        {
            if (CityRequestDetails.Of(existing).Request.Title != r.Title)
                throw Problem.Conflict("one-matter", $"文号 {r.RequestNumber} 已用于报送《{existing.Title}》；一文一事，另一事项请另行行文。",
                    "This request number was used for another matter already (一文一事).");
            await EnsureStartedAsync(client, existing, ct);
            return new Submitted(existing, false);
        }
        var now = clock.GetUtcNow();
        var saved = await SaveAsync(caseId, files, submitter, 1, ct);
        var details = new CityRequestDetails(r, new Recipient(submitter.UserId, submitter.Name, submitter.Organisation), signer.Name,
            saved.Select(a => a.Id).ToList(), 1, now);
        var created = await journal.CreateAsync(new CaseEntity
        {
            PartitionKey = caseId.Value, Kind = CityRequestDetails.Kind, Title = r.Title!, ApplicantOrganisation = submitter.Organisation,
            County = Organisations.Find(submitter.Organisation)?.County ?? "", Step = "市政府办公室收文",
            Holder = Organisations.NameOf(Organisations.CityGovernmentOffice),
            Parties = string.Join(',', submitter.Organisation, Organisations.CityGovernment, Organisations.CityGovernmentOffice,
                Organisations.CityGovernmentInspection),
            DetailsJson = details.ToJson(),
        }, new CaseChange
        {
            Key = "submitted",
            Event = new CaseEventDraft("request.submitted", $"报送请示 {r.RequestNumber}（签发人：{signer.Name}）", ActorOf(submitter), now,
                null, saved.Select(a => a.Id).ToList()),
        }, ct);
        var entity = await journal.GetAsync(caseId, ct);
        await EnsureStartedAsync(client, entity, ct);
        return new Submitted(entity, created);
    }

    /// <summary>The revised request (the whole of it, under the same number), with its files and a note of what changed.</summary>
    public async Task<CaseEntity> ResubmitAsync(DurableTaskClient client, Caller? caller, string caseIdText, CityRequest? request,
        string? note, IReadOnlyList<UploadedFile> files, CancellationToken ct = default)
    {
        var submitter = RequireRequester(caller);
        var entity = CaseId.IsWellFormed(caseIdText) ? await journal.FindAsync(new CaseId(caseIdText), ct) : null;
        if (entity is null || entity.Kind != CityRequestDetails.Kind || entity.ApplicantOrganisation != submitter.Organisation)
            throw Problem.NotFound("办件", "Case");
        var signer = await CheckAsync(submitter, request, files, ct, note);
        var r = Trimmed(request!);
        var before = CityRequestDetails.Of(entity);
        if (r.RequestNumber != before.Request.RequestNumber)
            throw Problem.Invalid("requestNumber", "same-number", $"重新报送应沿用原请示文号 {before.Request.RequestNumber}。",
                "A resubmission keeps the request's number.");
        var now = clock.GetUtcNow();
        var caseId = entity.Id;
        await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            var d = CityRequestDetails.Of(c);
            // Accepted already (this is a retry): answer as before.
            if (c.Status != CaseStatus.Returned && d.Round > 1 && d.Request == r) return null;
            if (c.Status != CaseStatus.Returned)
                throw Problem.Conflict("not-returned", "办件当前不处于“退回修改”状态，不能重新报送。", "The case is not awaiting a resubmission.");
            var saved = await SaveAsync(caseId, files, submitter, d.Round + 1, ct2);
            var next = d with
            {
                Request = r,
                SignerName = signer.Name,
                AttachmentIds = [.. d.AttachmentIds, .. saved.Select(a => a.Id)],
                Round = d.Round + 1,
                ReceivedAt = now,
            };
            return new CaseChange
            {
                Key = $"resubmitted-{next.Round}",
                Event = new CaseEventDraft("request.resubmitted", $"修改后重新报送（第{next.Round}次报送）", ActorOf(submitter), now, note?.Trim(),
                    saved.Select(a => a.Id).ToList()),
                Update = e =>
                {
                    e.Status = CaseStatus.InProgress; e.Step = "市政府办公室收文";
                    e.Holder = Organisations.NameOf(Organisations.CityGovernmentOffice);
                    e.DetailsJson = next.ToJson();
                },
            };
        }, ct);
        var resubmitted = await journal.GetAsync(caseId, ct);
        var current = CityRequestDetails.Of(resubmitted);
        await client.RaiseEventAsync(caseId.Value, CityRequestEvents.Resubmitted(current.Round),
            new CityRequestResubmitted(current.Round, current.ReceivedAt), ct);
        return resubmitted;
    }

    /// <summary>Every rule of the request, its signer and its files at once; nothing is written before all pass.</summary>
    private async Task<Person> CheckAsync(Caller submitter, CityRequest? request, IReadOnlyList<UploadedFile> files, CancellationToken ct,
        string? note = null)
    {
        if (request is null)
            throw Problem.Invalid("request", "required", "请示内容不能为空。", "The request is required.");
        var signer = StaffDirectory.IsWellFormedId(request.Signer) ? await directory.FindAsync(request.Signer, ct) : null;
        var errors = CityRequestRules.Check(request, submitter.Organisation, signer, BeijingTime.DateOf(clock.GetUtcNow())).ToList();
        if ((note?.Length ?? 0) > 2000)
            errors.Add(new FieldError("note", "max-length", "修改说明不能超过2000字。", "note must be at most 2000 characters."));
        if (files.Count > CityRequestRules.MaxAttachments)
            errors.Add(new FieldError(AttachmentField, "max-count", $"附件至多{CityRequestRules.MaxAttachments}个。",
                $"At most {CityRequestRules.MaxAttachments} attachments."));
        if (errors.Count > 0) throw Problem.Invalid(errors);
        for (var i = 0; i < files.Count; i++)
            AttachmentStore.Check($"{AttachmentField}{i + 1}", files[i].FileName, files[i].Content, attachmentPolicy);
        return signer!;
    }

    private async Task<IReadOnlyList<Attachment>> SaveAsync(CaseId caseId, IReadOnlyList<UploadedFile> files, Caller by, int round,
        CancellationToken ct)
    {
        var saved = new List<Attachment>();
        for (var i = 0; i < files.Count; i++)
            saved.Add(await attachments.SaveAsync(caseId, $"{AttachmentField}{i + 1}", files[i],
                round == 1 ? $"请示附件{i + 1}" : $"请示附件{i + 1}（第{round}次报送）", UploadedFile.SentBy(by), ct));
        return saved;
    }

    private static CityRequest Trimmed(CityRequest r) => r with
    {
        RequestNumber = r.RequestNumber!.Trim(),
        Title = r.Title!.Trim(),
        Body = r.Body!.Trim(),
        Signer = r.Signer!.Trim(),
    };

    private Task EnsureStartedAsync(DurableTaskClient client, CaseEntity entity, CancellationToken ct) =>
        starter.EnsureStartedAsync(client, entity, nameof(CityRequestReply), new CityRequestInput(entity.PartitionKey), ct);

    private static Caller RequireRequester(Caller? caller)
    {
        if (caller is null) throw Problem.Unauthenticated();
        if (!CityRequestRules.MayRequest(caller.Organisation) || !caller.IsIn(Roles.Applicant))
            throw Problem.Forbidden("只有县级人民政府和市政府工作部门的经办人员可以向市人民政府报送请示。");
        return caller;
    }

    private static Actor ActorOf(Caller c) => new(c.UserId, c.Name, Roles.Applicant, c.Organisation);
}
