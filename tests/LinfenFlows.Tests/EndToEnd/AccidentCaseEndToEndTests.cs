using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Tests.Support;

namespace LinfenFlows.Tests.EndToEnd;

/// <summary>A whole accident case over HTTP against the local host on Azurite, following the links in the mailbox.</summary>
public class AccidentCaseEndToEndTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private LocalHostProcess Host => fixture.Host;

    private async Task<(string CaseId, string Link)> SubmitAndGetLinkAsync()
    {
        var caseId = await Host.SubmitCaseAsync();
        return (caseId, await Host.ReviewLinkAsync(caseId));
    }

    [Fact]
    public async Task A_request_goes_from_the_bureau_to_the_city_government_and_comes_back_as_a_numbered_reply()
    {
        var request = Samples.Request();
        var submitted = await Host.SubmitAsync(Samples.BureauClerk, request, Samples.Pdf());
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var caseId = LocalHostProcess.CaseIdOf(request);
        Assert.Equal(Routes.CasePath(caseId), submitted.Headers.Location!.ToString());

        // The city government's reviewer finds the task in the mail (delivered over SMTP to MailDev) and opens the link.
        var sent = await Host.WaitForMailAsync(m => m.CaseId == caseId && m.Subject.StartsWith("【待办】", StringComparison.Ordinal));
        Assert.Equal("gov-reviewer", sent.RecipientId);
        Assert.Equal(HttpStatusCode.OK,
            (await Host.PostJsonAsync("api/" + Routes.NotificationDeliveries, new { }, functionKey: true)).StatusCode);
        var mail = await MailDev.WaitForAsync("gov-reviewer@linfen.example", m => m.Subject == sent.Subject && m.Text.Contains(sent.Link!));
        var link = Regex.Match(mail.Text, @"办理链接：(\S+)").Groups[1].Value;
        var page = await Host.OpenReviewAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("市政府审批", page.Html);
        Assert.Contains(request.RequestNumber!, page.Html);
        Assert.Contains("调查报告.pdf", page.Html);

        var open = await Host.CaseAsync(Samples.BureauClerk, caseId);
        Assert.Equal(CaseStatus.InProgress, open.GetProperty("status").GetString());
        Assert.Equal("市政府审批", open.GetProperty("step").GetString());
        Assert.InRange(open.GetProperty("daysLeft").GetInt32(), 14, 16);

        var decided = await Host.PostDecisionAsync(page, Decisions.Approve);
        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Contains("办理完成", await decided.Content.ReadAsStringAsync());

        var closed = await Host.WaitForCaseAsync(Samples.BureauClerk, caseId, LocalHostProcess.Replied);
        var number = closed.GetProperty("documentNumber").GetString()!;
        Assert.Matches(@"^临政函〔20\d\d〕\d+号$", number);
        Assert.True(closed.GetProperty("timelineIntact").GetBoolean());
        Assert.Equal(["accident.submitted", "review.opened", "review.decided", "accident.replied"],
            closed.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Take(4));

        var reply = await Host.SendAsync(HttpMethod.Get, closed.GetProperty("documentUrl").GetString()![1..], Samples.BureauClerk);
        // The reply opens in the browser (inline), not as a download; its name travels with it.
        Assert.Equal("inline", reply.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"{number}.pdf", reply.Content.Headers.ContentDisposition?.FileNameStar);
        var text = await reply.PdfTextAsync();
        Assert.Contains(number, text);
        Assert.Contains("四、有关部门要依照法定权限和程序", text);
        await Host.WaitForMailAsync(m => m.CaseId == caseId && m.Subject == $"【批复】{number}");
    }

    [Fact]
    public async Task The_reviewer_extends_the_deadline_from_the_page_and_the_same_link_still_decides()
    {
        var (caseId, link) = await SubmitAndGetLinkAsync();
        var before = (await Host.CaseAsync(Samples.BureauClerk, caseId)).GetProperty("dueAt").GetDateTimeOffset();
        var page = await Host.OpenReviewAsync(link);
        Assert.Contains("延期（特殊情况，仅一次）", page.Html);

        var extended = await Host.PostDecisionAsync(page, "extend", "需补充技术鉴定", days: 20);
        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        Assert.Contains("已延期", await extended.Content.ReadAsStringAsync());
        var after = (await Host.CaseAsync(Samples.BureauClerk, caseId)).GetProperty("dueAt").GetDateTimeOffset();
        Assert.Equal(before.AddDays(20), after);

        var again = await Host.OpenReviewAsync(link);
        Assert.DoesNotContain("延期（特殊情况，仅一次）", again.Html);
        Assert.Equal(HttpStatusCode.OK, (await Host.PostDecisionAsync(again, Decisions.Approve)).StatusCode);
        await Host.WaitForCaseAsync(Samples.BureauClerk, caseId, LocalHostProcess.Replied);
    }

    [Fact]
    public async Task Twenty_concurrent_posts_of_one_link_make_exactly_one_decision()
    {
        FaultLog.Tried("20 concurrent POSTs of one review link");
        var (caseId, link) = await SubmitAndGetLinkAsync();
        var form = await Host.OpenReviewAsync(link);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Host.PostDecisionAsync(form, Decisions.Approve)));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var closed = await Host.WaitForCaseAsync(Samples.BureauClerk, caseId, LocalHostProcess.Replied);
        Assert.Single(closed.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("action").GetString() == "review.decided");
        FaultLog.Survived("20 concurrent POSTs of one review link");
    }

    [Fact]
    public async Task A_mail_scanner_opening_the_link_changes_nothing_and_the_reviewer_can_still_decide()
    {
        FaultLog.Tried("a mail scanner prefetching the link (GET and HEAD, no cookies, odd user agent)");
        var (caseId, link) = await SubmitAndGetLinkAsync();
        var scanner = new HttpRequestMessage(HttpMethod.Get, link);
        scanner.Headers.UserAgent.ParseAdd("SafeLinksScanner/1.0");
        Assert.Equal(HttpStatusCode.OK, (await Host.Http.SendAsync(scanner)).StatusCode);
        await Host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, link));

        var before = await Host.CaseAsync(Samples.BureauClerk, caseId);
        Assert.Equal(2, before.GetProperty("timeline").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await Host.DecideAsync(link, Decisions.Approve)).StatusCode);
        FaultLog.Survived("a mail scanner prefetching the link (GET and HEAD, no cookies, odd user agent)");
    }

    [Fact]
    public async Task A_post_without_the_form_s_anti_forgery_pair_or_from_another_site_is_refused_and_consumes_nothing()
    {
        FaultLog.Tried("cross-site POST and POSTs missing or tampering with the anti-forgery pair");
        var (_, link) = await SubmitAndGetLinkAsync();
        var form = await Host.OpenReviewAsync(link);

        Assert.Equal(HttpStatusCode.Forbidden, (await Host.PostDecisionAsync(form with { Cookie = null }, Decisions.Approve)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await Host.PostDecisionAsync(form with { AntiForgery = "00" }, Decisions.Approve)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await Host.PostDecisionAsync(form, Decisions.Approve, origin: "https://evil.example")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await Host.PostDecisionAsync(form, Decisions.Approve)).StatusCode);
        FaultLog.Survived("cross-site POST and POSTs missing or tampering with the anti-forgery pair");
    }

    [Fact]
    public async Task Used_and_forged_links_get_a_clear_page()
    {
        FaultLog.Tried("replayed and forged link tokens");
        var (_, link) = await SubmitAndGetLinkAsync();
        Assert.Equal(HttpStatusCode.OK, (await Host.DecideAsync(link, Decisions.Approve)).StatusCode);

        var used = await Host.OpenReviewAsync(link);
        Assert.Equal(HttpStatusCode.Conflict, used.Status);
        Assert.Contains("该事项已办理", used.Html);
        Assert.DoesNotContain("<form", used.Html);

        var forged = await Host.OpenReviewAsync(Routes.ReviewPath(LinkTokens.New()));
        Assert.Equal(HttpStatusCode.NotFound, forged.Status);
        Assert.Contains("链接无效", forged.Html);
        FaultLog.Survived("replayed and forged link tokens");
    }

    [Fact]
    public async Task The_bureau_withdraws_its_request_and_the_reviewer_s_link_closes()
    {
        FaultLog.Tried("a link used after its case was withdrawn");
        var (caseId, link) = await SubmitAndGetLinkAsync();
        var path = "api/" + Routes.AccidentWithdrawal.Replace("{caseId}", caseId);

        var noReason = await Host.SendAsync(HttpMethod.Post, path, Samples.BureauClerk, JsonContent.Create(new { reason = "" }));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var accepted = await Host.SendAsync(HttpMethod.Post, path, Samples.BureauClerk, JsonContent.Create(new { reason = "需补充调查" }));
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        var withdrawn = await Host.WaitForCaseAsync(Samples.BureauClerk, caseId,
            c => c.GetProperty("status").GetString() == CaseStatus.Withdrawn);
        Assert.Equal("需补充调查", withdrawn.GetProperty("timeline").EnumerateArray().Last().GetProperty("opinion").GetString());
        var page = await Host.OpenReviewAsync(link);
        Assert.Equal(HttpStatusCode.Gone, page.Status);
        Assert.Contains("事项已关闭", page.Html);
        FaultLog.Survived("a link used after its case was withdrawn");
    }
}
