using System.Text;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Platform;
using LinfenFlows.Workflows.Reviews;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Functions.Platform;

/// <summary>好差评: the rating form of a finished case, the statistics, and the rectification workflow of a 差评.</summary>
public sealed class RatingFunctions(Ratings ratings, RectificationActivities rectification, StaffDirectory directory,
    SignIn signIn)
{
    private const string Tag = "好差评";

    [Function(nameof(ShowCaseRating))]
    [ApiOperation(Tag, "评价办件（页面）", Description = "办件办结后，申请单位评价办理情况；每件评价一次。", ResponseContentType = "text/html",
        Statuses = [200, 401, 404])]
    public Task<IActionResult> ShowCaseRating(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.CaseRating)] HttpRequest req, string caseId) =>
        HtmlPage.Handle(req, async () =>
        {
            var c = await ratings.RateableAsync(await signIn.CallerAsync(req), caseId, req.HttpContext.RequestAborted);
            return RatingPage.Form(c, await ratings.FindAsync(c, req.HttpContext.RequestAborted));
        });

    /// <summary>From the page (form fields level, comment; same origin) or JSON <see cref="RatingRequest"/>.</summary>
    [Function(nameof(RateCase))]
    [ApiOperation(Tag, "评价办件", Description = "评价等次：非常满意、满意、基本满意、不满意、非常不满意；不满意的须说明原因，转办理单位在15个工作日内整改并反馈。",
        RequestContentType = "application/json", RequestType = typeof(RatingRequest), FormType = typeof(RatingRequest), PageForm = true,
        ResponseType = typeof(RatingView),
        Statuses = [201, 400, 401, 404, 409])]
    public Task<IActionResult> RateCase(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.CaseRating)] HttpRequest req, string caseId,
        [DurableClient] DurableTaskClient client)
    {
        var fromPage = req.HasFormContentType;
        async Task<IActionResult> Body()
        {
            var caller = await signIn.CallerAsync(req) ?? throw Problem.Unauthenticated();
            RatingRequest? request;
            if (fromPage)
            {
                if (!Api.SameOrigin(req)) throw Problem.Forbidden("请从评价页面提交。");
                var form = await Api.ReadFormAsync(req, 64 * 1024, "comment");
                request = new RatingRequest(form["level"], form["comment"]);
            }
            else request = await Api.ReadBodyAsync<RatingRequest>(req);
            RatingEntity rating;
            try
            {
                rating = await ratings.RateAsync(client, caller, caseId, request, req.HttpContext.RequestAborted);
            }
            catch (ProblemException p) when (fromPage && p.Status == 400)
            {
                // The form again, as it was filled in, with the reason.
                var c = await ratings.RateableAsync(caller, caseId, req.HttpContext.RequestAborted);
                return RatingPage.Form(c, null, new RatingDraft(HtmlPage.Reason(p), request?.Level, request?.Comment));
            }
            return fromPage
                ? RatingPage.Rated(rating, caseId)
                : Api.Json(RatingView.Of(rating), StatusCodes.Status201Created);
        }
        return fromPage ? HtmlPage.Handle(req, Body) : Api.Handle(req, Body);
    }

    [Function(nameof(GetRatingStatistics))]
    [ApiOperation(Tag, "好差评统计", Description = "各办理单位的评价件数、各等次件数、好评率、差评件数和整改率。",
        ResponseType = typeof(IReadOnlyList<RatingFigures>), Statuses = [200, 401, 403])]
    public Task<IActionResult> GetRatingStatistics(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.RatingStatistics)] HttpRequest req) =>
        Api.Handle(req, async () => Api.Json(await FiguresAsync(req)));

    [Function(nameof(ShowRatingStatistics))]
    [ApiOperation(Tag, "好差评统计页面", ResponseContentType = "text/html", Statuses = [200, 401, 403])]
    public Task<IActionResult> ShowRatingStatistics(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.RatingStatisticsPage)] HttpRequest req) =>
        HtmlPage.Handle(req, async () => RatingPage.Statistics(await FiguresAsync(req)));

    [Function(nameof(ExportRatingStatistics))]
    [ApiOperation(Tag, "导出好差评统计（CSV）", ResponseContentType = "text/csv", Statuses = [200, 401, 403])]
    public Task<IActionResult> ExportRatingStatistics(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.RatingStatisticsCsv)] HttpRequest req) =>
        Api.Handle(req, async () =>
        {
            var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(RatingPage.Csv(await FiguresAsync(req)))).ToArray();
            return new FileContentResult(bytes, "text/csv; charset=utf-8") { FileDownloadName = "好差评统计.csv" };
        });

    [Function(nameof(RatingRectification))]
    public static Task<string> RunRatingRectification([OrchestrationTrigger] TaskOrchestrationContext context, RectificationInput input) =>
        RatingRectification.RunAsync(context, input);

    [Function(RectificationActivities.PlanRectification)]
    public Task<TaskSpec> PlanRectification([ActivityTrigger] RectificationInput input) => rectification.PlanAsync(input);

    [Function(RectificationActivities.ConcludeRectification)]
    public Task<string> ConcludeRectification([ActivityTrigger] TaskRef input) => rectification.ConcludeAsync(input);

    /// <summary>The statistics are for the city's supervisors and operators.</summary>
    private async Task<IReadOnlyList<RatingFigures>> FiguresAsync(HttpRequest req)
    {
        var caller = await signIn.CallerAsync(req) ?? throw Problem.Unauthenticated();
        if (!caller.ReadsEveryCase) throw Problem.Forbidden("好差评统计仅供市级督办和运维人员查看。");
        return await ratings.FiguresAsync(directory, req.HttpContext.RequestAborted);
    }

}

/// <summary>A rating as the API answers it.</summary>
public sealed record RatingView(
    string CaseId, string Level, string? Comment, string RatedBy, DateTimeOffset RatedAt, string? RectificationCaseId)
{
    public static RatingView Of(RatingEntity r) => new(r.RowKey, r.Level, r.Comment, r.RatedByName, r.RatedAt, r.RectificationCaseId);
}
