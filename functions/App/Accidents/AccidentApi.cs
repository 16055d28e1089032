using System.ComponentModel.DataAnnotations;
using LinfenFlows.Functions.Cases;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.People;
using LinfenFlows.Workflows.Accidents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Functions.Accidents;

/// <summary>事故调查报告批复 over HTTP: the bureau's request, resubmission and withdrawal, and the public notice of the handling.</summary>
public sealed class AccidentApi(AccidentIntake intake, AttachmentPolicy policy, CaseViews views, CaseJournal journal, SignIn signIn)
{
    private const string Tag = "事故调查报告批复";

    [Function(nameof(ShowAccidentDisclosure))]
    [ApiOperation(Tag, "事故处理情况公告（公开）", Description = "无需登录：批复后经市应急管理局确认向社会公布的处理意见；依法不予公开的事项只显示项数。",
        ResponseContentType = "text/html", Statuses = [200, 404])]
    public Task<IActionResult> ShowAccidentDisclosure(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.AccidentDisclosure)] HttpRequest req,
        string caseId) => HtmlPage.Handle(req, async () =>
    {
        var notFound = HtmlPage.Message(404, "公告不存在", "该事故的处理情况尚未公布，或链接有误。");
        if (!CaseId.IsWellFormed(caseId)) return notFound;
        var id = new CaseId(caseId);
        var entity = await journal.FindAsync(id, req.HttpContext.RequestAborted);
        var disclosure = entity?.Kind == AccidentIntake.Kind
            ? await journal.FindRowAsync<DisclosureEntity>(id, DisclosureEntity.Key, req.HttpContext.RequestAborted)
            : null;
        return disclosure is null ? notFound : DisclosurePage.Render(entity!, disclosure);
    });

    /// <summary>
    /// multipart/form-data: <c>request</c> (JSON, <see cref="AccidentRequest"/>) and <c>report</c> (the investigation report file).
    /// </summary>
    [Function(nameof(SubmitAccidentRequest))]
    [ApiOperation(Tag, "报送事故调查报告的请示", Description = "市应急管理局报送请示及调查报告；办件号由报送单位和请示文号决定，重复提交返回同一办件（200）。",
        FormType = typeof(AccidentSubmissionForm), ResponseType = typeof(CaseView), Statuses = [201, 200, 400, 401, 403, 413])]
    public Task<IActionResult> SubmitAccidentRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AccidentRequests)] HttpRequest req,
        [DurableClient] DurableTaskClient client) => Api.Handle(req, async () =>
    {
        var form = await Api.ReadFormAsync(req, policy.MaxBytes);
        var request = Api.ReadJson<AccidentRequest>(form["request"], "request");
        var report = await Api.FileAsync(form, "report", policy.MaxBytes);
        var submitted = await intake.SubmitAsync(client, await signIn.CallerAsync(req), request, report, req.HttpContext.RequestAborted);
        var view = await views.ViewAsync(submitted.Case, req.HttpContext.RequestAborted);
        req.HttpContext.Response.Headers.Location = Routes.CasePath(submitted.Case.PartitionKey);
        return Api.Json(view, submitted.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    });

    /// <summary>multipart/form-data: <c>report</c> (the revised report) and an optional <c>note</c>.</summary>
    [Function(nameof(ResubmitAccidentRequest))]
    [ApiOperation(Tag, "退回后重新报送", Description = "办件处于“退回修改”时，上传修改后的调查报告；办理期限自收到之日重新计算。",
        FormType = typeof(AccidentResubmissionForm), ResponseType = typeof(CaseView), Statuses = [200, 400, 401, 403, 404, 409, 413])]
    public Task<IActionResult> ResubmitAccidentRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AccidentResubmissions)] HttpRequest req,
        [DurableClient] DurableTaskClient client, string caseId) => Api.Handle(req, async () =>
    {
        var form = await Api.ReadFormAsync(req, policy.MaxBytes);
        var report = await Api.FileAsync(form, "report", policy.MaxBytes);
        var entity = await intake.ResubmitAsync(client, await signIn.CallerAsync(req), caseId, form["note"], report,
            req.HttpContext.RequestAborted);
        return Api.Json(await views.ViewAsync(entity, req.HttpContext.RequestAborted));
    });

    /// <summary>JSON <c>{"reason": "…"}</c>. Accepted (202): the workflow closes the case and withdraws the open task.</summary>
    [Function(nameof(WithdrawAccidentRequest))]
    [ApiOperation(Tag, "撤回请示", Description = "批复前撤回；审批人的待办随之撤销。", RequestContentType = "application/json",
        RequestType = typeof(WithdrawalRequest), ResponseType = typeof(CaseView), Statuses = [202, 400, 401, 403, 404, 409])]
    public Task<IActionResult> WithdrawAccidentRequest(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.AccidentWithdrawal)] HttpRequest req,
        [DurableClient] DurableTaskClient client, string caseId) => Api.Handle(req, async () =>
    {
        var body = await Api.ReadBodyAsync<WithdrawalRequest>(req);
        var entity = await intake.WithdrawAsync(client, await signIn.CallerAsync(req), caseId, body?.Reason,
            req.HttpContext.RequestAborted);
        return Api.Json(await views.ViewAsync(entity, req.HttpContext.RequestAborted), StatusCodes.Status202Accepted);
    });
}

public sealed record WithdrawalRequest(string? Reason);

/// <summary>The parts of a submission (for the API document): the request as JSON and the investigation report.</summary>
public sealed record AccidentSubmissionForm([Required] AccidentRequest Request, [Required] FilePart Report);

/// <summary>The parts of a resubmission (for the API document): the revised report and an optional note.</summary>
public sealed record AccidentResubmissionForm([Required] FilePart Report, string? Note);
