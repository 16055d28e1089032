using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LinfenFlows.LocalHost;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Notifications;
using LinfenFlows.Workflows.Accidents;

namespace LinfenFlows.Tests.Support;

/// <summary>
/// The local host as a user runs it: its own process (so it can be killed), on a free port, over the test Azurite,
/// with its own task hub. Everything goes through HTTP, as a person or another system would.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    public const string FunctionKey = "test-function-key";
    public const string MasterKey = "test-master-key";
    public const long MaxUploadBytes = 1024 * 1024;

    private readonly string taskHub = "e2e" + Guid.NewGuid().ToString("N")[..12];
    private readonly int port = Azurite.FreePort();
    private Process? process;
    private readonly System.Text.StringBuilder output = new();

    /// <summary>Everything the host printed (standard output and error), across restarts.</summary>
    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{port}/");
    public string TaskHub => taskHub;
    public HttpClient Http { get; }

    private readonly bool developmentIdentity;
    private readonly IReadOnlyDictionary<string, string> settings;
    private readonly string storage;

    private LocalHostProcess(bool developmentIdentity, IReadOnlyDictionary<string, string>? settings, string? storage)
    {
        this.developmentIdentity = developmentIdentity;
        this.settings = settings ?? new Dictionary<string, string>();
        this.storage = storage ?? Azurite.ConnectionString;
        Http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = BaseUrl };
    }

    /// <param name="developmentIdentity">Whether the host trusts the principal header as sent (as run.sh does).</param>
    /// <param name="settings">App settings to override, as environment variables.</param>
    /// <param name="storage">Another Azurite than the shared one (a connection string).</param>
    public static async Task<LocalHostProcess> StartAsync(bool developmentIdentity = true,
        IReadOnlyDictionary<string, string>? settings = null, string? storage = null)
    {
        Azurite.Storage();
        var host = new LocalHostProcess(developmentIdentity, settings, storage);
        await host.StartProcessAsync();
        return host;
    }

    public async Task StartProcessAsync()
    {
        var info = new ProcessStartInfo("dotnet",
            $"\"{Path.Combine(AppContext.BaseDirectory, "LinfenFlows.LocalHost.dll")}\" --urls {BaseUrl.ToString().TrimEnd('/')}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.Environment["AzureWebJobsStorage"] = storage;
        info.Environment["LINFENFLOWS_TASKHUB"] = taskHub;
        info.Environment["LinfenFlows__PublicBaseUrl"] = BaseUrl.ToString();
        info.Environment["LinfenFlows__Attachments__MaxBytes"] = MaxUploadBytes.ToString();
        info.Environment["LocalHost__DevelopmentIdentity"] = developmentIdentity ? "true" : "false";
        info.Environment["LocalHost__SampleDirectory"] = "true";
        foreach (var (name, value) in MailDev.Settings) info.Environment[name.Replace(":", "__")] = value;
        info.Environment["LocalHost__FunctionKey"] = FunctionKey;
        info.Environment["LocalHost__MasterKey"] = MasterKey;
        // As run.sh gives them (README, "The local host"): a killed host's work comes back in 30 s, with little prefetched.
        info.Environment["LocalHost__Durable__ControlQueueVisibilityTimeout"] = "00:00:30";
        info.Environment["LocalHost__Durable__WorkItemQueueVisibilityTimeout"] = "00:00:30";
        info.Environment["LocalHost__Durable__ControlQueueBufferThreshold"] = "20";
        info.Environment["LocalHost__Durable__ControlQueueBatchSize"] = "5";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__LinfenFlows"] = "Information";
        foreach (var (name, value) in settings) info.Environment[name] = value;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            if (e.Data.StartsWith(LocalHostApp.ReadyLine, StringComparison.Ordinal)) ready.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var finished = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
        if (finished != ready.Task) throw new InvalidOperationException("The local host did not start:\n" + output);
    }

    /// <summary>kill -9: no chance to finish anything.</summary>
    public async Task KillAsync()
    {
        process!.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as systemd or Ctrl+C would send; returns the exit code, or null when it did not stop in time.</summary>
    public async Task<int?> TerminateAsync(TimeSpan within)
    {
        using (var kill = Process.Start("kill", $"-TERM {process!.Id}")) await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false }) await KillAsync();
        Http.Dispose();
    }

    // --- what people do, over HTTP -------------------------------------------------------------------------------

    public Task<HttpResponseMessage> SubmitAsync(Caller? caller, object? request, byte[]? file, string fileName = "调查报告.pdf")
    {
        var form = new MultipartFormDataContent();
        if (request is not null)
            form.Add(new StringContent(request as string ?? JsonSerializer.Serialize(request, Json.Options)), "request");
        if (file is not null)
            form.Add(new ByteArrayContent(file) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } },
                "report", fileName);
        return SendAsync(HttpMethod.Post, "api/" + Routes.AccidentRequests, caller, form);
    }

    /// <summary>The bureau submits a valid request; returns the new case's id.</summary>
    public async Task<string> SubmitCaseAsync(AccidentRequest? request = null)
    {
        var response = await SubmitAsync(Samples.BureauClerk, request ?? Samples.Request(), Samples.Pdf());
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Submission refused: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>The review link the case's reviewer was mailed.</summary>
    public async Task<string> ReviewLinkAsync(string caseId, int seconds = 60, string taskId = "city-review-1-0",
        string? personId = null) =>
        (await WaitForMailAsync(m => m.IsLinkOf(caseId, taskId, personId), seconds)).Link!;

    public Task<HttpResponseMessage> OperateAsync(string route)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "api/" + route);
        message.Headers.Add("x-functions-key", FunctionKey);
        return Http.SendAsync(message);
    }

    /// <summary>A JSON body, as a signed-in person sends it, or as another system does with the function key.</summary>
    public Task<HttpResponseMessage> PostJsonAsync(string path, object body, Caller? caller = null, bool functionKey = false)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: Json.Options) };
        if (caller is not null) message.Headers.Add(Principal.HeaderName, caller.ToPrincipalHeader());
        if (functionKey) message.Headers.Add("x-functions-key", FunctionKey);
        return Http.SendAsync(message);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Caller? caller, HttpContent? content = null)
    {
        var message = new HttpRequestMessage(method, path) { Content = content };
        if (caller is not null) message.Headers.Add(Principal.HeaderName, caller.ToPrincipalHeader());
        return Http.SendAsync(message);
    }

    public async Task<JsonElement> CaseAsync(Caller caller, string caseId)
    {
        var response = await SendAsync(HttpMethod.Get, Routes.CasePath(caseId)[1..], caller);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> WaitForCaseAsync(Caller caller, string caseId, Func<JsonElement, bool> until, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var view = await CaseAsync(caller, caseId);
            if (until(view)) return view;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Case {caseId} never reached the expected state; last: {view}");
            await Task.Delay(250);
        }
    }

    public async Task<IReadOnlyList<MailboxEntity>> MailboxAsync() =>
        (await Http.GetFromJsonAsync<List<MailboxEntity>>(MailboxPage.Path.TrimStart('/') + ".json", Json.Options))!;

    public async Task<MailboxEntity> WaitForMailAsync(Func<MailboxEntity, bool> match, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var mail = (await MailboxAsync()).FirstOrDefault(match);
            if (mail is not null) return mail;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The expected mail never arrived.");
            await Task.Delay(250);
        }
    }

    /// <summary>Opens the review page as a browser does, keeping its anti-forgery cookie and form field.</summary>
    public async Task<ReviewForm> OpenReviewAsync(string link)
    {
        var response = await Http.GetAsync(link);
        var html = await response.Content.ReadAsStringAsync();
        var cookie = response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.First().Split(';')[0] : null;
        var af = System.Text.RegularExpressions.Regex.Match(html, "name=\"af\" value=\"([0-9a-f]+)\"").Groups[1].Value;
        return new ReviewForm(link, response.StatusCode, html, cookie, af);
    }

    /// <summary>Submits the page's form as a browser does: URL-encoded, or multipart when a file or ticked items go with it.</summary>
    public Task<HttpResponseMessage> PostDecisionAsync(ReviewForm form, string decision, string? opinion = null, string? origin = null,
        int? days = null, UploadedFile? file = null, IReadOnlyList<string>? selected = null,
        IReadOnlyDictionary<string, string>? values = null)
    {
        var fields = new Dictionary<string, string> { ["af"] = form.AntiForgery, ["decision"] = decision, ["opinion"] = opinion ?? "" };
        if (days is not null) fields["days"] = days.Value.ToString();
        foreach (var (key, value) in values ?? new Dictionary<string, string>()) fields["field." + key] = value;
        HttpContent content = new FormUrlEncodedContent(fields);
        if (file is not null || selected is not null)
        {
            var multipart = new MultipartFormDataContent();
            foreach (var (name, value) in fields) multipart.Add(new StringContent(value), name);
            foreach (var key in selected ?? []) multipart.Add(new StringContent(key), "selected");
            if (file is not null) multipart.Add(new ByteArrayContent(file.Content), "file", file.FileName);
            content = multipart;
        }
        var message = new HttpRequestMessage(HttpMethod.Post, form.Link) { Content = content };
        if (form.Cookie is not null) message.Headers.Add("Cookie", form.Cookie);
        message.Headers.Add("Origin", origin ?? BaseUrl.ToString().TrimEnd('/'));
        return Http.SendAsync(message);
    }

    public async Task<HttpResponseMessage> DecideAsync(string link, string decision, string? opinion = null) =>
        await PostDecisionAsync(await OpenReviewAsync(link), decision, opinion);

    /// <summary>The city government's reply has been issued (the case then goes on to its follow-through).</summary>
    public static bool Replied(JsonElement c) => c.GetProperty("documentNumber").ValueKind == JsonValueKind.String;

    /// <summary>A county HR bureau's park application: the JSON part and the materials by field name.</summary>
    public Task<HttpResponseMessage> SubmitParkAsync(Caller? caller, object? application,
        IReadOnlyDictionary<string, UploadedFile> materials, string route = Routes.ParkApplications)
    {
        var form = new MultipartFormDataContent();
        if (application is not null)
            form.Add(new StringContent(application as string ?? JsonSerializer.Serialize(application, Json.Options)), "application");
        foreach (var (field, file) in materials) form.Add(new ByteArrayContent(file.Content), field, file.FileName);
        return SendAsync(HttpMethod.Post, "api/" + route, caller, form);
    }

    /// <summary>Someone files an objection from the public publicity page (a same-origin form post, no sign-in).</summary>
    public Task<HttpResponseMessage> ObjectAsync(string caseId, string name, string phone, string content)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, Routes.ParkObjectionsPath(caseId)[1..])
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["name"] = name, ["phone"] = phone, ["content"] = content
            }),
        };
        message.Headers.Add("Origin", BaseUrl.ToString().TrimEnd('/'));
        return Http.SendAsync(message);
    }

    public static string CaseIdOf(AccidentRequest request) =>
        AccidentIntake.CaseIdFor(Samples.BureauClerk.Organisation, request.RequestNumber!).Value;
}

public sealed record ReviewForm(string Link, HttpStatusCode Status, string Html, string? Cookie, string AntiForgery);
