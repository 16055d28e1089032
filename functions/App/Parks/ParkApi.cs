using System.ComponentModel.DataAnnotations;
using LinfenFlows.Functions.Cases;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Parks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Functions.Parks;

/// <summary>市级人力资源服务产业园: application and correction, publicity and objections, the park record, branch sites, yearly cycles.</summary>
public sealed class ParkApi(ParkIntake intake, ParkPublicity publicity, ParkRegistry registry, ParkCycles cycles,
    ParkBranchActivities branches, AttachmentPolicy policy, CaseViews views, CaseJournal journal, SignIn signIn, TimeProvider clock,
    ILogger<ParkApi> logger)
{
    private const string Tag = "人力资源服务产业园";

    /// <summary>1 January 01:00 UTC = 09:00 Beijing: the yearly evaluations open (第十五条: in the first quarter).</summary>
    public const string NewYear = "0 0 1 1 1 *";

    /// <summary>multipart/form-data: <c>application</c> (JSON, <see cref="ParkApplication"/>) and the materials by field name.</summary>
    [Function(nameof(SubmitParkApplication))]
    [ApiOperation(Tag, "申报市级人力资源服务产业园",
        Description = "县级人社部门经办人员提交申报信息和材料（letter、approvalForm、feasibility、operations、policies、roster 必交，other 可选）；" +
        "第五条硬性条件和运营满一年由系统核验，不符合的一次性告知全部原因。同一单位同一园区名称重复提交返回同一办件（200）。",
        FormType = typeof(ParkApplicationForm), ResponseType = typeof(CaseView), Statuses = [201, 200, 400, 401, 403, 413])]
    public Task<IActionResult> SubmitParkApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ParkApplications)] HttpRequest req,
        [DurableClient] DurableTaskClient client) => Api.Handle(req, async () =>
    {
        var (application, files, _) = await ReadApplicationAsync(req);
        var submitted = await intake.SubmitAsync(client, await signIn.CallerAsync(req), application, files, req.HttpContext.RequestAborted);
        req.HttpContext.Response.Headers.Location = Routes.CasePath(submitted.Case.PartitionKey);
        return Api.Json(await views.ViewAsync(submitted.Case, req.HttpContext.RequestAborted),
            submitted.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    });

    /// <summary>multipart/form-data: the corrected <c>application</c>, any replaced materials and a <c>note</c>.</summary>
    [Function(nameof(CorrectParkApplication))]
    [ApiOperation(Tag, "补正后重新报送", Description = "县级审核退回补正后，提交更正后的申报信息（完整）和需替换的材料；未替换的材料沿用。",
        FormType = typeof(ParkCorrectionForm), ResponseType = typeof(CaseView), Statuses = [200, 400, 401, 403, 404, 409, 413])]
    public Task<IActionResult> CorrectParkApplication(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ParkCorrections)] HttpRequest req,
        [DurableClient] DurableTaskClient client, string caseId) => Api.Handle(req, async () =>
    {
        var (application, files, note) = await ReadApplicationAsync(req);
        var entity = await intake.CorrectAsync(client, await signIn.CallerAsync(req), caseId, application, files, note,
            req.HttpContext.RequestAborted);
        return Api.Json(await views.ViewAsync(entity, req.HttpContext.RequestAborted));
    });

    [Function(nameof(ShowParkPublicity))]
    [ApiOperation(Tag, "拟确定名单公示（公开）", Description = "无需登录：公示对象、公示期（按国务院节假日安排计算的工作日）；公示期内可提出异议。",
        ResponseContentType = "text/html", Statuses = [200, 404])]
    public Task<IActionResult> ShowParkPublicity(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ParkPublicity)] HttpRequest req,
        string caseId) => HtmlPage.Handle(req, async () =>
        await publicity.FindAsync(caseId, req.HttpContext.RequestAborted) is { } notice
            ? ParkPages.Publicity(notice)
            : HtmlPage.Message(404, "公示不存在", "该产业园尚未公示，或链接有误。"));

    /// <summary>A form post from the publicity page: <c>name</c>, <c>phone</c>, <c>content</c>.</summary>
    [Function(nameof(FileParkObjection))]
    [ApiOperation(Tag, "对公示提出异议", Description = "公示期内提交（署名并留联系电话）；同一异议重复提交只算一件；公示期满后不予受理（409）。",
        FormType = typeof(ObjectionForm), ResponseContentType = "text/html", Statuses = [201, 400, 403, 404, 409])]
    public Task<IActionResult> FileParkObjection(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ParkObjections)] HttpRequest req,
        [DurableClient] DurableTaskClient client, string caseId) => HtmlPage.Handle(req, async () =>
    {
        if (!Api.SameOrigin(req) || !req.HasFormContentType) return HtmlPage.Message(403, "请求无效", "请从公示页面提交异议。");
        var form = await Api.ReadFormAsync(req, 64 * 1024, "content");
        int number;
        try
        {
            number = await publicity.FileObjectionAsync(client, caseId, form["name"], form["phone"], form["content"],
                req.HttpContext.RequestAborted);
        }
        catch (ProblemException p) when (p.Status == 400)
        {
            // The notice again with what was typed and why it was refused, so the objector corrects rather than retypes.
            if (await publicity.FindAsync(caseId, req.HttpContext.RequestAborted) is not { Open: true } notice) throw;
            return ParkPages.Publicity(notice, new ObjectionDraft(HtmlPage.Reason(p), form["name"], form["phone"], form["content"]));
        }
        return HtmlPage.Render(201, "异议已受理", "<h1>异议已受理</h1>" +
            $"<p>您的异议已受理（第{number}件），市人社局将进行核实，并通过您留下的电话与您联系。</p>" +
            $"<p><a href=\"{HtmlPage.E(Routes.ParkPublicityPath(caseId))}\">返回公示页面</a></p>");
    });

    [Function(nameof(ListParks))]
    [ApiOperation(Tag, "市级人力资源服务产业园名录", Description = "已认定（含已取消资格）的产业园。",
        ResponseType = typeof(IReadOnlyList<ParkListingView>), Statuses = [200, 401])]
    public Task<IActionResult> ListParks(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Parks)] HttpRequest req) => Api.Handle(req, async () =>
    {
        if (await signIn.CallerAsync(req) is null) throw Problem.Unauthenticated();
        var parks = await registry.AllAsync(req.HttpContext.RequestAborted);
        return Api.Json(parks.Select(p => new ParkListingView(p.RowKey, p.ParkName, p.County, p.Status, p.ReplyNumber,
            BeijingTime.FormatDate(BeijingTime.DateOf(p.RecognisedOn)), Routes.ParkRecordPath(p.RowKey))).ToList());
    });

    [Function(nameof(GetPark))]
    [ApiOperation(Tag, "产业园档案", Description = "状态、批复、奖励、分园区、各年度备案和补助计算过程、档案记录。",
        ResponseType = typeof(ParkView), Statuses = [200, 401, 404])]
    public Task<IActionResult> GetPark([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Park)] HttpRequest req,
        string parkId) =>
        Api.Handle(req, async () => Api.Json(await ParkViewAsync(req, parkId)));

    [Function(nameof(ShowParkRecord))]
    [ApiOperation(Tag, "产业园档案页面", ResponseContentType = "text/html", Statuses = [200, 401, 404])]
    public Task<IActionResult> ShowParkRecord([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.ParkRecord)] HttpRequest req,
        string parkId) =>
        HtmlPage.Handle(req, async () => ParkPages.Record(await ParkViewAsync(req, parkId)));

    /// <summary>JSON <see cref="BranchChangeRequest"/>.</summary>
    [Function(nameof(RequestBranchChange))]
    [ApiOperation(Tag, "申请增设、改变、撤销分园区", Description = "产业园所在地县级人社部门申请，市人社局同意后记入产业园档案；分园区原则上不超过3个。",
        RequestContentType = "application/json", RequestType = typeof(BranchChangeRequest), ResponseType = typeof(CaseView),
        Statuses = [201, 200, 400, 401, 403, 404, 409])]
    public Task<IActionResult> RequestBranchChange(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.ParkBranchChanges)] HttpRequest req,
        [DurableClient] DurableTaskClient client, string parkId) => Api.Handle(req, async () =>
    {
        var body = await Api.ReadBodyAsync<BranchChangeRequest>(req);
        var submitted = await branches.SubmitAsync(client, await signIn.CallerAsync(req), parkId, body, req.HttpContext.RequestAborted);
        req.HttpContext.Response.Headers.Location = Routes.CasePath(submitted.Case.PartitionKey);
        return Api.Json(await views.ViewAsync(submitted.Case, req.HttpContext.RequestAborted),
            submitted.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    });

    [Function(nameof(StartParkAnnualCycles))]
    public async Task StartParkAnnualCycles([TimerTrigger(NewYear)] TimerInfo timer, [DurableClient] DurableTaskClient client)
    {
        var year = BeijingTime.DateOf(clock.GetUtcNow()).Year;
        var started = await cycles.StartYearAsync(client, year);
        logger.LogInformation("Yearly park evaluations of {Year}: {Count} cycles", year, started.Count);
    }

    /// <summary>
    /// JSON <c>{"year": 2027}</c>: operators (function key) open a year's cycles by hand, e.g. after an outage; idempotent.
    /// </summary>
    [Function(nameof(RunParkAnnualCycles))]
    [ApiOperation("运维", "立即开启产业园年度评估", Description = "与每年1月1日的定时任务相同；已开启的不会重复。",
        RequestContentType = "application/json", RequestType = typeof(YearRequest), ResponseType = typeof(IReadOnlyList<string>),
        Statuses = [200, 400, 401])]
    public Task<IActionResult> RunParkAnnualCycles(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.ParkAnnualCycles)] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        Api.Handle(req, async () =>
        {
            var body = await Api.ReadBodyAsync<YearRequest>(req);
            var thisYear = BeijingTime.DateOf(clock.GetUtcNow()).Year;
            if (body?.Year is not { } year || year < 2023 || year > thisYear)
                throw Problem.Invalid("year", "range", $"年份应在2023至{thisYear}之间。", $"year must be between 2023 and {thisYear}.");
            return Api.Json(await cycles.StartYearAsync(client, year, req.HttpContext.RequestAborted));
        });

    private async Task<(ParkApplication? Application, IReadOnlyDictionary<string, UploadedFile> Files, string? Note)> ReadApplicationAsync(
        HttpRequest req)
    {
        var form = await Api.ReadFormAsync(req, policy.MaxBytes * ParkMaterials.All.Count, "materials");
        var application = Api.ReadJson<ParkApplication>(form["application"], "application");
        var files = new Dictionary<string, UploadedFile>();
        foreach (var m in ParkMaterials.All)
            if (await Api.FileAsync(form, m.Field, policy.MaxBytes) is { } file) files[m.Field] = file;
        return (application, files, form["note"]);
    }

    /// <summary>Whoever may read the recognition case may read the park it became.</summary>
    private async Task<ParkView> ParkViewAsync(HttpRequest req, string parkId)
    {
        var ct = req.HttpContext.RequestAborted;
        var entity = await views.ReadableAsync(await signIn.CallerAsync(req), parkId, ct);
        var park = await registry.FindAsync(entity.PartitionKey, ct) ?? throw Problem.NotFound("产业园", "Park");
        return ParkView.Of(parkId, park, await registry.YearsAsync(parkId, ct), await journal.TimelineAsync(entity.Id, ct));
    }
}

public sealed record ParkListingView(string ParkId, string ParkName, string County, string Status, string ReplyNumber, string RecognisedOn,
    string RecordUrl);

/// <summary>The parts of an application (for the API document): the application as JSON and materials 1–6, 7 optional.</summary>
public sealed record ParkApplicationForm([Required] ParkApplication Application, [Required] FilePart Letter,
    [Required] FilePart ApprovalForm, [Required] FilePart Feasibility, [Required] FilePart Operations, [Required] FilePart Policies,
    [Required] FilePart Roster, FilePart? Other);

/// <summary>The parts of a correction (for the API document): the whole application again, the replaced materials, a note.</summary>
public sealed record ParkCorrectionForm([Required] ParkApplication Application, FilePart? Letter, FilePart? ApprovalForm,
    FilePart? Feasibility, FilePart? Operations, FilePart? Policies, FilePart? Roster, FilePart? Other, string? Note);

/// <summary>The public objection form (for the API document).</summary>
public sealed record ObjectionForm([Required] string Name, [Required] string Phone, [Required] string Content);
