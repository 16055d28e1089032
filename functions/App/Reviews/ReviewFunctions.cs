using System.Security.Cryptography;
using LinfenFlows.Functions.Cases;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Reviews;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Reviews;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Functions.Reviews;

/// <summary>
/// The review link: GET shows the case and the decision form and changes nothing (mail scanners prefetch links);
/// only a POST from that form, carrying its anti-forgery pair, decides.
/// </summary>
public sealed class ReviewFunctions(ReviewService reviews, ReviewDesk desk, CaseJournal journal, AttachmentStore attachments, ReviewActivities activities)
{
    private const string AntiForgeryCookie = "lf_af";

    [Function(nameof(ShowReviewPage))]
    [ApiOperation("审批链接", "打开办理页面", Description = "只读：显示办件内容、材料和办理表单，不改变任何状态（邮件安全扫描预取也无妨）。",
        ResponseContentType = "text/html", Statuses = [200, 404, 409, 410])]
    public async Task<IActionResult> ShowReviewPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Review)] HttpRequest req, string token)
    {
        var link = await reviews.ResolveAsync(token, req.HttpContext.RequestAborted);
        if (link.State != LinkState.Open) return ReviewPage.ForState(link.State);
        var antiForgery = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        req.HttpContext.Response.Cookies.Append(AntiForgeryCookie, antiForgery, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = req.IsHttps, Path = "/" + Routes.Prefix + "/reviews",
        });
        var files = await attachments.ListAsync(link.Case!.Id, req.HttpContext.RequestAborted);
        var timeline = await journal.TimelineAsync(link.Case.Id, req.HttpContext.RequestAborted);
        return ReviewPage.Form(token, link.Case, link.Task!, files, timeline, antiForgery);
    }

    [Function(nameof(DecideReview))]
    [ApiOperation("审批链接", "提交办理结果", Description = "只接受办理页面的表单（同源，带防伪 Cookie 和字段）；链接仅能使用一次。",
        RequestContentType = "application/x-www-form-urlencoded", ResponseContentType = "text/html", Statuses = [200, 400, 403, 404, 409])]
    public async Task<IActionResult> DecideReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Review)] HttpRequest req,
        [DurableClient] DurableTaskClient client, string token)
    {
        if (!SameOrigin(req) || !req.HasFormContentType)
            return ReviewPage.Message(403, "请求无效", "请从办理页面提交。");
        var form = await req.ReadFormAsync(req.HttpContext.RequestAborted);
        var cookie = req.Cookies[AntiForgeryCookie];
        if (string.IsNullOrEmpty(cookie) || !CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.ASCII.GetBytes(cookie), System.Text.Encoding.ASCII.GetBytes(form["af"].ToString())))
            return ReviewPage.Message(403, "请求无效", "页面已失效，请重新打开办理链接后提交。");
        try
        {
            if (form["decision"] == ReviewPage.ExtendAction)
            {
                var days = int.TryParse(form["days"], out var d) ? d : (int?)null;
                var extension = await desk.ExtendAsync(client, token, days, form["opinion"], req.HttpContext.RequestAborted);
                return ReviewPage.Message(200, "已延期", $"办理期限已延长至 {BeijingTime.Format(extension.DueAt)}。原链接继续有效，请在新期限前办理。");
            }
            var decision = await desk.DecideAsync(client, token, form["decision"].ToString(), form["opinion"], req.HttpContext.RequestAborted);
            return ReviewPage.Message(200, "办理完成", $"您的办理结果“{Decisions.Label(decision.Decision)}”已提交，感谢！");
        }
        catch (ProblemException p)
        {
            return ReviewPage.Message(p.Status, p.Title, p.Detail);
        }
    }

    [Function(nameof(DownloadReviewAttachment))]
    [ApiOperation("审批链接", "通过链接下载材料", ResponseContentType = "application/octet-stream", Statuses = [200, 404, 409, 410])]
    public async Task<IActionResult> DownloadReviewAttachment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ReviewAttachment)] HttpRequest req, string token, string attachmentId)
    {
        var link = await reviews.ResolveAsync(token, req.HttpContext.RequestAborted);
        if (link.State != LinkState.Open) return ReviewPage.ForState(link.State);
        var file = await attachments.OpenAsync(link.Case!.Id, attachmentId, req.HttpContext.RequestAborted);
        return file is null ? ReviewPage.Message(404, "附件不存在", "该附件不存在。") : CaseFunctions.Download(file);
    }

    [Function(ReviewActivities.OpenReviewTask)]
    public Task OpenReviewTask([ActivityTrigger] ReviewSpec spec) => activities.OpenAsync(spec);

    [Function(ReviewActivities.ExpireReviewTask)]
    public Task<ReviewDecision?> ExpireReviewTask([ActivityTrigger] ExpireReviewInput input) => activities.ExpireAsync(input);

    [Function(ReviewActivities.CancelReviewTask)]
    public Task<ReviewDecision?> CancelReviewTask([ActivityTrigger] CancelReviewInput input) => activities.CancelAsync(input);

    /// <summary>A browser states where a form came from; a cross-site form post is refused before anything is read.</summary>
    private static bool SameOrigin(HttpRequest req)
    {
        if (req.Headers.TryGetValue("Sec-Fetch-Site", out var site) && site != "same-origin" && site != "none") return false;
        var origin = req.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin)) return true;
        return Uri.TryCreate(origin, UriKind.Absolute, out var o) && o.Authority == req.Host.Value;
    }
}
