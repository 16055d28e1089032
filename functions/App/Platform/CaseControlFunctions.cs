using System.ComponentModel.DataAnnotations;
using System.Text;
using LinfenFlows.Functions.Cases;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Workflows.Platform;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Functions.Platform;

/// <summary>JSON or form body of a case-control action: why (required to suspend or terminate).</summary>
public sealed record CaseControlRequest([MaxLength(500)] string? Reason);

/// <summary>办件管控: the operators' page of one case, and its suspend, resume and terminate actions.</summary>
public sealed class CaseControlFunctions(CaseControl control, CaseViews views, SignIn signIn)
{
    private const string Tag = "运维";

    [Function(nameof(ShowCaseControl))]
    [ApiOperation(Tag, "办件管控页面", Description = "办件的状态、当前环节、暂停或异常情况，以及暂停、恢复、终止办理的表单（须填写理由）。",
        ResponseContentType = "text/html", Statuses = [200, 401, 403, 404])]
    public Task<IActionResult> ShowCaseControl(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.CaseControl)] HttpRequest req, string caseId) =>
        HtmlPage.Handle(req, async () => await PageAsync(req, await OperatorAsync(req), caseId, null));

    [Function(nameof(SuspendCase))]
    [ApiOperation(Tag, "暂停办理", Description = "流程停在当前环节，待办事项暂不能办理（链接仍有效），期限显示为暂停；记入办件时间线。",
        RequestContentType = "application/json", RequestType = typeof(CaseControlRequest), FormType = typeof(CaseControlRequest),
        PageForm = true, ResponseType = typeof(CaseView),
        Statuses = [200, 400, 401, 403, 404, 409])]
    public Task<IActionResult> SuspendCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.CaseSuspension)] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client) => ActAsync(req, client, caseId, CaseControlAction.Suspend);

    [Function(nameof(ResumeCase))]
    [ApiOperation(Tag, "恢复办理", Description = "流程从暂停处继续；记入办件时间线。", RequestContentType = "application/json",
        RequestType = typeof(CaseControlRequest), FormType = typeof(CaseControlRequest),
        PageForm = true, ResponseType = typeof(CaseView), Statuses = [200, 400, 401, 403, 404, 409])]
    public Task<IActionResult> ResumeCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.CaseResumption)] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client) => ActAsync(req, client, caseId, CaseControlAction.Resume);

    [Function(nameof(TerminateCase))]
    [ApiOperation(Tag, "终止办理", Description = "流程终止，未办结的待办事项全部撤销、链接失效，办件状态为已终止；须填写理由，记入办件时间线。",
        RequestContentType = "application/json", RequestType = typeof(CaseControlRequest), FormType = typeof(CaseControlRequest),
        PageForm = true, ResponseType = typeof(CaseView),
        Statuses = [200, 400, 401, 403, 404, 409])]
    public Task<IActionResult> TerminateCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.CaseTermination)] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client) => ActAsync(req, client, caseId, CaseControlAction.Terminate);

    /// <summary>From the page (a form, same origin) or as JSON from an operator's script.</summary>
    private Task<IActionResult> ActAsync(HttpRequest req, DurableTaskClient client, string caseId, CaseControlAction action)
    {
        var fromPage = req.HasFormContentType;
        async Task<IActionResult> Body()
        {
            var caller = await OperatorAsync(req);
            string? reason;
            if (fromPage)
            {
                if (!Api.SameOrigin(req)) throw Problem.Forbidden("请从办件管控页面提交。");
                reason = (await Api.ReadFormAsync(req, 64 * 1024, "reason"))["reason"];
            }
            else reason = (await Api.ReadBodyAsync<CaseControlRequest>(req))?.Reason;
            var c = await control.ApplyAsync(client, caller, caseId, action, reason, req.HttpContext.RequestAborted);
            var done = action switch
            {
                CaseControlAction.Suspend => "已暂停办理。",
                CaseControlAction.Resume => "已恢复办理。",
                _ => "已终止办理，未办结的待办事项已撤销。",
            };
            return fromPage
                ? await PageAsync(req, caller, caseId, done)
                : Api.Json(await views.ViewAsync(c, req.HttpContext.RequestAborted));
        }
        return fromPage ? HtmlPage.Handle(req, Body) : Api.Handle(req, Body);
    }

    private async Task<Caller> OperatorAsync(HttpRequest req)
    {
        var caller = await signIn.CallerAsync(req) ?? throw Problem.Unauthenticated();
        return caller.IsIn(Roles.Operator) ? caller : throw Problem.Forbidden("只有运维人员可以管控办件。");
    }

    private async Task<IActionResult> PageAsync(HttpRequest req, Caller caller, string caseId, string? done)
    {
        var ct = req.HttpContext.RequestAborted;
        var c = await views.ViewAsync(await views.ReadableAsync(caller, caseId, ct), ct);
        string E(string? s) => HtmlPage.E(s);
        var html = new StringBuilder($"<h1>办件管控</h1><p class=\"sub\">{E(c.Title)}</p>");
        if (done is not null) html.Append($"<p class=\"done\" role=\"status\">{E(done)}</p>");
        html.Append("<table class=\"summary\"><caption>办件状态</caption>")
            .Append($"<tr><th scope=\"row\">状态</th><td>{E(c.Status)}{(c.Suspension is null ? "" : "（已暂停）")}</td></tr>")
            .Append($"<tr><th scope=\"row\">当前环节</th><td>{E(c.Step)}</td></tr>")
            .Append(c.Suspension is null ? "" : $"<tr><th scope=\"row\">暂停理由</th><td>{E(c.Suspension)}</td></tr>")
            .Append(c.Fault is null ? "" : $"<tr><th scope=\"row\">异常</th><td>{E(c.Fault)}</td></tr>")
            .Append($"</table><p><a href=\"{E(Routes.CaseProgressPath(c.Id))}\">查看办件进度</a></p>");
        if (CaseStatus.IsOpen(c.Status))
        {
            var (action, label) = c.Suspension is null ? ("suspension", "暂停办理") : ("resumption", "恢复办理");
            html.Append(Form(c.Id, action, label, reasonRequired: c.Suspension is null))
                .Append(Form(c.Id, "termination", "终止办理（撤销全部待办，不可恢复）", reasonRequired: true));
        }
        return HtmlPage.Render(200, "办件管控", html.ToString());
    }

    private static string Form(string caseId, string action, string label, bool reasonRequired)
    {
        var url = HtmlPage.E($"{Routes.CaseControlPath(caseId)}/{action}");
        var reason = reasonRequired
            ? $"<p><label for=\"reason-{action}\">理由（必填）</label><br><textarea id=\"reason-{action}\" name=\"reason\" rows=\"3\" " +
              "cols=\"60\" maxlength=\"500\" required></textarea></p>"
            : "<input type=\"hidden\" name=\"reason\" value=\"\">";
        return $"<form method=\"post\" action=\"{url}\"><h2>{HtmlPage.E(label)}</h2>{reason}" +
               $"<button type=\"submit\">{HtmlPage.E(label)}</button></form>";
    }
}
