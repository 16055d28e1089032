using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows.Veterinary;
using Microsoft.DurableTask;

namespace LinfenFlows.Tests.Workflows;

/// <summary>
/// Training files on the real engine and Azurite, with the app's clock set in 2027 (the test calendar's year, which no other
/// test touches), so 20 December can come and go: pre-job clearance and overdue, each source of hours, duplicate batches,
/// certificates verified and rejected, and the close.
/// </summary>
public class VeterinaryTrainingTests
{
    private static readonly County Anze = Counties.Named("安泽县")!;
    private static readonly Caller AnzeBureau = new("anze-nyj-clerk", "安泽县农业农村局经办", Anze.AgricultureBureau,
        new HashSet<string> { Roles.Applicant });
    private static readonly Caller GuxianBureau = new("guxian-nyj-clerk", "古县农业农村局经办", Counties.Named("古县")!.AgricultureBureau,
        new HashSet<string> { Roles.Applicant });
    private static DateTimeOffset Beijing(int month, int day, int hour = 10, int minute = 0) =>
        new(2027, month, day, hour, minute, 0, BeijingTime.Offset);

    private static string NewId() => "T" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

    private static async Task<string> RegisterAsync(WorkflowHost host, DateOnly qualifiedOn, string role = VetRoles.Official,
        bool onDuty = false)
    {
        var id = NewId();
        await host.Get<VetRegistration>().RegisterOneAsync(AnzeBureau,
            new VetRegistrationRequest(id, "张兽医", "安泽县", role, qualifiedOn, "13912340000", 2025, onDuty));
        return id;
    }

    private static Task<CaseEntity> FileAsync(WorkflowHost host, string vetId) =>
        host.Get<CaseJournal>().GetAsync(TrainingFiles.CaseIdOf(vetId));

    private static async Task<VetYearEntity> YearAsync(WorkflowHost host, string vetId, int year = 2027) =>
        (await host.Get<CaseJournal>().FindRowAsync<VetYearEntity>(TrainingFiles.CaseIdOf(vetId), VetYearEntity.KeyOf(year)))!;

    private static Task<int> OnlineAsync(WorkflowHost host, string batch, params OnlineHours[] records) =>
        host.Get<TrainingIntake>().RecordOnlineAsync(new OnlineBatch(batch, records));

    [Fact]
    public async Task A_new_vet_is_cleared_for_duty_with_40_pre_job_hours_and_the_exam_and_told_so()
    {
        var clock = new ManualClock(Beijing(9, 20));
        await using var host = await WorkflowHost.StartAsync(clock: clock);
        var vet = await RegisterAsync(host, new DateOnly(2027, 9, 1));
        var file = await FileAsync(host, vet);
        Assert.Equal("岗前培训", file.Step);
        Assert.Equal("2027年11月1日 24:00", BeijingTime.Format(file.DueAt!.Value)); // 31 October is a Sunday

        await OnlineAsync(host, "B-" + vet, new OnlineHours(vet, new DateOnly(2027, 9, 10), 24, "动物防疫法律法规"));
        await host.Get<TrainingIntake>().RecordSessionAsync(AnzeBureau,
            new TrainingSession("岗前集中培训", new DateOnly(2027, 9, 18), 15.5m, [vet], []));
        await host.Get<TrainingRecords>().RecordExamAsync(vet, 2027, preJob: true, passed: true, 86, Actor.System);
        Assert.Equal("岗前培训", (await FileAsync(host, vet)).Step); // 39.5 hours: not yet

        await OnlineAsync(host, "C-" + vet, new OnlineHours(vet, new DateOnly(2027, 9, 19), 0.5m, "检疫规程"));
        file = await FileAsync(host, vet);
        Assert.Equal("可上岗", file.Step);
        Assert.Null(file.DueAt);
        var notice = await host.Services.MailAsync(file.PartitionKey,
            m => m.MessageId == $"{file.PartitionKey}-cleared-county-anze-nyj-clerk");
        Assert.Contains("可正式上岗", notice.Body);
    }

    [Fact]
    public async Task A_vet_not_cleared_by_the_deadline_is_reminded_and_then_reported_overdue_to_the_county()
    {
        var clock = new ManualClock(Beijing(9, 2));
        await using var host = await WorkflowHost.StartAsync(clock: clock);
        var vet = await RegisterAsync(host, new DateOnly(2027, 9, 1));
        await OnlineAsync(host, "B-" + vet, new OnlineHours(vet, new DateOnly(2027, 9, 2), 12, "动物防疫法"));
        var sweep = host.Get<TrainingYearActivities>();

        clock.Now = Beijing(10, 29, 9); // Friday before the deadline: 3 days before it
        await sweep.SweepAsync();
        var caseId = TrainingFiles.CaseIdOf(vet).Value;
        var reminder = await host.Services.MailAsync(caseId, m => m.RecipientId == vet && m.Subject.Contains("即将到期"));
        Assert.Contains("现有12学时", reminder.Body);

        clock.Now = Beijing(11, 2, 9); // the day after the deadline
        await sweep.SweepAsync();
        await sweep.SweepAsync(); // the same morning again tells nobody twice
        var overdue = (await host.Services.MailAsync(caseId)).Where(m => m.Subject.Contains("逾期未完成")).ToList();
        Assert.Equal(Anze.AgricultureBureau, Assert.Single(overdue).RecipientOrganisation);
        Assert.Contains("不得上岗", overdue[0].Body);
    }

    [Fact]
    public async Task Hours_from_each_source_count_once_and_bad_records_refuse_the_whole_request()
    {
        var clock = new ManualClock(Beijing(12, 10));
        await using var host = await WorkflowHost.StartAsync(clock: clock);
        var vet = await RegisterAsync(host, new DateOnly(2025, 3, 1), onDuty: true);
        var trainer = await RegisterAsync(host, new DateOnly(2024, 5, 1), VetRoles.Trainer, onDuty: true);

        // Online: the same batch twice counts once.
        Assert.Equal(1, await OnlineAsync(host, "batch-" + vet, new OnlineHours(vet, new DateOnly(2027, 6, 1), 12, "非洲猪瘟防控")));
        Assert.Equal(0, await OnlineAsync(host, "batch-" + vet, new OnlineHours(vet, new DateOnly(2027, 6, 1), 12, "非洲猪瘟防控")));
        // Offline: the session gives the attendee hours and a certificate number, the trainer teaching hours.
        var session = await host.Get<TrainingIntake>().RecordSessionAsync(AnzeBureau,
            new TrainingSession("动物检疫规程培训", new DateOnly(2027, 7, 8), 12, [vet, trainer], [new SessionTrainer(trainer, 6)]));
        Assert.Equal(2, session.Certificates.Count);
        Assert.Equal(1, await host.Get<TrainingIntake>().SessionsHeldAsync(2027, Anze.AgricultureBureau));

        // Bad records: negative hours, an unknown vet, a future date, another county's session for this county's vet.
        var bad = await Assert.ThrowsAsync<ProblemException>(() => OnlineAsync(host, "bad-" + vet,
            new OnlineHours(vet, new DateOnly(2027, 6, 2), -2, "课程"), new OnlineHours("NOBODY", new DateOnly(2027, 6, 2), 2, "课程"),
            new OnlineHours(vet, new DateOnly(2027, 12, 11), 2, "课程")));
        Assert.Equal(["records[0].hours:hours-range", "records[1]:unknown-vet", "records[2].date:not-in-future"],
            bad.Errors.Select(e => $"{e.Field}:{e.Rule}").Order());
        var other = await Assert.ThrowsAsync<ProblemException>(() => host.Get<TrainingIntake>().RecordSessionAsync(GuxianBureau,
            new TrainingSession("古县培训", new DateOnly(2027, 7, 9), 4, [vet], [])));
        Assert.Equal("attendees[0]:own-county", $"{Assert.Single(other.Errors).Field}:{other.Errors[0].Rule}");

        var year = await YearAsync(host, vet);
        Assert.Equal(24, year.Hours);
        var trainerYear = await YearAsync(host, trainer);
        Assert.Equal((12.0, 6.0), (trainerYear.Hours, trainerYear.TeachingHours));
        var index = await host.Get<VetYearIndex>().ReadAsync(2027, Anze);
        Assert.False(index.Single(r => r.RowKey == vet).Completed);
    }

    [Fact]
    public async Task A_certificate_counts_once_verified_a_rejected_one_never_and_one_still_pending_at_the_close_holds_the_result()
    {
        var clock = new ManualClock(Beijing(12, 15));
        await using var host = await WorkflowHost.StartAsync(clock: clock);
        var vet = await RegisterAsync(host, new DateOnly(2025, 3, 1), onDuty: true);
        await OnlineAsync(host, "base-" + vet, new OnlineHours(vet, new DateOnly(2027, 5, 1), 20, "兽医卫生监督"));
        var certificates = host.Get<CertificateActivities>();
        // The vet signed in: a person of the directory whose vet id is this file's.
        var self = new Caller("person-" + vet, "张兽医", Anze.AgricultureBureau, new HashSet<string> { Roles.Vet }, VetId: vet);

        // Rejected: nothing counts, the vet is told why.
        var fake = await certificates.SubmitAsync(host.Client, self, new CertificateClaim(vet, "某培训班", new DateOnly(2027, 11, 1), 10),
            new UploadedFile("证书.pdf", Samples.Pdf("证书甲")));
        await host.ActAsync(fake.Case.PartitionKey, "certificate-review-0", Decisions.Reject, "证书无培训机构印章。");
        Assert.Equal("rejected", (await host.CompletionAsync(fake.Case.PartitionKey)).ReadOutputAs<string>());
        Assert.Equal(20, (await YearAsync(host, vet)).Hours);

        // Another county's staff cannot upload for this vet.
        FaultLog.Tried("a training certificate uploaded by another county's bureau");
        var foreign = await Assert.ThrowsAsync<ProblemException>(() => certificates.SubmitAsync(host.Client, GuxianBureau,
            new CertificateClaim(vet, "培训", new DateOnly(2027, 11, 2), 4), new UploadedFile("证书.pdf", Samples.Pdf("证书乙"))));
        Assert.Equal(403, foreign.Status);
        FaultLog.Survived("a training certificate uploaded by another county's bureau");

        // Uploaded at 23:59 on 20 December; the year closes at midnight while it is being verified.
        clock.Now = Beijing(12, 20, 23, 59);
        var late = await certificates.SubmitAsync(host.Client, self, new CertificateClaim(vet, "省级官方兽医培训班", new DateOnly(2027, 12, 5), 12),
            new UploadedFile("省级证书.pdf", Samples.Pdf("证书丙")));
        clock.Now = Beijing(12, 21, 0, 0);
        var refused = await Assert.ThrowsAsync<ProblemException>(() => certificates.SubmitAsync(host.Client, self,
            new CertificateClaim(vet, "再一份", new DateOnly(2027, 12, 6), 2), new UploadedFile("迟交.pdf", Samples.Pdf("证书丁"))));
        Assert.Equal("date:year-closed", $"{refused.Errors[0].Field}:{refused.Errors[0].Rule}");

        Assert.Equal(YearResults.Pending, await host.Get<TrainingRecords>().CloseYearAsync(vet, 2027));
        await host.ActAsync(late.Case.PartitionKey, "certificate-review-0", Decisions.Approve, "证书真实有效。");
        Assert.Equal("counted", (await host.CompletionAsync(late.Case.PartitionKey)).ReadOutputAs<string>());
        var year = await YearAsync(host, vet);
        Assert.Equal((32.0, YearResults.Met, 0), (year.Hours, year.Result, year.PendingCertificates));
        Assert.NotNull(await host.Get<CaseJournal>().FindRowAsync<VetYearEntity>(TrainingFiles.CaseIdOf(vet), VetYearEntity.KeyOf(2028)));
    }

    [Fact]
    public async Task The_December_reminders_go_to_those_below_their_hours_and_the_close_fixes_each_result_with_its_shortfall()
    {
        var clock = new ManualClock(Beijing(11, 20));
        await using var host = await WorkflowHost.StartAsync(clock: clock);
        var done = await RegisterAsync(host, new DateOnly(2025, 3, 1), onDuty: true);
        var behind = await RegisterAsync(host, new DateOnly(2025, 3, 1), onDuty: true);
        await OnlineAsync(host, "d-" + done, new OnlineHours(done, new DateOnly(2027, 10, 1), 30, "全年课程"));
        await OnlineAsync(host, "b-" + behind, new OnlineHours(behind, new DateOnly(2027, 10, 1), 18, "部分课程"));

        clock.Now = Beijing(12, 1, 9); // Wednesday 1 December: the first reminder day
        await host.Get<TrainingYearActivities>().SweepAsync();
        var reminded = await host.Services.MailAsync(TrainingFiles.CaseIdOf(behind).Value, m => m.Subject.Contains("年度培训学时未达标"));
        Assert.Contains("尚差12学时", reminded.Body);
        Assert.DoesNotContain(await host.Services.MailAsync(TrainingFiles.CaseIdOf(done).Value), m => m.Subject.Contains("年度培训学时未达标"));

        clock.Now = Beijing(12, 21, 0, 5);
        Assert.Equal(YearResults.Met, await host.Get<TrainingRecords>().CloseYearAsync(done, 2027));
        Assert.Equal(YearResults.NotMet, await host.Get<TrainingRecords>().CloseYearAsync(behind, 2027));
        Assert.Equal(YearResults.NotMet, await host.Get<TrainingRecords>().CloseYearAsync(behind, 2027)); // again: unchanged
        var timeline = await host.Get<CaseJournal>().TimelineAsync(TrainingFiles.CaseIdOf(behind));
        Assert.Single(timeline, e => e.Action == "vet.year-closed" && e.Label.Contains("未达标（18学时，差12学时）"));
    }

    [Fact]
    public async Task The_year_close_runs_county_by_county_and_reports_the_figures_to_the_livestock_centre()
    {
        var clock = new ManualClock(Beijing(12, 1));
        await using var host = await WorkflowHost.StartAsync(clock: clock);
        var vet = await RegisterAsync(host, new DateOnly(2025, 3, 1), onDuty: true);
        await OnlineAsync(host, "y-" + vet, new OnlineHours(vet, new DateOnly(2027, 11, 1), 31, "全年课程"));
        await host.Get<TrainingRecords>().RecordExamAsync(vet, 2027, preJob: false, passed: true, 92, Actor.System);

        clock.Now = Beijing(12, 21, 0, 5);
        await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(TrainingYearClose), new TrainingYearInput(2027),
            new StartOrchestrationOptions(TrainingYearClose.InstanceIdOf(2027)));
        var closed = (await host.CompletionAsync(TrainingYearClose.InstanceIdOf(2027))).ReadOutputAs<List<CountyClosed>>()!;
        Assert.Equal(18, closed.Count);
        Assert.True(closed.Single(c => c.County == "安泽县").Met >= 1);
        Assert.Equal(YearResults.Met, (await YearAsync(host, vet)).Result);

        var report = await host.Services.MailAsync(TrainingYearClose.InstanceIdOf(2027),
            m => m.MessageId == "vet-year-2027-report-xmzx-stats");
        Assert.Equal("xmzx-stats", report.RecipientId);
        Assert.Contains("完训率", report.Body);
        var (counties, city, _) = await host.Get<TrainingStatistics>().ForYearAsync(2027);
        var anze = counties.Single(c => c.County == Anze).Rates;
        Assert.True(anze.Completed >= 1 && anze.ExamPassed >= 1);
        Assert.Equal(counties.Sum(c => c.Rates.Vets), city.Vets);

        // The figures go as the bureau's numbered letter (临农函), in the document format, linked from the notice.
        Assert.Equal(TestServices.PublicBaseUrl.TrimEnd('/') + Routes.VetTrainingReportPath(2027), report.Link);
        Assert.Matches(@"（临农函〔2027〕\d+号）$", report.Subject);
        var letter = (await host.Get<TrainingYearActivities>().ReportModelAsync(2027))!;
        var text = new LinfenFlows.Tests.Documents.PdfReader(LinfenFlows.Shared.Documents.Pdf.OfficialDocumentPdf.Render(letter)).AllText;
        Assert.Contains("关于2027年度官方兽医培训情况的函", text);
        Assert.Contains("市畜牧发展中心：", text);
        Assert.Contains("安泽县", text);
        // A county without vets this year shows a dash, not 0.0 %.
        Assert.Contains("乡宁县—", text);
        Assert.Null(await host.Get<TrainingYearActivities>().ReportModelAsync(2031)); // not reported: no letter
    }
}
