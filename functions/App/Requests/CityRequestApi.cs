using System.ComponentModel.DataAnnotations;
using LinfenFlows.Functions.Cases;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.People;
using LinfenFlows.Workflows.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Functions.Requests;

/// <summary>请示 → 批复 over HTTP: a county government's or city department's request to the city government, and its resubmission.</summary>
public sealed class CityRequestApi(CityRequestIntake intake, AttachmentPolicy policy, CaseViews views, SignIn signIn)
{
    private const string Tag = "请示批复";

    /// <summary>multipart/form-data: <c>request</c> (JSON, <see cref="CityRequest"/>) and up to three files <c>attachment1</c>….</summary>
    [Function(nameof(SubmitCityRequest))]
    [ApiOperation(Tag, "向市人民政府报送请示", Description = "县级人民政府或市政府工作部门以本单位名义报送请示（一文一事），写明文号、标题、正文和签发人（本单位担任“审批”的负责人），" +
        "附件至多3个。办件号由报送单位和请示文号决定：重复提交返回同一办件（200），同一文号另报他事为409。",
        FormType = typeof(CityRequestForm), ResponseType = typeof(CaseView), Statuses = [201, 200, 400, 401, 403, 409, 413])]
    public Task<IActionResult> SubmitCityRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.CityRequests)] HttpRequest req,
        [DurableClient] DurableTaskClient client) => Api.Handle(req, async () =>
    {
        var form = await Api.ReadFormAsync(req, policy.MaxBytes);
        var request = Api.ReadJson<CityRequest>(form["request"], "request");
        var submitted = await intake.SubmitAsync(client, await signIn.CallerAsync(req), request, await FilesAsync(form),
            req.HttpContext.RequestAborted);
        req.HttpContext.Response.Headers.Location = Routes.CasePath(submitted.Case.PartitionKey);
        return Api.Json(await views.ViewAsync(submitted.Case, req.HttpContext.RequestAborted),
            submitted.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    });

    /// <summary>multipart/form-data: the whole revised <c>request</c>, an optional <c>note</c> and up to three new files.</summary>
    [Function(nameof(ResubmitCityRequest))]
    [ApiOperation(Tag, "退回后重新报送请示", Description = "办件处于“退回修改”时，报送修改后的请示（沿用原文号），有关部门就修改后的请示重新会签。",
        FormType = typeof(CityRequestResubmissionForm), ResponseType = typeof(CaseView), Statuses = [200, 400, 401, 403, 404, 409, 413])]
    public Task<IActionResult> ResubmitCityRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.CityRequestResubmissions)] HttpRequest req,
        [DurableClient] DurableTaskClient client, string caseId) => Api.Handle(req, async () =>
    {
        var form = await Api.ReadFormAsync(req, policy.MaxBytes);
        var request = Api.ReadJson<CityRequest>(form["request"], "request");
        var entity = await intake.ResubmitAsync(client, await signIn.CallerAsync(req), caseId, request, form["note"],
            await FilesAsync(form), req.HttpContext.RequestAborted);
        return Api.Json(await views.ViewAsync(entity, req.HttpContext.RequestAborted));
    });

    private async Task<IReadOnlyList<UploadedFile>> FilesAsync(IFormCollection form)
    {
        var files = new List<UploadedFile>();
        for (var i = 1; i <= CityRequestRules.MaxAttachments; i++)
            if (await Api.FileAsync(form, $"{CityRequestIntake.AttachmentField}{i}", policy.MaxBytes) is { } file) files.Add(file);
        return files;
    }
}

/// <summary>The parts of a request (for the API document): the request as JSON and up to three attachments.</summary>
public sealed record CityRequestForm([Required] CityRequest Request, FilePart? Attachment1, FilePart? Attachment2, FilePart? Attachment3);

/// <summary>The parts of a resubmission: the whole revised request, what was changed, and new attachments.</summary>
public sealed record CityRequestResubmissionForm([Required] CityRequest Request, [MaxLength(2000)] string? Note, FilePart? Attachment1,
    FilePart? Attachment2, FilePart? Attachment3);
