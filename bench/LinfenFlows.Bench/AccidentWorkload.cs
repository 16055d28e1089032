using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Notifications;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Accidents;

namespace LinfenFlows.Bench;

/// <summary>
/// The accident approval as its users drive it, over HTTP: the bureau submits N requests in a burst, the reviewer opens the
/// link in each mail and approves, the reply is issued. A step's latency is the time from the decision being recorded to
/// the reply being recorded (both from the case's timeline, on the server's clock).
/// </summary>
public sealed class AccidentWorkload(StorageAccount observer)
{
    /// <summary>People of the sample directory the local host loads: the emergency bureau's clerk and the city's supervisor.</summary>
    private static readonly Caller Clerk = new("yjj-clerk", "王磊", Organisations.CityEmergencyBureau,
        new HashSet<string> { Roles.Applicant });
    private static readonly Caller Supervisor = new("gov-supervisor", "孙立新", Organisations.CityGovernmentInspection,
        new HashSet<string> { Roles.Supervisor });
    private static readonly byte[] Report = Encoding.UTF8.GetBytes("%PDF-1.4\n% 事故调查报告（压测）\n%%EOF\n");

    /// <summary>Steps of a case up to the reply: plan the review, open the task, the decision, issue the reply.</summary>
    public const int StepsPerCase = 4;

    public async Task<(RunFigures Figures, HttpFigures Http)> RunAsync(StorageProxy storage, int cases, int concurrency)
    {
        await using var host = await LocalHostRun.StartAsync(storage.ConnectionString);
        var since = DateTimeOffset.UtcNow;
        var meter = Meter.Start(storage);
        var starts = new ConcurrentBag<double>();
        using var probe = new Probe(host.Http);
        var ids = await Bounded.RunAsync(Enumerable.Range(0, cases), concurrency, async _ =>
        {
            var watch = Stopwatch.StartNew();
            var id = await SubmitAsync(host.Http);
            starts.Add(watch.Elapsed.TotalMilliseconds);
            probe.Cases.Add(id);
            return id;
        });
        var links = await LinksAsync(ids, since);
        await Bounded.RunAsync(ids, concurrency, id => ApproveAsync(host.Http, links[id]));
        await RepliedAsync(ids);
        var elapsed = meter.Elapsed;
        var requests = meter.Requests;
        var cpu = meter.CpuSeconds;
        var byPurpose = meter.PerCase(cases);
        var http = await probe.StopAsync() with { ProbeRequests = storage.Excluded };

        var decided = new List<DateTimeOffset>();
        var replied = new List<DateTimeOffset>();
        var steps = new List<double>();
        foreach (var id in ids)
        {
            var events = await TimelineAsync(id);
            var d = events.First(e => e.Action == "review.decided").At;
            var r = events.First(e => e.Action == "accident.replied").At;
            decided.Add(d);
            replied.Add(r);
            steps.Add((r - d).TotalMilliseconds);
        }
        var eventsPerSecond = cases / (replied.Max() - decided.Min()).TotalSeconds;
        return (new RunFigures("事故批复", cases, StepsPerCase, cases / elapsed, eventsPerSecond, steps, requests / (double)cases, cpu / cases,
            byPurpose),
            http with { Start = [.. starts] });
    }

    /// <summary>Cases waiting for their reviewer, as many as asked (for the memory figures): each case's review task is open.</summary>
    public async Task<IReadOnlyList<string>> SubmitWaitingAsync(LocalHostRun host, int count, int concurrency)
    {
        var ids = await Bounded.RunAsync(Enumerable.Range(0, count), concurrency, _ => SubmitAsync(host.Http));
        var cases = observer.Table(StorageNames.Cases);
        var deadline = DateTime.UtcNow.AddMinutes(30);
        foreach (var id in ids)
            while (!(await cases.GetEntityIfExistsAsync<TableEntity>(id, RowKeys.Task("city-review-1-0"), select: ["RowKey"])).HasValue)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"Case {id} never got its review task.");
                await Task.Delay(200);
            }
        return ids;
    }

    private static async Task<string> SubmitAsync(HttpClient http)
    {
        var request = new AccidentRequest($"临应急字〔2026〕压测{Guid.NewGuid():N}号", "浮山县北峰矿业有限责任公司", "浮山县", new DateOnly(2026, 8, 11),
            "“8·11”一般放炮事故", AccidentRules.General, "爆破作业中发生放炮事故。",
            [new ResponsibleParty("李某", "爆破员", "刑事责任", null)], [], [new PreventionMeasure("严格落实爆破作业安全管理制度", "浮山县北峰矿业有限责任公司", null)]);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(JsonSerializer.Serialize(request, Json.Options)), "request" },
            {
                new ByteArrayContent(Report) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } },
                "report", "调查报告.pdf"
            },
        };
        using var message = new HttpRequestMessage(HttpMethod.Post, "api/" + Routes.AccidentRequests) { Content = form };
        message.Headers.Add(Principal.HeaderName, Clerk.ToPrincipalHeader());
        using var response = await http.SendAsync(message);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"Submission refused: {await response.Content.ReadAsStringAsync()}");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>What the reviewer does with the link in the mail: open the page, approve.</summary>
    private static async Task<string> ApproveAsync(HttpClient http, string link)
    {
        using var page = await http.GetAsync(link);
        var html = await page.Content.ReadAsStringAsync();
        var cookie = page.Headers.GetValues("Set-Cookie").First().Split(';')[0];
        var af = Regex.Match(html, "name=\"af\" value=\"([0-9a-f]+)\"").Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, link)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["af"] = af, ["decision"] = Decisions.Approve, ["opinion"] = ""
            }),
        };
        post.Headers.Add("Cookie", cookie);
        post.Headers.Add("Origin", http.BaseAddress!.GetLeftPart(UriPartial.Authority));
        using var done = await http.SendAsync(post);
        if (done.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"Decision refused: {done.StatusCode}");
        return link;
    }

    /// <summary>Each case's review link, from the mailbox (read directly, outside the counted storage path).</summary>
    private async Task<Dictionary<string, string>> LinksAsync(IReadOnlyList<string> ids, DateTimeOffset since)
    {
        // Mailbox rows are keyed newest first: this run's mail is the key range before the run's start.
        var newer = $"{DateTimeOffset.MaxValue.UtcTicks - since.UtcTicks:D19}";
        // One link per holder of the review task: {case}-city-review-1-0-link-{person}.
        var wanted = ids.ToDictionary(id => $"{id}-city-review-1-0-link-", id => id);
        var links = new Dictionary<string, string>();
        var mailbox = observer.Table(StorageNames.Mailbox);
        var deadline = DateTime.UtcNow.AddMinutes(30);
        while (links.Count < ids.Count)
        {
            await foreach (var mail in mailbox.QueryAsync<MailboxEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {MailboxEntity.AllPartition} and RowKey lt {newer}"),
                select: ["MessageId", "Link"]))
                if (LinkPrefix(mail.MessageId) is { } prefix && wanted.TryGetValue(prefix, out var id)) links[id] = mail.Link!;
            if (links.Count < ids.Count)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"{ids.Count - links.Count} review links never arrived.");
                await Task.Delay(500);
            }
        }
        return links;
    }

    private static string? LinkPrefix(string messageId) =>
        messageId.LastIndexOf("-link-", StringComparison.Ordinal) is var at and >= 0 ? messageId[..(at + "-link-".Length)] : null;

    private async Task RepliedAsync(IReadOnlyList<string> ids)
    {
        var cases = observer.Table(StorageNames.Cases);
        var pending = ids.ToHashSet();
        var deadline = DateTime.UtcNow.AddMinutes(30);
        while (pending.Count > 0)
        {
            foreach (var id in pending.ToList())
            {
                var row = await cases.GetEntityAsync<CaseEntity>(id, RowKeys.Case, select: ["DocumentNumber"]);
                if (row.Value.DocumentNumber is not null) pending.Remove(id);
            }
            if (pending.Count == 0) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{pending.Count} cases were never replied.");
            await Task.Delay(250);
        }
    }

    private async Task<List<CaseEventEntity>> TimelineAsync(string id)
    {
        var rows = new List<CaseEventEntity>();
        await foreach (var e in observer.Table(StorageNames.Cases)
            .QueryAsync<CaseEventEntity>(RowKeys.RangeFilter(new CaseId(id), RowKeys.EventPrefix)))
            rows.Add(e);
        return rows;
    }

    /// <summary>
    /// Under the workload's load, reads a case's status (signed in) and calls the null function, turn about, two at a time:
    /// what the status endpoint costs over the cost of any function call.
    /// </summary>
    private sealed class Probe : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly ConcurrentBag<double> status = [], none = [];
        private readonly Task[] loops;

        public ConcurrentBag<string> Cases { get; } = [];

        public Probe(HttpClient http) => loops = [.. Enumerable.Range(0, 2).Select(_ => Task.Run(() => LoopAsync(http)))];

        private async Task LoopAsync(HttpClient http)
        {
            while (!stop.IsCancellationRequested)
            {
                var id = Cases.FirstOrDefault();
                if (id is not null)
                {
                    using var message = new HttpRequestMessage(HttpMethod.Get, Routes.CasePath(id)[1..]);
                    message.Headers.Add(Principal.HeaderName, Supervisor.ToPrincipalHeader());
                    // The probe's trace: the proxy leaves the storage requests this call causes out of the workload's count.
                    message.Headers.Add("traceparent",
                        $"00-{StorageProxy.ExcludedTrace.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
                    var watch = Stopwatch.StartNew();
                    using (await http.SendAsync(message)) status.Add(watch.Elapsed.TotalMilliseconds);
                }
                var ping = Stopwatch.StartNew();
                using (await http.GetAsync("api/" + Routes.Ping)) none.Add(ping.Elapsed.TotalMilliseconds);
                await Task.Delay(20);
            }
        }

        public async Task<HttpFigures> StopAsync()
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops);
            return new HttpFigures([], [.. status], [.. none], 0);
        }

        public void Dispose() => stop.Dispose();
    }
}
