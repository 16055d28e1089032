using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LinfenFlows.Functions.Cases;

public sealed class CaseFunctions(CaseViews views, AttachmentStore attachments)
{
    [Function(nameof(GetCase))]
    [ApiOperation("办件", "查看办件进度", Description = "状态、当前环节、办理单位、期限（北京时间）及剩余天数、材料和全部办理过程。",
        ResponseType = typeof(CaseView), Statuses = [200, 401, 404])]
    public Task<IActionResult> GetCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Case)] HttpRequest req, string caseId) => Api.Handle(async () =>
    {
        var entity = await views.ReadableAsync(Api.CallerOf(req), caseId, req.HttpContext.RequestAborted);
        return Api.Json(await views.ViewAsync(entity, req.HttpContext.RequestAborted));
    });

    [Function(nameof(DownloadCaseAttachment))]
    [ApiOperation("办件", "下载办件材料", ResponseContentType = "application/octet-stream", Statuses = [200, 401, 404])]
    public Task<IActionResult> DownloadCaseAttachment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.CaseAttachment)] HttpRequest req, string caseId, string attachmentId) => Api.Handle(async () =>
    {
        var entity = await views.ReadableAsync(Api.CallerOf(req), caseId, req.HttpContext.RequestAborted);
        var file = await attachments.OpenAsync(entity.Id, attachmentId, req.HttpContext.RequestAborted) ?? throw Problem.NotFound("附件", "Attachment");
        return Download(file);
    });

    public static IActionResult Download(AttachmentContent file) =>
        new FileStreamResult(file.Content, file.Info.ContentType) { FileDownloadName = file.Info.FileName };
}
