using System.Security.Cryptography;
using System.Text;
using LinfenFlows.Functions.Cases;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Reviews;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows;
using LinfenFlows.Workflows.Reviews;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Functions.Reviews;

/// <summary>
/// A task, reached two ways: the link mailed to its addressee (anyone holding it acts as the addressee), or the signed-in
/// staff inbox (the caller's organisation must be the addressee's). GET shows the case and the form and changes nothing
/// (mail scanners prefetch links); only a POST from that form, carrying its anti-forgery pair, acts.
/// </summary>
public sealed class ReviewFunctions(ReviewService reviews, ReviewDesk desk, CaseJournal journal, AttachmentStore attachments,
    AttachmentPolicy attachmentPolicy, ReviewActivities activities, CaseSummaries summaries)
{
    private const string AntiForgeryCookie = "lf_af";

    [Function(nameof(ShowReviewPage))]
    [ApiOperation("审批链接", "打开办理页面", Description = "只读：显示办件内容、材料和办理表单，不改变任何状态（邮件安全扫描预取也无妨）。",
        ResponseContentType = "text/html", Statuses = [200, 404, 409, 410])]
    public async Task<IActionResult> ShowReviewPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Review)] HttpRequest req, string token) =>
        await ShowAsync(req, await reviews.ResolveAsync(token, req.HttpContext.RequestAborted), Routes.ReviewPath(token),
            id => Routes.ReviewAttachmentPath(token, id));

    [Function(nameof(DecideReview))]
    [ApiOperation("审批链接", "提交办理结果", Description = "只接受办理页面的表单（同源，带防伪 Cookie 和字段）；决定类事项链接仅能使用一次，移送事项先签收后报告结果（可附文件）。",
        RequestContentType = "multipart/form-data", ResponseContentType = "text/html", Statuses = [200, 400, 403, 404, 409, 413])]
    public async Task<IActionResult> DecideReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Review)] HttpRequest req,
        [DurableClient] DurableTaskClient client, string token) =>
        await ActAsync(req, client, () => reviews.ResolveAsync(token, req.HttpContext.RequestAborted), actingAs: null);

    [Function(nameof(ShowInbox))]
    [ApiOperation("待办", "我的待办", Description = "登录人员所在单位的全部待办事项，按办理期限排序，标明剩余天数或逾期。",
        ResponseContentType = "text/html", Statuses = [200, 401])]
    public async Task<IActionResult> ShowInbox([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Inbox)] HttpRequest req)
    {
        if (Api.CallerOf(req) is not { } caller) return HtmlPage.SignInRequired();
        return ReviewPage.Inbox(caller, await reviews.InboxAsync(caller.Organisation, req.HttpContext.RequestAborted), journal.Now);
    }

    [Function(nameof(ShowInboxTask))]
    [ApiOperation("待办", "打开待办事项", Description = "登录后从“我的待办”打开事项；只读，不改变任何状态。", ResponseContentType = "text/html", Statuses = [200, 401, 404, 409, 410])]
    public async Task<IActionResult> ShowInboxTask(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.InboxTask)] HttpRequest req, string caseId, string taskId)
    {
        if (Api.CallerOf(req) is not { } caller) return HtmlPage.SignInRequired();
        var task = await reviews.ResolveForCallerAsync(caller, caseId, taskId, req.HttpContext.RequestAborted);
        return await ShowAsync(req, task, Routes.InboxTaskPath(caseId, taskId), id => Routes.CaseAttachmentPath(caseId, id));
    }

    [Function(nameof(ActOnInboxTask))]
    [ApiOperation("待办", "办理待办事项", Description = "与办理链接相同的表单；以登录人员的名义记录。",
        RequestContentType = "multipart/form-data", ResponseContentType = "text/html", Statuses = [200, 400, 401, 403, 404, 409, 413])]
    public async Task<IActionResult> ActOnInboxTask(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.InboxTask)] HttpRequest req,
        [DurableClient] DurableTaskClient client, string caseId, string taskId)
    {
        if (Api.CallerOf(req) is not { } caller) return HtmlPage.SignInRequired();
        return await ActAsync(req, client, () => reviews.ResolveForCallerAsync(caller, caseId, taskId, req.HttpContext.RequestAborted),
            new Actor(caller.UserId, caller.Name, "reviewer", caller.Organisation));
    }

    [Function(nameof(DownloadReviewAttachment))]
    [ApiOperation("审批链接", "通过链接下载材料", ResponseContentType = "application/octet-stream", Statuses = [200, 404, 409, 410])]
    public async Task<IActionResult> DownloadReviewAttachment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ReviewAttachment)] HttpRequest req, string token, string attachmentId)
    {
        var link = await reviews.ResolveAsync(token, req.HttpContext.RequestAborted);
        if (link.State != LinkState.Open) return ReviewPage.ForState(link.State);
        var file = await attachments.OpenAsync(link.Case!.Id, attachmentId, req.HttpContext.RequestAborted);
        return file is null ? HtmlPage.Message(404, "附件不存在", "该附件不存在。") : CaseFunctions.Download(file);
    }

    [Function(ReviewActivities.OpenReviewTask)]
    public Task OpenReviewTask([ActivityTrigger] ReviewSpec spec) => activities.OpenAsync(spec);

    [Function(ReviewActivities.ExpireReviewTask)]
    public Task<ReviewDecision?> ExpireReviewTask([ActivityTrigger] ExpireReviewInput input) => activities.ExpireAsync(input);

    [Function(ReviewActivities.EscalateReviewTask)]
    public Task<ReviewDecision?> EscalateReviewTask([ActivityTrigger] ExpireReviewInput input) => activities.EscalateAsync(input);

    [Function(ReviewActivities.CancelReviewTask)]
    public Task<ReviewDecision?> CancelReviewTask([ActivityTrigger] CancelReviewInput input) => activities.CancelAsync(input);

    private async Task<IActionResult> ShowAsync(HttpRequest req, ResolvedLink task, string formAction, Func<string, string> attachmentUrl)
    {
        if (task.State != LinkState.Open) return ReviewPage.ForState(task.State);
        var antiForgery = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        req.HttpContext.Response.Cookies.Append(AntiForgeryCookie, antiForgery, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = req.IsHttps, Path = "/" + Routes.Prefix,
        });
        var files = await attachments.ListAsync(task.Case!.Id, req.HttpContext.RequestAborted);
        var timeline = await journal.TimelineAsync(task.Case.Id, req.HttpContext.RequestAborted);
        var summary = await summaries.LinesAsync(task.Case, task.Task!, req.HttpContext.RequestAborted);
        return ReviewPage.Form(formAction, attachmentUrl, task.Case, task.Task!, summary, files, timeline, antiForgery);
    }

    /// <summary>Checks where the form came from and its anti-forgery pair before anything is read from storage, then acts.</summary>
    private async Task<IActionResult> ActAsync(HttpRequest req, DurableTaskClient client, Func<Task<ResolvedLink>> resolve, Actor? actingAs)
    {
        var ct = req.HttpContext.RequestAborted;
        if (!Api.SameOrigin(req) || !req.HasFormContentType)
            return HtmlPage.Message(403, "请求无效", "请从办理页面提交。");
        try
        {
            var form = await Api.ReadFormAsync(req, attachmentPolicy.MaxBytes, "file");
            var cookie = req.Cookies[AntiForgeryCookie];
            if (string.IsNullOrEmpty(cookie) || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(cookie), Encoding.ASCII.GetBytes(form["af"].ToString())))
                return HtmlPage.Message(403, "请求无效", "页面已失效，请重新打开办理页面后提交。");
            var task = await resolve();
            var decision = form["decision"].ToString();
            if (decision == ReviewPage.ExtendAction)
            {
                var days = int.TryParse(form["days"], out var d) ? d : (int?)null;
                var extension = await desk.ExtendAsync(client, task, days, form["opinion"], ct);
                return HtmlPage.Message(200, "已延期", $"办理期限已延长至 {BeijingTime.Format(extension.DueAt)}。原链接继续有效，请在新期限前办理。");
            }
            var file = await Api.FileAsync(form, "file", attachmentPolicy.MaxBytes);
            var values = form.Keys.Where(k => k.StartsWith(ReviewPage.FieldPrefix, StringComparison.Ordinal))
                .ToDictionary(k => k[ReviewPage.FieldPrefix.Length..], k => form[k].ToString());
            var taken = await desk.DecideAsync(client, task, decision, form["opinion"], form["selected"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList(),
                file, actingAs, ct, values);
            return ReviewPage.Done(taken, task.Task!);
        }
        catch (ProblemException p)
        {
            return HtmlPage.For(p);
        }
    }
}
