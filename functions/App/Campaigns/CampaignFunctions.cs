using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.People;
using LinfenFlows.Workflows.Campaigns;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Functions.Campaigns;

/// <summary>定期报送: 市大气办 starts a campaign; each week's collection opens by the timer; the office follows it on a page.</summary>
public sealed class CampaignFunctions(CampaignDesk desk, CollectionActivities collections, SignIn signIn,
    ILogger<CampaignFunctions> logger)
{
    private const string Tag = "定期报送";
    /// <summary>00:05 Beijing every day: a week's collection opens six days before its report day.</summary>
    public const string AfterMidnight = "0 5 16 * * *";

    /// <summary>JSON <see cref="CampaignRequest"/>.</summary>
    [Function(nameof(StartCampaign))]
    [ApiOperation(Tag, "发起定期报送", Description = "市大气办发起：专项工作、文号、起止日期、每周报送日（默认周四）、报送单位，以及可选的任务清单报送日期。" +
        "报送日逢休息日顺延至其后第一个工作日。已发起的（同一文号）不变（200）。",
        RequestContentType = "application/json", RequestType = typeof(CampaignRequest), ResponseType = typeof(CampaignView),
        Statuses = [201, 200, 400, 401, 403])]
    public Task<IActionResult> StartCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Campaigns)] HttpRequest req,
        [DurableClient] DurableTaskClient client) => Api.Handle(req, async () =>
    {
        var caller = await signIn.CallerAsync(req);
        var body = await Api.ReadBodyAsync<CampaignRequest>(req);
        var (campaign, created) = await desk.CreateAsync(client, caller, body, req.HttpContext.RequestAborted);
        req.HttpContext.Response.Headers.Location = Routes.CampaignPath(campaign.PartitionKey);
        return Api.Json(await desk.ViewAsync(caller, campaign.PartitionKey, req.HttpContext.RequestAborted),
            created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    });

    [Function(nameof(GetCampaign))]
    [ApiOperation(Tag, "定期报送情况", Description = "各期报送情况：哪些单位已报送、逾期报送、未报送，报送内容和材料。报送单位只看到本单位的。",
        ResponseType = typeof(CampaignView), Statuses = [200, 401, 404])]
    public Task<IActionResult> GetCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Campaign)] HttpRequest req, string campaignId) =>
        Api.Handle(req, async () =>
            Api.Json(await desk.ViewAsync(await signIn.CallerAsync(req), campaignId, req.HttpContext.RequestAborted)));

    [Function(nameof(ShowCampaign))]
    [ApiOperation(Tag, "定期报送情况页面", ResponseContentType = "text/html", Statuses = [200, 401, 404])]
    public Task<IActionResult> ShowCampaign(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.CampaignPage)] HttpRequest req, string campaignId) =>
        HtmlPage.Handle(req, async () =>
            CampaignPage.Render(await desk.ViewAsync(await signIn.CallerAsync(req), campaignId, req.HttpContext.RequestAborted)));

    [Function(nameof(OpenCampaignCollections))]
    public async Task OpenCampaignCollections([TimerTrigger(AfterMidnight)] TimerInfo timer, [DurableClient] DurableTaskClient client)
    {
        var opened = await desk.OpenDueAsync(client);
        logger.LogInformation("Campaign collections open: {Count}", opened.Count);
    }

    [Function(nameof(RunCampaignCollections))]
    [ApiOperation("运维", "立即开启定期报送", Description = "与每日00:05的定时任务相同：开启6日内到期的各期报送，期满的专项办结；已开启的不会重复。",
        ResponseType = typeof(IReadOnlyList<string>), Statuses = [200, 401])]
    public Task<IActionResult> RunCampaignCollections(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.CampaignCollections)] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        Api.Handle(req, async () => Api.Json(await desk.OpenDueAsync(client, req.HttpContext.RequestAborted)));

    [Function(nameof(WeeklyReporting))]
    public static Task<CollectionResult> RunWeeklyReporting([OrchestrationTrigger] TaskOrchestrationContext context,
        CollectionInput input) => WeeklyReporting.RunAsync(context, input);

    [Function(CollectionActivities.PlanCollection)]
    public Task<CollectionPlan> PlanCollection([ActivityTrigger] CollectionInput input) => collections.PlanAsync(input);

    [Function(CollectionActivities.CloseCollection)]
    public Task<CollectionResult> CloseCollection([ActivityTrigger] CollectionInput input) => collections.CloseAsync(input);
}
