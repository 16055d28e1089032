using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Tests.Support;

namespace LinfenFlows.Tests.EndToEnd;

/// <summary>Bad input gets problem details naming the field and the rule, and leaves nothing behind.</summary>
public class BadInputEndToEndTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private LocalHostProcess Host => fixture.Host;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static IEnumerable<(string Field, string Rule)> Errors(JsonElement problem) =>
        problem.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("field").GetString()!, e.GetProperty("rule").GetString()!));

    private async Task AssertNothingWrittenAsync(string caseId)
    {
        var response = await Host.SendAsync(HttpMethod.Get, Routes.CasePath(caseId)[1..], Samples.BureauClerk);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain(await Host.MailboxAsync(), m => m.CaseId == caseId);
    }

    [Fact]
    public async Task Nulls_in_lists_and_control_characters_are_400s_naming_the_field_not_500s()
    {
        FaultLog.Tried("a null in a list and a NUL in a public form (each once a 500 with an empty body)");
        // A session with a null trainer, as a county bureau sends it.
        var session = await Host.SendAsync(HttpMethod.Post, "api/" + Routes.VetSessions, People.Get("fushan-nyj-clerk"),
            new StringContent("""{"title":"培训","date":"2026-06-01","hours":2,"attendees":["FS0001"],"trainers":[null]}""",
                System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(("trainers[0]", "required"), Assert.Single(Errors(await ProblemAsync(session, HttpStatusCode.BadRequest))));
        // An online-hours batch with a null record, with the platform's key.
        using var hours = new HttpRequestMessage(HttpMethod.Post, "api/" + Routes.VetOnlineHours)
        {
            Content = new StringContent("""{"batchId":"b-null","records":[null]}""", System.Text.Encoding.UTF8, "application/json"),
        };
        hours.Headers.Add("x-functions-key", LocalHostProcess.FunctionKey);
        Assert.Equal(("records[0]", "required"),
            Assert.Single(Errors(await ProblemAsync(await Host.Http.SendAsync(hours), HttpStatusCode.BadRequest))));
        // An objection with a NUL in the phone, from the public form (no sign-in).
        using var objection = new HttpRequestMessage(HttpMethod.Post, Routes.ParkObjectionsPath("park-0123456789abcdef0123")[1..])
        {
            Content = new StringContent("name=x&phone=%00&content=y", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        objection.Headers.Add("Origin", Host.BaseUrl.GetLeftPart(UriPartial.Authority));
        var refused = await Host.Http.SendAsync(objection);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("控制字符", await refused.Content.ReadAsStringAsync());
        FaultLog.Survived("a null in a list and a NUL in a public form (each once a 500 with an empty body)");
    }

    [Fact]
    public async Task A_number_sent_as_text_is_refused_naming_the_field_as_the_api_document_says_numbers_are_numbers()
    {
        var session = await Host.SendAsync(HttpMethod.Post, "api/" + Routes.VetSessions, People.Get("fushan-nyj-clerk"),
            new StringContent("""{"title":"培训","date":"2026-06-01","hours":"2","attendees":["FS0001"],"trainers":[]}""",
                System.Text.Encoding.UTF8, "application/json"));
        var (field, rule) = Assert.Single(Errors(await ProblemAsync(session, HttpStatusCode.BadRequest)));
        Assert.EndsWith("hours", field);
        Assert.Equal("json", rule);
    }

    [Fact]
    public async Task Missing_fields_are_all_named_at_once_in_Chinese_and_English()
    {
        var request = Samples.Request() with { Enterprise = null, Summary = "", PreventionMeasures = null };
        var problem = await ProblemAsync(await Host.SubmitAsync(Samples.BureauClerk, request, Samples.Pdf()), HttpStatusCode.BadRequest);

        Assert.Equal(["enterprise", "preventionMeasures", "summary"], Errors(problem).Select(e => e.Field).Order());
        Assert.Equal("提交的内容有误", problem.GetProperty("title").GetString());
        Assert.Equal("The request is invalid", problem.GetProperty("titleEn").GetString());
        Assert.Contains("事故单位不能为空", problem.GetProperty("detail").GetString());
        await AssertNothingWrittenAsync(LocalHostProcess.CaseIdOf(request));
    }

    [Fact]
    public async Task An_unknown_accident_level_is_refused()
    {
        var request = Samples.Request(level: "严重");
        var problem = await ProblemAsync(await Host.SubmitAsync(Samples.BureauClerk, request, Samples.Pdf()), HttpStatusCode.BadRequest);
        Assert.Equal(("level", "allowed-level"), Assert.Single(Errors(problem)));
        await AssertNothingWrittenAsync(LocalHostProcess.CaseIdOf(request));
    }

    [Fact]
    public async Task A_request_that_is_not_json_names_the_request_part()
    {
        var problem = await ProblemAsync(await Host.SubmitAsync(Samples.BureauClerk, "{not json", Samples.Pdf()),
            HttpStatusCode.BadRequest);
        Assert.Equal("request", Assert.Single(Errors(problem)).Field);
    }

    [Fact]
    public async Task A_request_that_tries_to_set_the_status_or_the_decision_is_refused()
    {
        FaultLog.Tried("a request body that sets status and decision fields");
        var request = Samples.Request();
        var json = JsonSerializer.SerializeToNode(request, Json.Options)!.AsObject();
        json["status"] = "已办结";
        json["decision"] = "approve";
        var problem = await ProblemAsync(await Host.SubmitAsync(Samples.BureauClerk, json.ToJsonString(), Samples.Pdf()),
            HttpStatusCode.BadRequest);
        Assert.Equal("unknown-field", Assert.Single(Errors(problem)).Rule);
        await AssertNothingWrittenAsync(LocalHostProcess.CaseIdOf(request));
        FaultLog.Survived("a request body that sets status and decision fields");
    }

    [Fact]
    public async Task Twenty_parallel_submissions_of_one_request_make_one_case()
    {
        FaultLog.Tried("20 parallel submissions with one business key");
        var request = Samples.Request();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => Host.SubmitAsync(Samples.BureauClerk, request, Samples.Pdf())));

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Single(responses.Select(r => r.Headers.Location).Distinct());
        var caseId = LocalHostProcess.CaseIdOf(request);
        await Host.WaitForMailAsync(m => m.CaseId == caseId && m.Subject.StartsWith("【待办】", StringComparison.Ordinal));
        var timeline = (await Host.CaseAsync(Samples.BureauClerk, caseId)).GetProperty("timeline").EnumerateArray().ToList();
        Assert.Single(timeline, e => e.GetProperty("action").GetString() == "accident.submitted");
        FaultLog.Survived("20 parallel submissions with one business key");
    }

    [Fact]
    public async Task A_missing_report_file_is_refused()
    {
        var request = Samples.Request();
        var problem = await ProblemAsync(await Host.SubmitAsync(Samples.BureauClerk, request, null), HttpStatusCode.BadRequest);
        Assert.Equal(("report", "required"), Assert.Single(Errors(problem)));
        await AssertNothingWrittenAsync(LocalHostProcess.CaseIdOf(request));
    }

    [Fact]
    public async Task An_executable_disguised_as_a_pdf_is_refused_and_nothing_is_stored()
    {
        FaultLog.Tried("an executable renamed to .pdf");
        var request = Samples.Request();
        var problem = await ProblemAsync(await Host.SubmitAsync(Samples.BureauClerk, request, Samples.Executable),
            HttpStatusCode.BadRequest);
        Assert.Equal("report", Assert.Single(Errors(problem)).Field);
        await AssertNothingWrittenAsync(LocalHostProcess.CaseIdOf(request));
        FaultLog.Survived("an executable renamed to .pdf");
    }

    [Fact]
    public async Task An_oversized_report_is_refused_with_413()
    {
        FaultLog.Tried("an oversized upload");
        var request = Samples.Request();
        var big = Samples.Pdf(new string('x', (int)LocalHostProcess.MaxUploadBytes + 10));
        await ProblemAsync(await Host.SubmitAsync(Samples.BureauClerk, request, big), HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingWrittenAsync(LocalHostProcess.CaseIdOf(request));
        FaultLog.Survived("an oversized upload");
    }

    [Fact]
    public async Task Without_a_signed_in_person_nothing_is_accepted_or_shown()
    {
        FaultLog.Tried("requests without a principal");
        var request = Samples.Request();
        await ProblemAsync(await Host.SubmitAsync(null, request, Samples.Pdf()), HttpStatusCode.Unauthorized);
        await ProblemAsync(await Host.SendAsync(HttpMethod.Get, Routes.CasePath("acc-0000")[1..], null), HttpStatusCode.Unauthorized);
        FaultLog.Survived("requests without a principal");
    }

    [Fact]
    public async Task Only_the_emergency_bureau_may_submit_and_another_organisation_cannot_read_the_case()
    {
        FaultLog.Tried("another organisation reading a case and its file");
        var request = Samples.Request();
        await ProblemAsync(await Host.SubmitAsync(Samples.CountyClerk, request, Samples.Pdf()), HttpStatusCode.Forbidden);

        var created = await Host.SubmitAsync(Samples.BureauClerk, request, Samples.Pdf());
        var caseId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await ProblemAsync(await Host.SendAsync(HttpMethod.Get, Routes.CasePath(caseId)[1..], Samples.CountyClerk),
            HttpStatusCode.NotFound);
        var attachment = (await Host.CaseAsync(Samples.BureauClerk, caseId)).GetProperty("attachments")[0].GetProperty("url").GetString()!;
        await ProblemAsync(await Host.SendAsync(HttpMethod.Get, attachment[1..], Samples.CountyClerk), HttpStatusCode.NotFound);
        FaultLog.Survived("another organisation reading a case and its file");
    }

    [Fact]
    public async Task A_file_carrying_the_EICAR_test_string_and_many_bad_uploads_at_once_are_all_refused_and_nothing_is_stored()
    {
        FaultLog.Tried("the EICAR test string and 10 bad uploads at once");
        var eicar = System.Text.Encoding.ASCII.GetBytes(
            "%PDF-1.4\nX5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*\n");
        var attempts = Enumerable.Range(0, 10)
            .Select(i => (Request: Samples.Request(), File: i % 2 == 0 ? eicar : Samples.Executable)).ToList();
        var responses = await Task.WhenAll(attempts.Select(a => Host.SubmitAsync(Samples.BureauClerk, a.Request, a.File)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode));
        Assert.Equal("malware", Errors(await responses[0].Content.ReadFromJsonAsync<JsonElement>()).Single().Rule);
        foreach (var a in attempts) await AssertNothingWrittenAsync(LocalHostProcess.CaseIdOf(a.Request));
        FaultLog.Survived("the EICAR test string and 10 bad uploads at once");
    }

    [Fact]
    public async Task Another_organisation_cannot_act_on_a_case()
    {
        FaultLog.Tried("another organisation resubmitting or withdrawing a case");
        var caseId = await Host.SubmitCaseAsync();
        var before = await Host.CaseAsync(Samples.BureauClerk, caseId);

        var withdraw = await Host.SendAsync(HttpMethod.Post, "api/" + Routes.AccidentWithdrawal.Replace("{caseId}", caseId),
            Samples.CountyClerk, JsonContent.Create(new { reason = "冒名撤回" }));
        Assert.Equal(HttpStatusCode.Forbidden, withdraw.StatusCode);
        var form = new MultipartFormDataContent { { new ByteArrayContent(Samples.Pdf("冒名")), "report", "r.pdf" } };
        var resubmit = await Host.SendAsync(HttpMethod.Post, "api/" + Routes.AccidentResubmissions.Replace("{caseId}", caseId),
            Samples.CountyClerk, form);
        Assert.Equal(HttpStatusCode.Forbidden, resubmit.StatusCode);

        var after = await Host.CaseAsync(Samples.BureauClerk, caseId);
        Assert.Equal(before.GetProperty("status").GetString(), after.GetProperty("status").GetString());
        Assert.DoesNotContain(after.GetProperty("timeline").EnumerateArray(),
            e => e.GetProperty("actor").GetString() == Samples.CountyClerk.Name);
        FaultLog.Survived("another organisation resubmitting or withdrawing a case");
    }

    [Fact]
    public async Task An_unknown_case_is_404()
    {
        await ProblemAsync(await Host.SendAsync(HttpMethod.Get, Routes.CasePath("acc-doesnotexist")[1..], Samples.BureauClerk),
            HttpStatusCode.NotFound);
        await ProblemAsync(await Host.SendAsync(HttpMethod.Get, "api/cases/..%2F..%2Fetc", Samples.BureauClerk), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_retried_submission_returns_the_same_case()
    {
        FaultLog.Tried("a client retrying a submission");
        var request = Samples.Request();
        var first = await Host.SubmitAsync(Samples.BureauClerk, request, Samples.Pdf());
        var retry = await Host.SubmitAsync(Samples.BureauClerk, request, Samples.Pdf());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        FaultLog.Survived("a client retrying a submission");
    }
}
