using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Tests.Support;
using LinfenFlows.Tests.Workflows;
using LinfenFlows.Workflows.Requests;

namespace LinfenFlows.Tests.EndToEnd;

/// <summary>
/// 请示 → 批复 over HTTP on the local host, following the mailed links as people do: 曲沃县人民政府's request (临政函〔2022〕70号's
/// case) is registered, consulted, decided and replied; the reply is read back from the PDF the requester downloads.
/// </summary>
public class CityRequestEndToEndTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private LocalHostProcess Host => fixture.Host;
    private static readonly Caller Clerk = People.Get("quwo-gov-clerk");

    [Fact]
    public async Task The_quwo_request_goes_from_submission_through_the_mailed_links_to_the_reply_it_downloads()
    {
        // Numbered in the host's year, so it works on any day.
        var number = $"曲政请字〔{BeijingTime.DateOf(DateTimeOffset.UtcNow).Year}〕{Random.Shared.Next(100_000, 999_999)}号";
        var submitted = await SubmitAsync(CityRequestTests.Request(number));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(CityRequestTests.Request(number))).StatusCode);

        // 登记、拟办: the office's form offers the vice mayors of the directory and the departments to tick.
        var registration = await Host.OpenReviewAsync(await Host.ReviewLinkAsync(id, taskId: "registration-0"));
        Assert.Contains("<option value=\"gov-reviewer\">刘建华</option>", registration.Html);
        Assert.Contains("value=\"linfen-zrzyj\"", registration.Html);
        Assert.Contains("园区四至范围图.pdf", registration.Html);
        var leaderField = new Dictionary<string, string> { ["leader"] = "gov-reviewer" };
        var registered = await Host.PostDecisionAsync(registration, Decisions.Register, selected: CityRequestTests.Consulted,
            values: leaderField);
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);

        // 会签: each department's head through its own link.
        foreach (var (org, decision, opinion) in new[]
        {
            (Organisations.CityDevelopmentReform, Decisions.Approve, "同意。"),
            (Organisations.CityNaturalResourcesBureau, Decisions.ApproveWithRemarks, "原则同意，建议写明省自然资源厅核定的依据。"),
            (Organisations.CityEcologyBureau, Decisions.Approve, "同意，园区不涉及生态保护红线。"),
        })
        {
            var link = await Host.ReviewLinkAsync(id, taskId: CityRequestSteps.OpinionTask(1, org));
            Assert.Equal(HttpStatusCode.OK, (await Host.DecideAsync(link, decision, opinion)).StatusCode);
        }

        // 审签: the vice mayor reads the opinions on his page and agrees.
        var leader = await Host.OpenReviewAsync(await Host.ReviewLinkAsync(id, taskId: "decision-1-0"));
        Assert.Contains("原则同意（附修改意见）：原则同意，建议写明省自然资源厅核定的依据。", leader.Html);
        Assert.Equal(HttpStatusCode.OK, (await Host.PostDecisionAsync(leader, Decisions.Approve, "同意。")).StatusCode);

        // 拟稿、核稿、印发: the form opens with the draft; the office issues the gazette's wording.
        var drafting = await Host.OpenReviewAsync(await Host.ReviewLinkAsync(id, taskId: "drafting-1-0"));
        Assert.Contains("收悉，经研究，现批复如下：", drafting.Html);
        Assert.Equal(HttpStatusCode.OK, (await Host.PostDecisionAsync(drafting, Decisions.Issue,
            $"你县《{CityRequestTests.Title}》（{number}）收悉，经研究，现批复如下：\n{CityRequestTests.ReplyText}",
            values: new Dictionary<string, string> { ["title"] = CityRequestTests.ReplyTitle, ["disclosure"] = "public" })).StatusCode);

        var closed = await Host.WaitForCaseAsync(Clerk, id, LocalHostProcess.Replied);
        Assert.Equal(["同意", "同意", "原则同意（附修改意见）"], closed.GetProperty("tasks").EnumerateArray()
            .Where(t => t.GetProperty("taskId").GetString()!.StartsWith("opinion-", StringComparison.Ordinal))
            .Select(t => t.GetProperty("decision").GetString()).OrderDescending(StringComparer.Ordinal));
        var text = await (await Host.SendAsync(HttpMethod.Get, closed.GetProperty("documentUrl").GetString()![1..], Clerk)).PdfTextAsync();
        Assert.Contains("曲沃县人民政府：", text);
        Assert.Contains("总面积291.7927公顷", text);
        Assert.Contains(closed.GetProperty("documentNumber").GetString()!, text);
        // 抄送: 市自然资源局 reads the case it was consulted on.
        var copied = await Host.SendAsync(HttpMethod.Get, Routes.CasePath(id)[1..], People.Get("zrzyj-clerk"));
        Assert.Equal(HttpStatusCode.OK, copied.StatusCode);
    }

    [Fact]
    public async Task A_bad_request_is_refused_with_problem_details_naming_the_field_and_the_rule()
    {
        var response = await SubmitAsync(CityRequestTests.Request("曲政请字2022年12号") with { Signer = "nobody" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("field").GetString(), e.GetProperty("rule").GetString())).ToList();
        Assert.Equal([("requestNumber", "document-number"), ("signer", "signer-of-organisation")], errors);
        Assert.Equal(HttpStatusCode.Forbidden, (await SubmitAsync(CityRequestTests.Request("曲政请字〔2022〕1号"),
            People.Get("yaodu-clerk"))).StatusCode);
    }

    private Task<HttpResponseMessage> SubmitAsync(object request, Caller? caller = null)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(request, Json.Options)), "request" },
            { new ByteArrayContent(Samples.Pdf("四至范围图")) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } },
                "attachment1", "园区四至范围图.pdf" },
        };
        return Host.SendAsync(HttpMethod.Post, "api/" + Routes.CityRequests, caller ?? Clerk, form);
    }
}
