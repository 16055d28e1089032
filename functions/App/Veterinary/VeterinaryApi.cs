using System.ComponentModel.DataAnnotations;
using System.Text;
using LinfenFlows.Functions.Cases;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Platform;
using LinfenFlows.Workflows.Veterinary;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Functions.Veterinary;

/// <summary>官方兽医培训: registration, hours from three sources, exams, certificates, the 20 December close and the statistics.</summary>
public sealed class VeterinaryApi(VetRegistration registration, TrainingRecords records, TrainingIntake intake,
    CertificateActivities certificates, TrainingStatistics statistics, TrainingYearActivities year, AttachmentPolicy policy,
    CaseViews views, CaseJournal journal, SignIn signIn, TimeProvider clock, ILogger<VeterinaryApi> logger)
{
    private const string Tag = "官方兽医培训";

    /// <summary>01:00 UTC = 09:00 Beijing, every day; the sweep itself skips rest days.</summary>
    public const string EveryMorning = "0 0 1 * * *";
    /// <summary>20 December 16:05 UTC = 21 December 00:05 Beijing: just after submissions for the year closed.</summary>
    public const string AfterTwentiethDecember = "0 5 16 20 12 *";

    [Function(nameof(RegisterVet))]
    [ApiOperation(Tag, "登记官方兽医（师资、协检员）", Description = "县级农业农村部门登记本县人员；资格确认后60日内完成岗前培训（不少于40学时并考试合格）。已登记的不变（200）。",
        RequestContentType = "application/json", RequestType = typeof(VetRegistrationRequest), Statuses = [201, 200, 400, 401, 403])]
    public Task<IActionResult> RegisterVet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Vets)] HttpRequest req) => Api.Handle(req, async () =>
    {
        var body = await Api.ReadBodyAsync<VetRegistrationRequest>(req);
        var created = await registration.RegisterOneAsync(await signIn.CallerAsync(req), body, req.HttpContext.RequestAborted);
        return Api.Json(new { vetId = body!.VetId, created, url = Routes.VetPath(body.VetId!) },
            created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    });

    [Function(nameof(ImportVets))]
    [ApiOperation(Tag, "导入本县花名册（CSV）",
        Description = "列：vetId,name,county,role,qualifiedOn,phone,lastRotationYear,onDuty；任何一行有误则整份不导入，并逐行说明。",
        RequestContentType = "text/csv", FormType = typeof(RosterForm), ResponseType = typeof(ImportResult),
        Statuses = [200, 400, 401, 403])]
    public Task<IActionResult> ImportVets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.VetImports)] HttpRequest req) => Api.Handle(req, async () =>
    {
        string csv;
        if (req.HasFormContentType)
        {
            var file = await Api.FileAsync(await Api.ReadFormAsync(req, policy.MaxBytes, "roster"), "roster", policy.MaxBytes);
            csv = file is null ? "" : Encoding.UTF8.GetString(file.Content);
        }
        else csv = await Api.ReadTextAsync(req, policy.MaxBytes, "roster");
        return Api.Json(await registration.ImportCsvAsync(await signIn.CallerAsync(req), csv, req.HttpContext.RequestAborted));
    });

    [Function(nameof(GetVet))]
    [ApiOperation(Tag, "培训档案", Description = "岗前培训、各年度学时和结果及其记录；浏览器（Accept: text/html）得到页面。",
        ResponseType = typeof(VetView), AlsoRespondsWith = ["text/html"], Statuses = [200, 401, 404])]
    public Task<IActionResult> GetVet([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Vet)] HttpRequest req, string vetId)
    {
        var page = req.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal);
        async Task<IActionResult> Body()
        {
            var (c, _) = await ReadableAsync(req, vetId);
            var ct = req.HttpContext.RequestAborted;
            var view = VetView.Of(c, await journal.RowsAsync<VetYearEntity>(c.Id, VetYearEntity.Prefix, ct),
                await journal.RowsAsync<VetHourEntity>(c.Id, VetHourEntity.Prefix, ct), await journal.TimelineAsync(c.Id, ct));
            return page ? VeterinaryPages.File(view) : Api.Json(view);
        }
        return page ? HtmlPage.Handle(req, Body) : Api.Handle(req, Body);
    }

    [Function(nameof(RecordVetExam))]
    [ApiOperation(Tag, "登记考试结果", Description = "县级农业农村部门登记岗前培训考试或年度考试结果；岗前培训满40学时且考试合格即可上岗。",
        RequestContentType = "application/json", RequestType = typeof(ExamRequest), Statuses = [200, 400, 401, 403, 404, 409])]
    public Task<IActionResult> RecordVetExam([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.VetExams)] HttpRequest req,
        string vetId) => Api.Handle(req, async () =>
    {
        var body = await Api.ReadBodyAsync<ExamRequest>(req);
        await registration.RecordExamAsync(await signIn.CallerAsync(req), vetId, body, req.HttpContext.RequestAborted);
        return Api.Json(new { vetId, recorded = true });
    });

    /// <summary>JSON <see cref="OnlineBatch"/>: system to system, with the function key.</summary>
    [Function(nameof(RecordOnlineHours))]
    [ApiOperation(Tag, "线上学时同步（平台对接）", Description = "线上培训平台按批推送学时；同一批次重复推送只计一次；任何一条有误则整批不计，并逐条说明。",
        RequestContentType = "application/json", RequestType = typeof(OnlineBatch), Statuses = [200, 400, 401])]
    public Task<IActionResult> RecordOnlineHours(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.VetOnlineHours)] HttpRequest req) => Api.Handle(req, async () =>
    {
        var batch = await Api.ReadBodyAsync<OnlineBatch>(req);
        return Api.Json(new { batchId = batch?.BatchId, recorded = await intake.RecordOnlineAsync(batch, req.HttpContext.RequestAborted) });
    });

    [Function(nameof(RecordTrainingSession))]
    [ApiOperation(Tag, "登记线下培训", Description = "组织单位（市、县农业农村部门）登记培训和参训人员，为每名参训人员出具培训证明编号，为授课师资记授课学时。",
        RequestContentType = "application/json", RequestType = typeof(TrainingSession), ResponseType = typeof(SessionRecorded),
        Statuses = [201, 400, 401, 403])]
    public Task<IActionResult> RecordTrainingSession(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.VetSessions)] HttpRequest req) => Api.Handle(req, async () =>
    {
        var session = await Api.ReadBodyAsync<TrainingSession>(req);
        return Api.Json(await intake.RecordSessionAsync(await signIn.CallerAsync(req), session, req.HttpContext.RequestAborted),
            StatusCodes.Status201Created);
    });

    /// <summary>multipart/form-data: <c>certificate</c> (JSON <see cref="CertificateClaim"/>) and <c>file</c>.</summary>
    [Function(nameof(SubmitTrainingCertificate))]
    [ApiOperation(Tag, "上传外部培训证书", Description = "本人或所在县农业农村部门上传；县级核验通过后计入学时。12月20日24:00后不再受理当年证书。",
        FormType = typeof(CertificateForm), ResponseType = typeof(CaseView), Statuses = [201, 200, 400, 401, 403, 404, 413])]
    public Task<IActionResult> SubmitTrainingCertificate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.VetCertificates)] HttpRequest req,
        [DurableClient] DurableTaskClient client) => Api.Handle(req, async () =>
    {
        var form = await Api.ReadFormAsync(req, policy.MaxBytes, "file");
        var claim = Api.ReadJson<CertificateClaim>(form["certificate"], "certificate");
        var submitted = await certificates.SubmitAsync(client, await signIn.CallerAsync(req), claim,
            await Api.FileAsync(form, "file", policy.MaxBytes), req.HttpContext.RequestAborted);
        return Api.Json(await views.ViewAsync(submitted.Case, req.HttpContext.RequestAborted),
            submitted.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    });

    [Function(nameof(GetTrainingStatistics))]
    [ApiOperation(Tag, "培训统计（考核评价）", Description = "各县（市、区）和全市的参训率、完训率、考试合格率及培训场次。",
        Statuses = [200, 400, 401, 403, 404])]
    public Task<IActionResult> GetTrainingStatistics(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.VetStatistics)] HttpRequest req, string year) =>
        Api.Handle(req, async () =>
        {
            var y = await StatisticsYearAsync(req, year);
            var (counties, city, citySessions) = await statistics.ForYearAsync(y, req.HttpContext.RequestAborted);
            return Api.Json(new
            {
                year = y, city, citySessions,
                counties = counties.Select(c => new { county = c.County.Name, c.Rates, c.SessionsHeld, c.SessionsRequired })
            });
        });

    [Function(nameof(ShowTrainingStatistics))]
    [ApiOperation(Tag, "培训统计页面", ResponseContentType = "text/html", Statuses = [200, 400, 401, 403, 404])]
    public Task<IActionResult> ShowTrainingStatistics(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.VetStatisticsPage)] HttpRequest req,
        string year) => HtmlPage.Handle(req, async () =>
    {
        var y = await StatisticsYearAsync(req, year);
        var (counties, city, citySessions) = await statistics.ForYearAsync(y, req.HttpContext.RequestAborted);
        return VeterinaryPages.Statistics(y, counties, city, citySessions);
    });

    // The routes' {year} hides the constructor's parameter of the same name inside those functions.
    private TrainingYearActivities YearActivities => year;

    /// <summary>
    /// The letter with the year's figures, as a PDF that opens in the browser; 404 until the year is closed and reported.
    /// </summary>
    [Function(nameof(ShowTrainingReport))]
    [ApiOperation(Tag, "年度培训情况函（PDF）", Description = "年度结束后，市农业农村局致市畜牧发展中心的函（临农函），含各县（市、区）情况表。",
        ResponseContentType = "application/pdf", Statuses = [200, 401, 403, 404])]
    public Task<IActionResult> ShowTrainingReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.VetTrainingReport)] HttpRequest req, string year) =>
        Api.Handle(req, async () =>
        {
            var y = await StatisticsYearAsync(req, year);
            var model = await YearActivities.ReportModelAsync(y, req.HttpContext.RequestAborted)
                        ?? throw Problem.NotFound($"{y}年度培训情况函", "The year's report");
            var name = Uri.EscapeDataString($"{y}年度官方兽医培训情况函.pdf");
            req.HttpContext.Response.Headers.ContentDisposition = $"inline; filename*=UTF-8''{name}";
            return new FileContentResult(LinfenFlows.Shared.Documents.Pdf.OfficialDocumentPdf.Render(model), "application/pdf");
        });

    [Function(nameof(ExportTrainingStatistics))]
    [ApiOperation(Tag, "导出培训统计（CSV）", ResponseContentType = "text/csv", Statuses = [200, 400, 401, 403, 404])]
    public Task<IActionResult> ExportTrainingStatistics(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.VetStatisticsCsv)] HttpRequest req, string year) =>
        Api.Handle(req, async () =>
        {
            var y = await StatisticsYearAsync(req, year);
            // With a byte-order mark, so spreadsheet programs read the Chinese right.
            var bytes = Encoding.UTF8.GetPreamble()
                .Concat(Encoding.UTF8.GetBytes(await statistics.CsvAsync(y, req.HttpContext.RequestAborted))).ToArray();
            return new FileContentResult(bytes, "text/csv; charset=utf-8") { FileDownloadName = $"官方兽医培训统计-{y}.csv" };
        });

    [Function(nameof(SendTrainingReminders))]
    public async Task SendTrainingReminders([TimerTrigger(EveryMorning)] TimerInfo timer) =>
        logger.LogInformation("Training sweep: {Sent} reminders and notices", await year.SweepAsync());

    [Function(nameof(RunTrainingSweep))]
    [ApiOperation("运维", "立即执行培训提醒", Description = "与每天早上9点的定时任务相同；同一天重复执行不会重复提醒。", Statuses = [200, 401])]
    public Task<IActionResult> RunTrainingSweep(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.VetSweeps)] HttpRequest req) =>
        Api.Handle(req, async () => Api.Json(new { sent = await year.SweepAsync(req.HttpContext.RequestAborted) }));

    [Function(nameof(CloseTrainingYear))]
    public async Task CloseTrainingYear([TimerTrigger(AfterTwentiethDecember)] TimerInfo timer, [DurableClient] DurableTaskClient client) =>
        await StartCloseAsync(client, BeijingTime.DateOf(clock.GetUtcNow()).Year, CancellationToken.None);

    /// <summary>JSON <c>{"year": 2026}</c>: operators close a year by hand (only after its 20 December); idempotent.</summary>
    [Function(nameof(RunTrainingYearClose))]
    [ApiOperation("运维", "立即结束培训年度", Description = "12月20日24:00之后方可执行；已执行的不会重复。",
        RequestContentType = "application/json", RequestType = typeof(YearRequest), Statuses = [202, 400, 401, 409])]
    public Task<IActionResult> RunTrainingYearClose(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.VetYearCloses)] HttpRequest req,
        [DurableClient] DurableTaskClient client) => Api.Handle(req, async () =>
    {
        var body = await Api.ReadBodyAsync<YearRequest>(req);
        if (body?.Year is not { } y || y < 2022 || y > BeijingTime.DateOf(clock.GetUtcNow()).Year)
            throw Problem.Invalid("year", "range", "请给出要结束的年度（2022年至今年）。", "year is required (2022 to this year).");
        if (TrainingRules.YearOpen(y, clock.GetUtcNow()))
            throw Problem.Conflict("year-open", $"{y}年度学时提交至12月20日24:00截止，截止前不能结束年度。", "The year is still open for submissions.");
        return Api.Json(new { instanceId = await StartCloseAsync(client, y, req.HttpContext.RequestAborted) },
            StatusCodes.Status202Accepted);
    });

    private static async Task<string> StartCloseAsync(DurableTaskClient client, int y, CancellationToken ct)
    {
        var id = TrainingYearClose.InstanceIdOf(y);
        await WorkflowStarter.StartOnceAsync(client, id, nameof(TrainingYearClose), new TrainingYearInput(y), ct);
        return id;
    }

    /// <summary>
    /// The vet themself, or staff of an organisation party to the file (the county bureau, the city bureau, the livestock centre).
    /// </summary>
    private async Task<(CaseEntity Case, VetProfile Vet)> ReadableAsync(HttpRequest req, string vetId)
    {
        var caller = await signIn.CallerAsync(req) ?? throw Problem.Unauthenticated();
        var found = await records.FindAsync(vetId, req.HttpContext.RequestAborted);
        if (!(caller.IsIn(Roles.Vet) && caller.VetId == found.Vet.VetId)) CaseViews.Authorise(caller, found.Case);
        return found;
    }

    private async Task<int> StatisticsYearAsync(HttpRequest req, string year) =>
        TrainingStatistics.YearFor(await signIn.CallerAsync(req), year, clock.GetUtcNow());
}

/// <summary>The parts of a certificate upload (for the API document): the claim as JSON and the certificate's file.</summary>
public sealed record CertificateForm([Required] CertificateClaim Certificate, [Required] FilePart File);

/// <summary>A roster sent from a form rather than as the CSV body (for the API document).</summary>
public sealed record RosterForm([Required] FilePart Roster);
