using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows.Accidents;

namespace LinfenFlows.Tests.EndToEnd;

/// <summary>
/// From the bureau's request to the closed case over HTTP against the local host: the city government approves, every
/// authority and unit acts through the link in its mail, the bureau publishes, the implementation report comes back.
/// </summary>
public class AccidentFollowThroughEndToEndTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private LocalHostProcess Host => fixture.Host;

    private static UploadedFile Result(string text) => new("办理结果.pdf", Samples.Pdf(text));

    private async Task<HttpResponseMessage> ActAsync(string caseId, string taskId, string decision, string? opinion = null,
        UploadedFile? file = null, IReadOnlyList<string>? selected = null)
    {
        var page = await Host.OpenReviewAsync(await Host.ReviewLinkAsync(caseId, taskId: taskId));
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return await Host.PostDecisionAsync(page, decision, opinion, file: file, selected: selected);
    }

    [Fact]
    public async Task From_request_to_closed_case_with_every_authority_acting_through_its_link()
    {
        var request = Samples.Request();
        var caseId = await Host.SubmitCaseAsync(request);
        Assert.Equal(HttpStatusCode.OK, (await Host.DecideAsync(await Host.ReviewLinkAsync(caseId), Decisions.Approve)).StatusCode);
        await Host.WaitForCaseAsync(Samples.BureauClerk, caseId, c => c.GetProperty("status").GetString() == CaseStatus.Implementing
                                                                      && c.GetProperty("tasks").GetArrayLength() == 7);

        // Out of order: a result before the receipt is refused and changes nothing.
        var early = await ActAsync(caseId, "handoff-criminal", Decisions.Report, "已立案", Result("立案决定书"));
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("请先签收", await early.Content.ReadAsStringAsync());

        foreach (var task in new[] { "handoff-criminal", "handoff-discipline", "handoff-penalty" })
        {
            var received = await ActAsync(caseId, task, Decisions.Receive);
            Assert.Equal(HttpStatusCode.OK, received.StatusCode);
            Assert.Contains("已签收", await received.Content.ReadAsStringAsync());
            var page = await Host.OpenReviewAsync(await Host.ReviewLinkAsync(caseId, taskId: task));
            Assert.Contains("type=\"file\"", page.Html); // the same link now asks for the result with its file
            var reported = await Host.PostDecisionAsync(page, Decisions.Report, $"{task}已办理完毕。", file: Result(task));
            Assert.Equal(HttpStatusCode.OK, reported.StatusCode);
        }
        var progress = await Host.CaseAsync(Samples.BureauClerk, caseId);
        var criminal = progress.GetProperty("tasks").EnumerateArray()
            .Single(t => t.GetProperty("taskId").GetString() == "handoff-criminal");
        Assert.Equal(TaskStates.Done, criminal.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.String, criminal.GetProperty("receivedAt").ValueKind);
        Assert.Equal(HttpStatusCode.OK,
            (await Host.SendAsync(HttpMethod.Get, criminal.GetProperty("resultAttachmentUrl").GetString()![1..],
                Samples.BureauClerk)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await ActAsync(caseId, "measure-1", Decisions.Report, "制度已修订。", Result("m1"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ActAsync(caseId, "measure-2", Decisions.Report, "隐患已整改。", Result("m2"))).StatusCode);
        var published = await ActAsync(caseId, "disclosure", Decisions.Publish, "赵某的处分涉及正在审查的案件，依法暂不公开。", selected: ["person-2"]);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);

        var closed = await Host.WaitForCaseAsync(Samples.BureauClerk, caseId,
            c => c.GetProperty("status").GetString() == CaseStatus.Completed);
        Assert.Equal("accident.closed", closed.GetProperty("timeline").EnumerateArray().Last().GetProperty("action").GetString());
        Assert.True(closed.GetProperty("timelineIntact").GetBoolean());
        var mail = await Host.WaitForMailAsync(m => m.CaseId == caseId && m.Subject.StartsWith("【落实情况报告】", StringComparison.Ordinal));
        var report = await Host.SendAsync(HttpMethod.Get, new Uri(mail.Link!).PathAndQuery[1..], Samples.BureauClerk);
        Assert.Contains("共5项，已全部办结", await report.PdfTextAsync());

        // The public notice needs no sign-in and leaves out the withheld matter.
        var notice = await Host.Http.GetAsync(Routes.AccidentDisclosurePath(caseId)[1..]);
        Assert.Equal(HttpStatusCode.OK, notice.StatusCode);
        var text = await notice.Content.ReadAsStringAsync();
        Assert.Contains("李某", text);
        Assert.DoesNotContain("赵某", text);
        Assert.Contains("另有1项处理意见依法应当保密，不予公开", text);

        // Acting on a closed case: the used link says so and changes nothing.
        var again = await Host.OpenReviewAsync(await Host.ReviewLinkAsync(caseId, taskId: "measure-1"));
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.DoesNotContain("<form", again.Html);
    }

    [Fact]
    public async Task Cases_are_listed_by_kind_status_county_and_overdue_from_the_index_with_clear_errors_for_bad_filters()
    {
        var caseId = await Host.SubmitCaseAsync();
        async Task<JsonElement> ListAsync(string query)
        {
            var response = await Host.SendAsync(HttpMethod.Get, $"api/{Routes.Cases}?{query}", Samples.BureauClerk);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
        var q = $"kind={AccidentIntake.Kind}&county={Uri.EscapeDataString("浮山县")}";
        Assert.Contains((await ListAsync(q + "&status=" + Uri.EscapeDataString(CaseStatus.InProgress))).EnumerateArray(),
            c => c.GetProperty("id").GetString() == caseId);
        Assert.DoesNotContain((await ListAsync(q + "&status=" + Uri.EscapeDataString(CaseStatus.Completed))).EnumerateArray(),
            c => c.GetProperty("id").GetString() == caseId);
        Assert.DoesNotContain((await ListAsync(q + "&overdue=true")).EnumerateArray(), c => c.GetProperty("id").GetString() == caseId);
        Assert.DoesNotContain((await ListAsync($"county={Uri.EscapeDataString("尧都区")}")).EnumerateArray(),
            c => c.GetProperty("id").GetString() == caseId);

        // Another organisation does not see the bureau's case.
        var other = await Host.SendAsync(HttpMethod.Get, $"api/{Routes.Cases}?{q}", Samples.CountyClerk);
        Assert.DoesNotContain((await other.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray(),
            c => c.GetProperty("id").GetString() == caseId);

        var bad = await Host.SendAsync(HttpMethod.Get, $"api/{Routes.Cases}?status=done&overdue=maybe", Samples.BureauClerk);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == "overdue");
        var status = await Host.SendAsync(HttpMethod.Get, $"api/{Routes.Cases}?status=done", Samples.BureauClerk);
        Assert.Equal("status",
            (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Host.SendAsync(HttpMethod.Get, $"api/{Routes.Cases}", null)).StatusCode);
    }
}
