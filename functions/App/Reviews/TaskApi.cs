using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using LinfenFlows.Functions.Cases;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Platform;
using LinfenFlows.Workflows.Reviews;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Functions.Reviews;

/// <summary>
/// A task, reached two ways: the link mailed to a holder (whoever has it acts as that holder), or 我的待办 (the signed-in
/// person must hold the task). GET shows the case and the form and changes nothing (mail scanners prefetch links); only a
/// POST from that form, carrying its anti-forgery pair, acts. Supervisors reassign open tasks of their organisation.
/// </summary>
public sealed class TaskApi(TaskFinder finder, TaskDesk desk, TaskInbox inbox, TaskReassignment reassignment, CaseJournal journal,
    AttachmentStore attachments, AttachmentPolicy attachmentPolicy, CaseSummaries summaries, StaffDirectory directory, SignIn signIn,
    TimeProvider clock)
{
    private const string AntiForgeryCookie = "lf_af";

    [Function(nameof(ShowReviewPage))]
    [ApiOperation("办理链接", "打开办理页面", Description = "只读：显示办件内容、材料和办理表单，不改变任何状态（邮件安全扫描预取也无妨）。",
        ResponseContentType = "text/html", Statuses = [200, 404, 409, 410])]
    public Task<IActionResult> ShowReviewPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Review)] HttpRequest req,
        string token) =>
        HtmlPage.Handle(req, async () => await ShowAsync(req, await finder.ByLinkAsync(token, req.HttpContext.RequestAborted),
            Routes.ReviewPath(token), id => Routes.ReviewAttachmentPath(token, id)));

    [Function(nameof(DecideReview))]
    [ApiOperation("办理链接", "提交办理结果", Description = "只接受办理页面的表单（同源，带防伪 Cookie 和字段）；决定类事项提交后链接失效，移送事项先签收后报告结果（可附文件）。",
        FormType = typeof(TaskActionForm), ResponseContentType = "text/html", Statuses = [200, 400, 403, 404, 409, 410, 413])]
    public Task<IActionResult> DecideReview([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Review)] HttpRequest req,
        [DurableClient] DurableTaskClient client, string token) =>
        ActAsync(req, client, () => finder.ByLinkAsync(token, req.HttpContext.RequestAborted), Routes.ReviewPath(token),
            id => Routes.ReviewAttachmentPath(token, id));

    [Function(nameof(ShowInbox))]
    [ApiOperation("待办", "我的待办", Description = "登录人员承办的全部待办事项（含受委托的），按办理期限排序，标明剩余天数或逾期。",
        ResponseContentType = "text/html", Statuses = [200, 401])]
    public Task<IActionResult> ShowInbox([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Inbox)] HttpRequest req) =>
        HtmlPage.Handle(req, async () =>
        {
            var caller = await signIn.CallerAsync(req) ?? throw Problem.Unauthenticated();
            var orgName = await directory.NameOfAsync(caller.Organisation, req.HttpContext.RequestAborted);
            return TaskPage.Inbox(caller, orgName, await inbox.OfAsync(caller, req.HttpContext.RequestAborted), clock.GetUtcNow());
        });

    [Function(nameof(ShowInboxTask))]
    [ApiOperation("待办", "打开待办事项", Description = "登录后从“我的待办”打开事项；只读，不改变任何状态。", ResponseContentType = "text/html",
        Statuses = [200, 401, 404, 409, 410])]
    public Task<IActionResult> ShowInboxTask([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.InboxTask)] HttpRequest req,
        string caseId, string taskId) => HtmlPage.Handle(req, async () =>
        {
            var caller = await signIn.CallerAsync(req) ?? throw Problem.Unauthenticated();
            var task = await finder.ForCallerAsync(caller, caseId, taskId, req.HttpContext.RequestAborted);
            return await ShowAsync(req, task, Routes.InboxTaskPath(caseId, taskId), id => Routes.CaseAttachmentPath(caseId, id));
        });

    [Function(nameof(ActOnInboxTask))]
    [ApiOperation("待办", "办理待办事项", Description = "与办理链接相同的表单；以登录人员（承办人或受托人）的名义记录。",
        FormType = typeof(TaskActionForm), ResponseContentType = "text/html", Statuses = [200, 400, 401, 403, 404, 409, 410, 413])]
    public Task<IActionResult> ActOnInboxTask([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.InboxTask)] HttpRequest req,
        [DurableClient] DurableTaskClient client, string caseId, string taskId) =>
        ActAsync(req, client, async () =>
        {
            var caller = await signIn.CallerAsync(req) ?? throw Problem.Unauthenticated();
            return await finder.ForCallerAsync(caller, caseId, taskId, req.HttpContext.RequestAborted);
        }, Routes.InboxTaskPath(caseId, taskId), id => Routes.CaseAttachmentPath(caseId, id));

    [Function(nameof(ShowSupervision))]
    [ApiOperation("待办", "督办：本单位的待办事项", Description = "督办人员查看本单位全部未办结的事项及承办人，可改派。", ResponseContentType = "text/html",
        Statuses = [200, 401, 403])]
    public Task<IActionResult> ShowSupervision(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Supervision)] HttpRequest req) =>
        HtmlPage.Handle(req, async () =>
        {
            var ct = req.HttpContext.RequestAborted;
            var caller = await signIn.CallerAsync(req) ?? throw Problem.Unauthenticated();
            if (!caller.IsIn(Roles.Supervisor) || !caller.IsRegistered) throw Problem.Forbidden("只有督办人员可以查看本单位全部待办并改派。");
            var antiForgery = AntiForgery(req);
            return TaskPage.Supervision(caller, await directory.NameOfAsync(caller.Organisation, ct),
                await inbox.OfOrganisationAsync(caller.Organisation, ct),
                (await directory.MembersAsync(caller.Organisation, ct)).Where(p => p.Active).ToList(), antiForgery, clock.GetUtcNow());
        });

    [Function(nameof(ReassignTask))]
    [ApiOperation("待办", "改派待办事项", Description = "督办人员将未办结的事项改由本单位另一人承办（须写明理由）；原承办人的链接随即失效。",
        FormType = typeof(ReassignmentForm), ResponseContentType = "text/html",
        Statuses = [200, 400, 401, 403, 404, 409, 410])]
    public Task<IActionResult> ReassignTask(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.SupervisionTask)] HttpRequest req,
        string caseId, string taskId) => HtmlPage.Handle(req, async () =>
        {
            var form = await ReadFormCheckedAsync(req, 64 * 1024, "reason");
            var caller = await signIn.CallerAsync(req) ?? throw Problem.Unauthenticated();
            var task = await reassignment.ReassignAsync(caller, caseId, taskId, form["personId"], form["reason"],
                req.HttpContext.RequestAborted);
            return HtmlPage.Render(200, "已改派",
                $"<h1>已改派</h1><p>“{HtmlPage.E(task.StepName)}”已改由{HtmlPage.E(task.HolderNames)}承办，原链接已失效。</p>" +
                $"<p><a href=\"{HtmlPage.E(Routes.SupervisionPath)}\">返回督办</a> · " +
                $"<a href=\"{HtmlPage.E(Routes.CaseProgressPath(caseId))}\">查看办件进度</a></p>");
        });

    [Function(nameof(DownloadReviewAttachment))]
    [ApiOperation("办理链接", "通过链接下载材料", ResponseContentType = "application/octet-stream", ErrorContentType = "text/html",
        Statuses = [200, 404, 409, 410])]
    public Task<IActionResult> DownloadReviewAttachment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ReviewAttachment)] HttpRequest req, string token,
        string attachmentId) =>
        HtmlPage.Handle(req, async () =>
        {
            var link = await finder.ByLinkAsync(token, req.HttpContext.RequestAborted);
            if (link.State != AccessState.Open) return TaskPage.ForState(link.State);
            var file = await attachments.OpenAsync(link.Case!.Id, attachmentId, req.HttpContext.RequestAborted);
            return file is null ? HtmlPage.Message(404, "附件不存在", "该附件不存在。") : CaseApi.Download(req, file);
        });

    private async Task<IActionResult> ShowAsync(HttpRequest req, TaskAccess task, string formAction, Func<string, string> attachmentUrl,
        TaskFormDraft? draft = null)
    {
        if (task.State != AccessState.Open) return TaskPage.ForState(task.State);
        var ct = req.HttpContext.RequestAborted;
        var files = await attachments.ListAsync(task.Case!.Id, ct);
        var timeline = await journal.TimelineAsync(task.Case.Id, ct);
        var summary = await summaries.LinesAsync(task.Case, task.Task!, ct);
        return TaskPage.Form(formAction, attachmentUrl, task, summary, files, timeline, AntiForgery(req), draft);
    }

    /// <summary>A fresh anti-forgery value: in an HttpOnly, same-site cookie and in the page's form, to be matched on POST.</summary>
    private static string AntiForgery(HttpRequest req)
    {
        var value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        req.HttpContext.Response.Cookies.Append(AntiForgeryCookie, value, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = req.IsHttps, Path = "/" + Routes.Prefix,
        });
        return value;
    }

    /// <summary>A form from one of LinfenFlows' own pages: same origin and the anti-forgery pair, checked before anything else.</summary>
    private static async Task<IFormCollection> ReadFormCheckedAsync(HttpRequest req, long maxBytes, string fileField)
    {
        if (!Api.SameOrigin(req) || !req.HasFormContentType) throw Problem.Forbidden("请从办理页面提交。");
        var form = await Api.ReadFormAsync(req, maxBytes, fileField);
        var cookie = req.Cookies[AntiForgeryCookie];
        if (string.IsNullOrEmpty(cookie)
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(cookie), Encoding.ASCII.GetBytes(form["af"].ToString())))
            throw Problem.Forbidden("页面已失效，请重新打开办理页面后提交。");
        return form;
    }

    private Task<IActionResult> ActAsync(HttpRequest req, DurableTaskClient client, Func<Task<TaskAccess>> find, string formAction,
        Func<string, string> attachmentUrl) => HtmlPage.Handle(req, async () =>
    {
        var form = await ReadFormCheckedAsync(req, attachmentPolicy.MaxBytes, "file");
        var task = await find();
        try
        {
            return await DecideAsync(req, client, form, task);
        }
        catch (ProblemException p) when (p.Status == 400 && task.State == AccessState.Open)
        {
            // A refused form comes back filled in as it was sent, with the reason: nothing has to be typed again.
            var draft = new TaskFormDraft(HtmlPage.Reason(p) + (form.Files.Count > 0 ? "文件需重新选择。" : ""),
                form.Keys.Where(k => k != "af" && k != "selected").ToDictionary(k => k, k => form[k].ToString()),
                form["selected"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToHashSet());
            return await ShowAsync(req, task, formAction, attachmentUrl, draft);
        }
    });

    private async Task<IActionResult> DecideAsync(HttpRequest req, DurableTaskClient client, IFormCollection form, TaskAccess task)
    {
        var ct = req.HttpContext.RequestAborted;
        var decision = form["decision"].ToString();
        if (decision == TaskPage.ExtendAction)
        {
            var days = int.TryParse(form["days"], out var d) ? d : (int?)null;
            var moved = await desk.ExtendAsync(client, task, days, form["opinion"], ct);
            return TaskPage.Extended(moved, task);
        }
        var file = await Api.FileAsync(form, "file", attachmentPolicy.MaxBytes);
        var values = form.Keys.Where(k => k.StartsWith(TaskPage.FieldPrefix, StringComparison.Ordinal))
            .ToDictionary(k => k[TaskPage.FieldPrefix.Length..], k => form[k].ToString());
        var selected = form["selected"].Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToList();
        var taken = await desk.DecideAsync(client, task, new TaskActionRequest(decision, form["opinion"], selected, values, file), ct);
        return TaskPage.Done(taken, task);
    }
}

/// <summary>
/// The form of a task page (for the API document): the anti-forgery field, the decision, an opinion, the days of an
/// extension, ticked items, a result file; a task's own fields come as <c>field.{key}</c>.
/// </summary>
public sealed record TaskActionForm([Required] string Af, [Required] string Decision, string? Opinion, int? Days,
    IReadOnlyList<string>? Selected, FilePart? File);

/// <summary>The reassignment form of the supervision page (for the API document).</summary>
public sealed record ReassignmentForm([Required] string PersonId, [Required] string Reason);
