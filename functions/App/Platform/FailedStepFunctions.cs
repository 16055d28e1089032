using System.Text;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Platform;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Functions.Platform;

/// <summary>Workflow steps that failed: the activity that reports one, the operators' page, and their retry.</summary>
public sealed class FailedStepFunctions(FailedSteps failed, SignIn signIn)
{
    private const string Tag = "运维";

    [Function(FailedSteps.ReportFailedStep)]
    public Task ReportFailedStep([ActivityTrigger] FailedStep step) => failed.ReportAsync(step);

    [Function(nameof(ShowFailedSteps))]
    [ApiOperation(Tag, "异常流程", Description = "处理出错、已暂停等待重试的流程环节：办件、环节、原因、时间；排除原因后可在此重试。",
        ResponseContentType = "text/html", Statuses = [200, 401, 403])]
    public Task<IActionResult> ShowFailedSteps(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.FailedSteps)] HttpRequest req) =>
        HtmlPage.Handle(req, async () =>
        {
            await OperatorAsync(req);
            return await PageAsync(req, null);
        });

    /// <summary>From the page (a form, same origin) or a script signed in as an operator; idempotent per failure.</summary>
    [Function(nameof(RetryFailedSteps))]
    [ApiOperation(Tag, "重试异常流程", Description = "重试该流程全部已暂停的环节，记入办件时间线；环节再次出错时重新报告。",
        FormType = typeof(RetryForm), PageForm = true, ResponseType = typeof(RetryResult), Statuses = [200, 401, 403, 404, 409])]
    public Task<IActionResult> RetryFailedSteps(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.FailedStepRetries)] HttpRequest req, string instanceId,
        [DurableClient] DurableTaskClient client)
    {
        var fromPage = req.HasFormContentType;
        async Task<IActionResult> Body()
        {
            var caller = await OperatorAsync(req);
            if (fromPage && !Api.SameOrigin(req)) throw Problem.Forbidden("请从异常流程页面提交。");
            var retried = await failed.RetryAsync(client, caller, instanceId, req.HttpContext.RequestAborted);
            return fromPage ? await PageAsync(req, $"已重试{instanceId}的{retried}个环节。") : Api.Json(new RetryResult(instanceId, retried));
        }
        return fromPage ? HtmlPage.Handle(req, Body) : Api.Handle(req, Body);
    }

    private async Task<Caller> OperatorAsync(HttpRequest req)
    {
        var caller = await signIn.CallerAsync(req) ?? throw Problem.Unauthenticated();
        return caller.IsIn(Roles.Operator) ? caller : throw Problem.Forbidden("只有运维人员可以查看和重试异常流程。");
    }

    private async Task<IActionResult> PageAsync(HttpRequest req, string? done)
    {
        var rows = await failed.WaitingAsync(req.HttpContext.RequestAborted);
        var html = new StringBuilder("<h1>异常流程</h1>");
        if (done is not null) html.Append($"<p class=\"done\" role=\"status\">{HtmlPage.E(done)}</p>");
        html.Append(rows.Count == 0 ? "<p class=\"sub\">目前没有处理出错的流程。</p>" : $"<p class=\"sub\">共 {rows.Count} 个环节处理出错，已暂停等待重试。</p>");
        foreach (var byCase in rows.GroupBy(r => r.PartitionKey))
        {
            var first = byCase.First();
            html.Append($"<section><h2>{HtmlPage.E(first.CaseTitle)}</h2><table><caption>{HtmlPage.E(byCase.Key)}</caption>")
                .Append("<tr><th scope=\"col\">时间</th><th scope=\"col\">环节</th><th scope=\"col\">原因</th></tr>");
            foreach (var r in byCase)
                html.Append($"<tr><td>{HtmlPage.E(BeijingTime.Format(r.FailedAt))}</td><td>{HtmlPage.E(r.Step)}</td>")
                    .Append($"<td>{HtmlPage.E(r.ErrorType)}：{HtmlPage.E(r.Message)}</td></tr>");
            var action = HtmlPage.E(Routes.FailedStepsPath + "/" + Uri.EscapeDataString(byCase.Key) + "/retries");
            html.Append($"</table><form method=\"post\" action=\"{action}\"><input type=\"hidden\" name=\"confirm\" value=\"1\">")
                .Append($"<button type=\"submit\">原因已排除，重试</button></form></section>");
        }
        return HtmlPage.Render(200, "异常流程", html.ToString());
    }
}

/// <summary>The retry button of the failed-steps page: a form with no fields (for the API document).</summary>
public sealed record RetryForm;

public sealed record RetryResult(string InstanceId, int Retried);
