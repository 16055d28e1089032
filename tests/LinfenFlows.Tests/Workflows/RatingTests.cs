using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows.Platform;
using LinfenFlows.Workflows.Veterinary;

namespace LinfenFlows.Tests.Workflows;

/// <summary>
/// 好差评 on the real engine, on a certificate's verification (the shortest case an applicant starts; the app's clock on
/// a Monday in March of next year, as its tasks wait on durable timers: <see cref="TestDates"/>): the finished case
/// invites its applicant to rate it once, a 差评 opens a rectification for the verifier, and its result goes back.
/// </summary>
public class RatingTests
{
    private static readonly Caller AnzeBureau = People.Get("anze-nyj-clerk");
    private static readonly DateOnly Monday = TestDates.NextYears(DayOfWeek.Monday, 3, 8);

    [Fact]
    public async Task A_poor_rating_of_a_finished_case_is_rectified_by_its_handler_and_reported_back_to_the_applicant()
    {
        var clock = new ManualClock(Monday.At(10));
        await using var host = await WorkflowHost.StartAsync(clock: clock);
        var vet = "R" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await host.Get<VetRegistration>().RegisterOneAsync(AnzeBureau,
            new VetRegistrationRequest(vet, "张兽医", "安泽县", VetRoles.Official, new DateOnly(2025, 3, 1), null, 2025, OnDuty: true));
        var submitted = await host.Get<CertificateActivities>().SubmitAsync(host.Client, AnzeBureau,
            new CertificateClaim(vet, "省级培训班", Monday.AddDays(-7), 8), new UploadedFile("证书.pdf", Samples.Pdf("证书")));
        var caseId = submitted.Case.PartitionKey;
        var ratings = host.Get<Ratings>();

        // Not finished yet: nothing to rate.
        Assert.Equal(409, (await Assert.ThrowsAsync<ProblemException>(() =>
            ratings.RateAsync(host.Client, AnzeBureau, caseId, new RatingRequest("满意", null)))).Status);
        await host.ActAsync(caseId, "certificate-review-0", Decisions.Approve, "核验属实。");
        await host.CompletionAsync(caseId);

        // The finished case invites its applicant organisation once, in the step that finished it.
        var invite = await host.Services.MailAsync(caseId, m => m.MessageId == $"{caseId}-rating-invite-anze-nyj-clerk");
        Assert.EndsWith(LinfenFlows.Shared.Routes.CaseRatingPath(caseId), invite.Link);

        // Another organisation cannot rate it; a 差评 needs its reason.
        await Assert.ThrowsAsync<ProblemException>(() => ratings.RateAsync(host.Client, People.Get("fushan-nyj-clerk"), caseId,
            new RatingRequest("满意", null)));
        var noReason = await Assert.ThrowsAsync<ProblemException>(() =>
            ratings.RateAsync(host.Client, AnzeBureau, caseId, new RatingRequest("不满意", " ")));
        Assert.Equal(("comment", "required"), (noReason.Errors[0].Field, noReason.Errors[0].Rule));

        var rating = await ratings.RateAsync(host.Client, AnzeBureau, caseId, new RatingRequest("不满意", "核验用时过长，未说明进度。"));
        Assert.Equal(409, (await Assert.ThrowsAsync<ProblemException>(() =>
            ratings.RateAsync(host.Client, AnzeBureau, caseId, new RatingRequest("满意", null)))).Status);

        // The county's verifier (吕科长, who verified it) rectifies within 15 working days and reports.
        var rectification = rating.RectificationCaseId!;
        var token = await host.Services.ReviewTokenAsync(rectification, "rectification", personId: "anze-nyj-head");
        var task = await host.Get<TaskFinder>().ByLinkAsync(token);
        // Fifteen working days from a Monday in March (no holiday in March): the Monday three weeks later.
        var due = Monday.AddDays(21);
        Assert.Equal($"{due.Year}年{due.Month}月{due.Day}日 24:00", BeijingTime.Format(task.Task!.DueAt));
        await host.ActAsync(rectification, "rectification", Decisions.Report, "已建立证书核验进度告知制度，3个工作日内告知核验进度。");
        Assert.Equal("rectified", (await host.CompletionAsync(rectification)).ReadOutputAs<string>());

        var back = await host.Services.MailAsync(rectification, m => m.Subject.StartsWith("【整改反馈】", StringComparison.Ordinal));
        Assert.Equal("anze-nyj-clerk", back.RecipientId);
        Assert.Contains("已建立证书核验进度告知制度", back.Body);
        var timeline = await host.Get<CaseJournal>().TimelineAsync(new CaseId(caseId));
        Assert.Contains(timeline, e => e.Action == "case.rated" && e.Label == "申请单位评价：不满意");
        Assert.Contains(timeline, e => e.Action == "case.rating-rectified");

        var anze = Counties.Named("安泽县")!.AgricultureBureau;
        var figures = (await ratings.FiguresAsync(host.Get<StaffDirectory>())).Single(f => f.Organisation == anze);
        Assert.True(figures.Poor >= 1 && figures.Rectified >= 1);
        Assert.Equal("安泽县农业农村局", figures.OrganisationName);
    }
}
