using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows.Accidents;
using LinfenFlows.Workflows.Platform;
using LinfenFlows.Workflows.Veterinary;

namespace LinfenFlows.Tests.Workflows;

/// <summary>
/// December of a year far ahead, which no other test touches (the app's clock is set there): the year has its notice, the
/// next has none yet, so deadlines reaching it are counted on its provisional calendar. Then the State Council's notice
/// for the next year is imported, and every open deadline is counted again by its rule. Each test has its own pair of years.
/// </summary>
public class CalendarImportTests
{
    private static readonly County Anze = Counties.Named("安泽县")!;
    private static readonly Caller AnzeBureau = People.Get("anze-nyj-clerk");
    private static readonly Caller Operator = People.Get("gov-office-operator");
    /// <summary>Monday 18 December 2089, 10:00 Beijing.</summary>
    private static readonly DateTimeOffset Monday = new(2089, 12, 18, 10, 0, 0, BeijingTime.Offset);

    /// <summary>The notice as the law alone gives it (the 2089 notice here), or with the 2090 notice's own arrangements.</summary>
    private static CalendarYear Notice(int year, IReadOnlyList<CalendarHoliday>? instead = null, IReadOnlyList<DateOnly>? makeUp = null)
    {
        var holidays = StatutoryHolidays.Of(year).Select(h => instead?.FirstOrDefault(i => i.Name == h.Name) ?? h).ToList();
        return new CalendarYear(year, $"国务院办公厅关于{year}年部分节假日安排的通知", new DateOnly(year - 1, 11, 4), holidays, makeUp ?? []);
    }

    /// <summary>
    /// 元旦 1–2 January (Sunday and Monday), 春节 28 January to 5 February with Sunday 22 January and Saturday 11 February worked.
    /// </summary>
    private static readonly CalendarYear Notice2090 = Notice(2090,
        [new("元旦", new DateOnly(2090, 1, 1), new DateOnly(2090, 1, 2)), new("春节", new DateOnly(2090, 1, 28), new DateOnly(2090, 2, 5))],
        [new DateOnly(2090, 1, 22), new DateOnly(2090, 2, 11)]);

    /// <summary>A host whose clock reads <paramref name="now"/>, with that year's notice imported (the law's days alone).</summary>
    private static async Task<WorkflowHost> StartAsync(DateTimeOffset now, string? version = null)
    {
        var host = await WorkflowHost.StartAsync(clock: new ManualClock(now), version: version);
        await host.Get<WorkingCalendars>().ImportAsync(Notice(now.Year), $"国办发明电〔{now.Year - 1}〕7号", Operator);
        return host;
    }

    private static async Task<string> RegisterAsync(WorkflowHost host, DateOnly qualifiedOn)
    {
        var id = "C" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await host.Get<VetRegistration>().RegisterOneAsync(AnzeBureau,
            new VetRegistrationRequest(id, "张兽医", Anze.Name, VetRoles.Official, qualifiedOn, "13912340000"));
        return id;
    }

    private static Task<CaseEntity> FileAsync(WorkflowHost host, string vetId) =>
        host.Get<CaseJournal>().GetAsync(TrainingFiles.CaseIdOf(vetId));

    private static async Task<TaskEntity> ReviewTaskAsync(WorkflowHost host, string caseId)
    {
        await host.Services.ReviewTokenAsync(caseId, "city-review-1-0");
        return (await host.Get<CaseJournal>().FindTaskAsync(new CaseId(caseId), "city-review-1-0"))!;
    }

    [Fact]
    public async Task Importing_the_notice_moves_an_administrative_deadline_extends_a_vets_and_keeps_one_that_would_come_earlier()
    {
        await using var host = await StartAsync(Monday);

        // An accident report received today: 15 days end on Tuesday 2 January 2090, a working day on the provisional calendar.
        var accident = (await host.Get<AccidentIntake>().SubmitAsync(host.Client, Samples.BureauClerk, Samples.Request(),
            Samples.Report())).Case.PartitionKey;
        var review = await ReviewTaskAsync(host, accident);
        Assert.Equal("2090年1月2日 24:00", BeijingTime.Format(review.DueAt));
        Assert.True(review.Due.Basis.IsProvisional);
        var link = await host.Services.MailAsync(accident, m => m.IsLinkOf(accident, "city-review-1-0", "gov-reviewer"));
        Assert.Contains(CalendarBasis.ProvisionalNote, link.Body);

        // Two vets confirmed in December: their 60 days end on Thursday 2 February and Saturday 11 February 2090.
        var later = await RegisterAsync(host, new DateOnly(2089, 12, 4));
        var kept = await RegisterAsync(host, new DateOnly(2089, 12, 13));
        Assert.Equal("2090年2月2日 24:00", BeijingTime.Format((await FileAsync(host, later)).DueAt!.Value));
        Assert.Equal("2090年2月13日 24:00", BeijingTime.Format((await FileAsync(host, kept)).DueAt!.Value)); // the weekend moves it on
        Assert.True(CalendarBasis.Parse(VetProfile.Of(await FileAsync(host, kept)).PreJobDueBasis).IsProvisional);

        // The notice arrives. Refused as it stands when a statutory day is missing; accepted whole.
        var broken = Notice2090 with { Holidays = [.. Notice2090.Holidays.Where(h => h.Name != "国庆节")] };
        var refused = await Assert.ThrowsAsync<LinfenFlows.Shared.Problems.ProblemException>(() =>
            host.Get<WorkingCalendars>().ImportAsync(broken, "国办发明电〔2089〕7号", Operator));
        Assert.Contains(refused.Errors, e => e.Field == "holidays" && e.Rule == "statutory-days");
        await host.Get<WorkingCalendars>().ImportAsync(Notice2090, "国办发明电〔2089〕7号", Operator);
        var result = await host.Get<CalendarRecount>().RunAsync(host.Client);
        Assert.Contains(2090, result.Years);

        // The reply deadline binds the administration: 2 January is now a holiday, so it ends on the 3rd; the reviewer is told.
        review = (await host.Get<CaseJournal>().FindTaskAsync(new CaseId(accident), "city-review-1-0"))!;
        Assert.Equal("2090年1月3日 24:00", BeijingTime.Format(review.DueAt));
        Assert.False(review.Due.Basis.IsProvisional);
        Assert.Equal(review.DueAt, (await host.Get<CaseJournal>().GetAsync(new CaseId(accident))).DueAt);
        var timeline = await host.Get<CaseJournal>().TimelineAsync(new CaseId(accident));
        Assert.Contains(timeline, e => e.Action == "review.recounted" && e.Label.Contains("由 2090年1月2日 24:00 调整为 2090年1月3日 24:00"));
        var notice = await host.Services.MailAsync(accident, m => m.RecipientId == "gov-reviewer"
            && m.Subject.StartsWith("【期限调整】", StringComparison.Ordinal));
        Assert.Contains("2090年1月3日 24:00", notice.Body);

        // The vets' deadlines protect them: 2 February is now in 春节, so it moves on to Monday 6 February, and the vet is told;
        // 11 February is now a working day, but what was announced (the 13th) is kept — never earlier.
        var extended = await FileAsync(host, later);
        Assert.Equal("2090年2月6日 24:00", BeijingTime.Format(extended.DueAt!.Value));
        Assert.Contains(await host.Get<CaseJournal>().TimelineAsync(extended.Id),
            e => e.Action == "vet.prejob-recounted" && e.Label.Contains("由 2090年2月2日 24:00 顺延至 2090年2月6日 24:00"));
        await host.Services.MailAsync(extended.PartitionKey, m => m.RecipientId == later && m.Subject == "【期限调整】岗前培训期限顺延");
        var same = await FileAsync(host, kept);
        Assert.Equal("2090年2月13日 24:00", BeijingTime.Format(same.DueAt!.Value));
        Assert.Contains(await host.Get<CaseJournal>().TimelineAsync(same.Id),
            e => e.Action == "vet.prejob-recounted" && e.Label.Contains("2090年2月13日 24:00 不变、不提前"));
        Assert.DoesNotContain(await host.Services.MailAsync(same.PartitionKey),
            m => m.Subject.StartsWith("【期限调整】", StringComparison.Ordinal));

        // Done once: the next morning's recount finds nothing left on the provisional 2090.
        Assert.Equal(0, (await host.Get<CalendarRecount>().RunAsync(host.Client)).Recounted);
    }

    [Fact]
    public async Task A_review_started_before_version_1_2_keeps_its_deadline_through_an_import_and_still_finishes()
    {
        // Received on Sunday 19 December 2083 by a workflow of the deployment before (1.1): 15 days end on Monday 3 January.
        await using var host = await StartAsync(new DateTimeOffset(2083, 12, 19, 10, 0, 0, BeijingTime.Offset), version: "1.1");
        var caseId = (await host.Get<AccidentIntake>().SubmitAsync(host.Client, Samples.BureauClerk, Samples.Request(),
            Samples.Report())).Case.PartitionKey;
        var review = await ReviewTaskAsync(host, caseId);
        Assert.Equal("2084年1月3日 24:00", BeijingTime.Format(review.DueAt));
        Assert.False(review.DeadlineFollowsMoves);

        // The notice makes Monday 3 January a holiday (元旦 Saturday to Monday). The step's timer cannot follow a move, so the
        // recount leaves the deadline where the workflow waits for it, and says so.
        await host.Get<WorkingCalendars>().ImportAsync(Notice(2084, [new("元旦", new DateOnly(2084, 1, 1), new DateOnly(2084, 1, 3))]),
            "国办发明电〔2083〕7号", Operator);
        await host.Get<CalendarRecount>().RunAsync(host.Client);
        review = (await host.Get<CaseJournal>().FindTaskAsync(new CaseId(caseId), "city-review-1-0"))!;
        Assert.Equal("2084年1月3日 24:00", BeijingTime.Format(review.DueAt));
        Assert.Contains(await host.Get<CaseJournal>().TimelineAsync(new CaseId(caseId)),
            e => e.Action == "review.recounted" && e.Label.Contains("2084年1月3日 24:00 不变"));

        // And the workflow of the older version goes on to its reply.
        await host.DecideAsync(caseId, "city-review-1-0", Decisions.Approve);
        Assert.NotNull((await host.RepliedAsync(caseId)).DocumentNumber);
    }
}
