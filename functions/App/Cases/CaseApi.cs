using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Workflows.Accidents;
using LinfenFlows.Workflows.Parks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;

namespace LinfenFlows.Functions.Cases;

/// <summary>Cases as the people party to them follow them: lists, the case, its progress page, its files.</summary>
public sealed class CaseApi(CaseViews views, AttachmentStore attachments, CaseIndex index, SignIn signIn, TimeProvider clock)
{
    /// <summary>The kinds of case the list serves (the values of <c>kind</c>).</summary>
    public static readonly IReadOnlyList<string> Kinds = [AccidentIntake.Kind, ParkIntake.Kind];

    [Function(nameof(ListCases))]
    [ApiOperation("办件", "查询办件", Description = "按类型（kind）、状态（status）、县（市、区）（county）、是否逾期（overdue=true）查询本单位可见的办件；由索引表提供，不扫描全部办件。",
        QueryType = typeof(CaseQuery), ResponseType = typeof(CaseListItem[]), Statuses = [200, 400, 401])]
    public Task<IActionResult> ListCases(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Cases)] HttpRequest req) => Api.Handle(req, async () =>
    {
        var caller = await signIn.CallerAsync(req) ?? throw Problem.Unauthenticated();
        var q = req.Query;
        var overdue = q["overdue"].ToString() switch
        {
            "" or "false" => false,
            "true" => true,
            _ => throw Problem.Invalid("overdue", "boolean", "overdue 只能是 true 或 false。", "overdue must be true or false."),
        };
        string? Text(string name) => string.IsNullOrEmpty(q[name]) ? null : q[name].ToString();
        var now = clock.GetUtcNow();
        var rows = await index.ListAsync(caller, new CaseQuery(Text("kind"), Text("status"), Text("county"), overdue), Kinds, now,
            req.HttpContext.RequestAborted);
        return Api.Json(rows.Select(r => new CaseListItem(r.RowKey, r.Kind, r.Title, r.Status, r.Step, r.Holder, r.County, r.DueAt,
            Display.Beijing(r.DueAt), r.DueAt is { } due && now >= due, Routes.CaseProgressPath(r.RowKey))).ToList());
    });

    [Function(nameof(ShowCaseProgress))]
    [ApiOperation("办件", "办件进度页面", Description = "中文页面：已完成和待办的环节、当前办理单位、期限及剩余天数或逾期、各项事项和文书。",
        ResponseContentType = "text/html", Statuses = [200, 401, 404])]
    public Task<IActionResult> ShowCaseProgress(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.CaseProgress)] HttpRequest req,
        string caseId) => HtmlPage.Handle(req, async () =>
    {
        var entity = await views.ReadableAsync(await signIn.CallerAsync(req), caseId, req.HttpContext.RequestAborted);
        return CasePage.Render(await views.ViewAsync(entity, req.HttpContext.RequestAborted), clock.GetUtcNow());
    });

    [Function(nameof(GetCase))]
    [ApiOperation("办件", "查看办件进度", Description = "状态、当前环节、办理单位、期限（北京时间）及剩余天数、材料和全部办理过程。",
        ResponseType = typeof(CaseView), Statuses = [200, 401, 404])]
    public Task<IActionResult> GetCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Case)] HttpRequest req,
        string caseId) => Api.Handle(req, async () =>
    {
        var entity = await views.ReadableAsync(await signIn.CallerAsync(req), caseId, req.HttpContext.RequestAborted);
        return Api.Json(await views.ViewAsync(entity, req.HttpContext.RequestAborted));
    });

    [Function(nameof(DownloadCaseAttachment))]
    [ApiOperation("办件", "下载办件材料", ResponseContentType = "application/octet-stream", Statuses = [200, 401, 404])]
    public Task<IActionResult> DownloadCaseAttachment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.CaseAttachment)] HttpRequest req, string caseId,
        string attachmentId)
    {
        async Task<IActionResult> Body()
        {
            var entity = await views.ReadableAsync(await signIn.CallerAsync(req), caseId, req.HttpContext.RequestAborted);
            var file = await attachments.OpenAsync(entity.Id, attachmentId, req.HttpContext.RequestAborted)
                ?? throw Problem.NotFound("附件", "Attachment");
            return Download(req, file);
        }
        // A document linked from a mail is opened in a browser: a refusal there is a page (sign-in, not found), not JSON.
        return req.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal) ? HtmlPage.Handle(req, Body)
            : Api.Handle(req, Body);
    }

    /// <summary>
    /// A file as the browser should treat it: documents and pictures open in the page (a 批复 is read, not saved), other kinds
    /// download under their name. An HTML view is one LinfenFlows generated (uploads are checked by content and never HTML);
    /// it may load and run nothing all the same.
    /// </summary>
    public static IActionResult Download(HttpRequest req, AttachmentContent file)
    {
        var type = file.Info.ContentType.Split(';')[0].Trim();
        var disposition = new ContentDispositionHeaderValue(InlineTypes.Contains(type) ? "inline" : "attachment");
        disposition.SetHttpFileName(file.Info.FileName);
        var headers = req.HttpContext.Response.Headers;
        headers.ContentDisposition = disposition.ToString();
        headers.XContentTypeOptions = "nosniff";
        if (type == "text/html") headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        return new FileStreamResult(file.Content, file.Info.ContentType);
    }

    private static readonly HashSet<string> InlineTypes = ["application/pdf", "image/png", "image/jpeg", "text/html"];
}

public sealed record CaseListItem(string Id, string Kind, string Title, string Status, string Step, string Holder, string County,
    DateTimeOffset? DueAt, string? DueAtBeijing, bool Overdue, string ProgressUrl);
