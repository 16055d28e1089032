using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using CsCheck;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Tests.Support;
using Xunit.Abstractions;

namespace LinfenFlows.Tests.EndToEnd;

/// <summary>
/// The API as an outsider meets it: for every operation of the API document, requests generated from the document itself
/// — valid ones and broken ones — sent with valid principals and keys. Nothing may fail (5xx), every answer must be one
/// the document lists, in the content type it names and with a body its schema admits, and a refused request writes
/// nothing. The host has an Azurite of its own, so what was written is known exactly and no other test's cases are touched
/// (which is why no operation needs to be skipped). The seed is printed; set LINFENFLOWS_FUZZ_SEED to replay a run.
/// </summary>
public sealed class ApiFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int ExamplesPerOperation = 10;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(150);
    private static readonly string[] Signers =
    [
        "yjj-clerk", "yjj-supervisor", "gov-reviewer", "gov-office-operator", "yaodu-clerk", "rsj-parks", "fushan-nyj-clerk",
        "nyj-training", "vet-fs0001", "dqb-clerk", "quwo-gov-clerk",
    ];

    private AzuriteServer storage = null!;
    private LocalHostProcess host = null!;

    public async Task InitializeAsync()
    {
        storage = AzuriteServer.Start(null);
        host = await LocalHostProcess.StartAsync(storage: storage.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        storage.Dispose();
    }

    [Fact]
    public async Task Every_operation_answers_generated_valid_and_broken_requests_as_its_document_says()
    {
        var seed = ulong.TryParse(Environment.GetEnvironmentVariable("LINFENFLOWS_FUZZ_SEED"), out var given)
            ? given : (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        output.WriteLine($"API fuzzer seed: {seed} (replay with LINFENFLOWS_FUZZ_SEED={seed})");
        Console.WriteLine($"API fuzzer seed: {seed} (replay with LINFENFLOWS_FUZZ_SEED={seed})");

        var document = JsonNode.Parse(await host.Http.GetStringAsync("api/" + Routes.OpenApiDocument))!.AsObject();
        var principals = new Dictionary<string, string>();
        foreach (var person in Signers) principals[person] = await host.Http.GetStringAsync($"localhost/principals/{person}");
        var caseId = await host.SubmitCaseAsync();
        var fuzz = new RequestGenerator(document, [caseId, "acc-doesnotexist", "FS0001", "park-0123456789abcdef0123"]);

        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var sent = 0;
        var refusedWrites = 0;
        // A write that was accepted goes on in the background (the workflow hears of a withdrawal and closes the case): the
        // next refused write to that case is checked only once the case has settled, so the workflow's rows are not taken
        // for the refused request's.
        string? moving = null;
        var clock = Stopwatch.StartNew();
        var operations = ((JsonObject)document["paths"]!)
            .SelectMany(p => ((JsonObject)p.Value!).Select(o => (Path: p.Key, Method: o.Key, Operation: (JsonObject)o.Value!))).ToList();
        foreach (var (path, method, operation) in operations)
        {
            var id = operation["operationId"]!.GetValue<string>();
            var pcg = new PCG(1, seed ^ Fnv(id));
            for (var i = 0; i < ExamplesPerOperation && clock.Elapsed < Budget; i++)
            {
                var request = fuzz.For(path, method, operation).Generate(pcg, null, out _);
                if (method == "post" && moving is not null && moving == request.CaseId)
                {
                    await SettledAsync(moving);
                    moving = null;
                }
                var before = method == "post" ? await WrittenAsync(request.CaseId) : null;
                var signer = request.Signer % 4 == 0 ? Signers[request.Signer % Signers.Length] : SignerFor(id, operation);
                using var message = request.ToMessage(host.BaseUrl, principals[signer]);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                using var response = await host.Http.SendAsync(message, timeout.Token);
                sent++;
                statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
                var body = await response.Content.ReadAsStringAsync(timeout.Token);
                var what = $"{method.ToUpperInvariant()} {message.RequestUri!.PathAndQuery} ({request.Description})";
                foreach (var problem in Check(document, operation, response, body)) failures.Add($"{what}: {problem}");
                if (before is not null && response.IsSuccessStatusCode && request.CaseId is not null) moving = request.CaseId;
                if (before is not null && (int)response.StatusCode is >= 400 and < 500)
                {
                    refusedWrites++;
                    var after = await WrittenAsync(request.CaseId);
                    if (after.Difference(before) is { } written)
                        failures.Add($"{what}: refused ({(int)response.StatusCode}) but wrote {written}");
                }
            }
        }

        var tally = $"API fuzzer (seed {seed}): {sent} generated requests over {operations.Count} operations, " +
            $"{refusedWrites} refused writes checked for leftovers; no 5xx, every status, content type and body as documented";
        FaultLog.Tried(tally);
        var summary = $"{tally}: {failures.Count} failures in {clock.Elapsed.TotalSeconds:F0} s; answers by status: " +
            string.Join(", ", statuses.Select(s => $"{s.Key} ×{s.Value}"));
        output.WriteLine(summary);
        Console.WriteLine(summary);
        Assert.True(failures.Count == 0, $"Replay with LINFENFLOWS_FUZZ_SEED={seed}:\n" + string.Join("\n", failures.Take(40)));
        Assert.True(sent >= operations.Count, $"Only {sent} requests fitted in {Budget.TotalSeconds} s.");
        FaultLog.Survived(tally);
    }

    /// <summary>Mostly the person whose work the operation is, so a body gets past the role check to its validation.</summary>
    private static string SignerFor(string operationId, JsonObject operation) => operationId switch
    {
        "SubmitParkApplication" or "CorrectParkApplication" or "RequestBranchChange" => "yaodu-clerk",
        "SubmitTrainingCertificate" => "vet-fs0001",
        "GetTrainingStatistics" or "ShowTrainingStatistics" or "ExportTrainingStatistics" or "ShowTrainingReport" => "nyj-training",
        "ShowSupervision" or "ReassignTask" => "yjj-supervisor",
        _ => operation["tags"]![0]!.GetValue<string>() switch
        {
            "事故调查报告批复" or "办件" => "yjj-clerk",
            "人力资源服务产业园" => "rsj-parks",
            "官方兽医培训" => "fushan-nyj-clerk",
            "待办" or "办理链接" => "gov-reviewer",
            "定期报送" => "dqb-clerk",
            "请示批复" => "quwo-gov-clerk",
            _ => "gov-office-operator",
        },
    };

    private static ulong Fnv(string text) =>
        text.Aggregate(14695981039346656037UL, (h, c) => (h ^ c) * 1099511628211UL);

    /// <summary>What the response says against what the document promises for this operation.</summary>
    private static IEnumerable<string> Check(JsonObject document, JsonObject operation, HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (status >= 500) yield return $"{status}: {body[..Math.Min(body.Length, 300)]}";
        if (operation["responses"]![status.ToString()] is not JsonObject documented)
        {
            yield return $"status {status} is not in the document: {body[..Math.Min(body.Length, 200)]}";
            yield break;
        }
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (documented["content"] is not JsonObject content)
        {
            if (body.Length > 0) yield return $"{status} has no content in the document, but came with {mediaType}";
            yield break;
        }
        if (mediaType is null || content[mediaType] is not JsonObject media)
        {
            yield return $"{status} came as {mediaType ?? "nothing"}, the document says {string.Join(" or ", content.Select(c => c.Key))}";
            yield break;
        }
        if (!mediaType.EndsWith("json", StringComparison.Ordinal) || media["schema"] is not JsonObject schema) yield break;
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            json = null;
        }
        if (json is null && body.Trim() != "null")
        {
            yield return $"{status} says {mediaType} but is not JSON";
            yield break;
        }
        foreach (var error in SchemaCheck.Errors(document, schema, json, "$").Take(5)) yield return $"{status} body: {error}";
    }

    /// <summary>Waits until the case's rows have stayed as they are for a second (at most 20 s).</summary>
    private async Task SettledAsync(string caseId)
    {
        var until = Stopwatch.StartNew();
        var last = await WrittenAsync(caseId);
        var still = Stopwatch.StartNew();
        while (still.Elapsed < TimeSpan.FromSeconds(1) && until.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(200);
            var now = await WrittenAsync(caseId);
            if (now.CaseRows == last.CaseRows) continue;
            last = now;
            still.Restart();
        }
    }

    private async Task<Written> WrittenAsync(string? caseId)
    {
        var account = new StorageAccount(storage.ConnectionString);
        var partitions = new HashSet<string>();
        var rows = 0;
        await foreach (var row in account.Table(StorageNames.Cases).QueryAsync<TableEntity>(select: ["PartitionKey"]))
        {
            partitions.Add(row.PartitionKey);
            if (row.PartitionKey == caseId) rows++;
        }
        var blobs = new HashSet<string>();
        await foreach (var container in account.Blobs.GetBlobContainersAsync())
        {
            if (container.Name.StartsWith(host.TaskHub, StringComparison.OrdinalIgnoreCase)) continue;
            await foreach (var blob in account.Blobs.GetBlobContainerClient(container.Name).GetBlobsAsync())
                blobs.Add($"{container.Name}/{blob.Name}");
        }
        return new Written(partitions, rows, blobs);
    }

    private sealed record Written(HashSet<string> Cases, int CaseRows, HashSet<string> Blobs)
    {
        public string? Difference(Written before)
        {
            var cases = Cases.Except(before.Cases).ToList();
            var blobs = Blobs.Except(before.Blobs).ToList();
            if (cases.Count > 0) return "case " + string.Join(", ", cases);
            if (CaseRows > before.CaseRows) return $"{CaseRows - before.CaseRows} timeline rows";
            return blobs.Count > 0 ? "blob " + string.Join(", ", blobs) : null;
        }
    }
}

/// <summary>One generated request: where it goes, as whom, with what, and what was broken in it (if anything).</summary>
public sealed record FuzzRequest(string Method, string Path, IReadOnlyList<(string Name, string Value)> Query, string? ContentType,
    IReadOnlyList<(string Name, JsonNode? Value, bool File)> Parts, string? RawBody, int Signer, string? CaseId, string Description)
{
    public HttpRequestMessage ToMessage(Uri baseUrl, string principal)
    {
        var query = Query.Count == 0 ? "" : "?" + string.Join("&", Query.Select(q => $"{q.Name}={Uri.EscapeDataString(q.Value)}"));
        var message = new HttpRequestMessage(new HttpMethod(Method.ToUpperInvariant()), Path.TrimStart('/') + query)
        {
            Content = ContentType switch
            {
                null => null,
                "multipart/form-data" => Multipart(),
                "application/x-www-form-urlencoded" => new StringContent(string.Join("&", Parts.Select(p =>
                    $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(Text(p.Value))}")), Encoding.UTF8, ContentType),
                _ => new StringContent(RawBody ?? "", Encoding.UTF8, ContentType),
            },
        };
        message.Headers.Add(Principal.HeaderName, principal);
        message.Headers.Add("x-functions-key", LocalHostProcess.FunctionKey);
        message.Headers.Add("Origin", baseUrl.GetLeftPart(UriPartial.Authority));
        return message;
    }

    private MultipartFormDataContent Multipart()
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value, file) in Parts)
            if (file)
                form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(Text(value)))
                {
                    Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") }
                }, name, name + ".pdf");
            else form.Add(new StringContent(Text(value)), name);
        return form;
    }

    private static string Text(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString(Json.Options) ?? "";
}

/// <summary>CsCheck generators for the requests an operation takes, read from its entry in the API document.</summary>
public sealed class RequestGenerator(JsonObject document, IReadOnlyList<string> knownIds)
{
    private static readonly Gen<string> Words = Gen.OneOf(
        Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-"], 1, 12],
        Gen.OneOf("尧都区", "浮山县", "一般", "临应急字〔2026〕9号", "13800001111", "FS0001", "办理中", "approve", "return", "2026-06-01"));

    // No NUL in a path: Kestrel (as the Azure front end) refuses such a URL with a bare 400 before any function runs.
    private static readonly Gen<string> OddSegments = Gen.OneOf("a..b", "\u0001", " ", new string('x', 300), "%", "acc-", "💥", "null");

    private static readonly (string What, Func<JsonNode?, JsonNode?> Break)[] Breakages =
    [
        ("a NUL in every text", n => Map(n, v => v is string ? JsonValue.Create("x\0y") : null)),
        ("text longer than any field takes",
            n => Map(n, v => v is string ? JsonValue.Create(new string('长', InputRules.MaxTextLength + 1)) : null)),
        ("numbers and booleans as text", n => Map(n, v => v is not string ? JsonValue.Create("abc") : null)),
        ("null in every list", n => MapArrays(n, a => new JsonArray(null, null))),
        ("text where a list goes", n => MapArrays(n, _ => JsonValue.Create("x"))),
        ("a field the API does not take", n => n is JsonObject o ? With(o, "status", JsonValue.Create("已办结")) : n),
        ("no fields at all", n => n is JsonObject ? new JsonObject() : null),
        ("null for the whole", _ => null),
    ];

    public Gen<FuzzRequest> For(string path, string method, JsonObject operation)
    {
        var parameters = operation["parameters"] as JsonArray ?? [];
        var pathNames = parameters.Where(p => p!["in"]!.GetValue<string>() == "path").Select(p => p!["name"]!.GetValue<string>()).ToList();
        var queries = parameters.Where(p => p!["in"]!.GetValue<string>() == "query").Select(p => p!.AsObject()).ToList();
        var contents = (operation["requestBody"]?["content"] as JsonObject)?.Select(c => (Type: c.Key, Media: (JsonObject)c.Value!))
            .ToList() ?? [];
        var segment = Gen.Frequency((4, Gen.OneOf(knownIds.ToArray())), (3, Words), (2, OddSegments));
        var pathValues = pathNames.Count == 0 ? Gen.Const(Array.Empty<string>()) : segment.Array[pathNames.Count];
        var queryValues = Gen.Select(Gen.Bool.Array[queries.Count], Gen.Bool, Gen.Int[0, 1000]).Select((on, broken, salt) => queries
            .Where((_, i) => on[i])
            .Select(q => (q["name"]!.GetValue<string>(), broken ? "\0" + salt
                : q["schema"]!["type"]!.ToString() == "boolean" ? (salt % 2 == 0 ? "true" : "false") : "x" + salt)).ToList());
        var body = contents.Count == 0 ? Gen.Const(((string?)null, (IReadOnlyList<(string, JsonNode?, bool)>)[], (string?)null, "no body"))
            : Gen.Int[0, contents.Count - 1].SelectMany(i => Body(contents[i].Type, contents[i].Media));
        return Gen.Select(pathValues, queryValues, body, Gen.Int[0, 1000]).Select((values, query, b, signer) =>
        {
            var route = path;
            for (var i = 0; i < pathNames.Count; i++) route = route.Replace("{" + pathNames[i] + "}", Uri.EscapeDataString(values[i]));
            var caseId = values.FirstOrDefault(v => knownIds.Contains(v));
            return new FuzzRequest(method, route, query, b.Item1, b.Item2, b.Item3, signer, caseId,
                $"{b.Item4}; path {string.Join(",", values.Select(v => v.Length > 20 ? v[..20] + "…" : v))}");
        });
    }

    private Gen<(string?, IReadOnlyList<(string, JsonNode?, bool)>, string?, string)> Body(string type, JsonObject media)
    {
        var schema = Resolve(media["schema"]!);
        var broken = Gen.Int[0, Breakages.Length - 1].Select(i => Breakages[i]);
        if (type is "multipart/form-data" or "application/x-www-form-urlencoded")
        {
            var properties = (schema["properties"] as JsonObject ?? []).Select(p => (p.Key, Schema: Resolve(p.Value!))).ToList();
            var required = (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()).ToHashSet();
            var parts = properties.Select(p => p.Schema["format"]?.ToString() == "binary"
                    ? Gen.OneOf("%PDF-1.4\n% 材料\n%%EOF\n", "MZ\u0090\0", "").Select(f => (p.Key, (JsonNode?)JsonValue.Create(f), true))
                    : Value(p.Schema, 0).Select(v => (p.Key, v, false)))
                .Select((g, i) => Gen.Select(g, Gen.Bool, (part, keep) => (part, keep: keep || required.Contains(properties[i].Key))))
                .ToArray();
            var all = All(parts);
            return Gen.Select(all, Gen.Bool, broken, Gen.Int[0, Math.Max(0, parts.Length - 1)]).Select((chosen, valid, breakage, at) =>
            {
                var list = chosen.Where(c => c.keep).Select(c => c.part).ToList();
                if (!valid && list.Count > 0)
                {
                    var (name, value, file) = list[at % list.Count];
                    list[at % list.Count] = (name, file ? value : breakage.Break(value), file);
                    if (type == "application/x-www-form-urlencoded" || breakage.What == "no fields at all") list.RemoveAt(at % list.Count);
                }
                return ((string?)type, (IReadOnlyList<(string, JsonNode?, bool)>)list, (string?)null,
                    valid ? $"{type} by the schema" : $"{type} with {breakage.What} in one part");
            });
        }
        if (type == "text/csv")
            return Gen.Select(Words.Array[1, 6], Gen.Bool).Select((cells, header) =>
                ((string?)type, (IReadOnlyList<(string, JsonNode?, bool)>)[],
                    (string?)((header ? "vetId,name,county\n" : "") + string.Join(",", cells) + "\n"), "a CSV of words"));
        return Gen.Select(Value(schema, 0), Gen.Frequency((2, Gen.Const(-1)), (3, Gen.Int[0, Breakages.Length - 1])), Gen.Bool)
            .Select((value, breakage, notJson) =>
                breakage < 0 ? ((string?)type, (IReadOnlyList<(string, JsonNode?, bool)>)[], (string?)(value?.ToJsonString() ?? "null"),
                        "JSON by the schema")
                    : notJson && breakage == 0 ? (type, [], "{\"not json", "text that is not JSON")
                    : (type, [], Breakages[breakage].Break(value)?.ToJsonString() ?? "null", "JSON with " + Breakages[breakage].What));
    }

    /// <summary>A value the schema admits (a little of everything it allows, kept small).</summary>
    private Gen<JsonNode?> Value(JsonNode schemaNode, int depth)
    {
        var schema = Resolve(schemaNode);
        if (schema["enum"] is JsonArray choices) return Gen.OneOf(choices.Select(c => c?.DeepClone()).ToArray());
        var types = schema["type"] switch
        {
            JsonArray a => a.Select(t => t!.GetValue<string>()).ToList(),
            JsonValue v => [v.GetValue<string>()],
            _ => ["object"],
        };
        var gens = types.Select(t => Of(t, schema, depth)).ToArray();
        return gens.Length == 1 ? gens[0] : Gen.Int[0, gens.Length - 1].SelectMany(i => gens[i]);
    }

    private Gen<JsonNode?> Of(string type, JsonObject schema, int depth)
    {
        int? Number(string name) => schema[name] is JsonValue v ? (int)Math.Min(v.GetValue<decimal>(), 100_000) : null;
        switch (type)
        {
            case "null":
                return Gen.Const((JsonNode?)null);
            case "boolean":
                return Gen.Bool.Select(b => (JsonNode?)JsonValue.Create(b));
            case "integer":
                return Gen.Int[Number("minimum") ?? -3, Number("maximum") ?? 3000].Select(i => (JsonNode?)JsonValue.Create(i));
            case "number":
                return Gen.Int[Number("minimum") ?? 0, Number("maximum") ?? 5_000_000].Select(i => (JsonNode?)JsonValue.Create(i / 10m));
            case "string":
                if (schema["format"]?.ToString() == "date")
                    return Gen.Select(Gen.Int[2020, 2031], Gen.Int[1, 12], Gen.Int[1, 28])
                        .Select((y, m, d) => (JsonNode?)JsonValue.Create($"{y:D4}-{m:D2}-{d:D2}"));
                var min = Number("minLength") ?? 0;
                var max = Math.Max(min, Math.Min(Number("maxLength") ?? 12, 12));
                return Words.Where(w => w.Length >= min && w.Length <= max).Select(w => (JsonNode?)JsonValue.Create(w));
            case "array":
                if (depth > 4) return Gen.Const((JsonNode?)new JsonArray());
                var item = schema["items"] is { } items ? Value(items, depth + 1) : Gen.Const((JsonNode?)JsonValue.Create("x"));
                return item.List[Number("minItems") ?? 0, Math.Max(Number("minItems") ?? 0, 3)]
                    .Select(l => (JsonNode?)new JsonArray(l.Select(n => n?.DeepClone()).ToArray()));
            default:
                var properties = (schema["properties"] as JsonObject ?? []).Select(p => (p.Key, p.Value!)).ToList();
                if (depth > 4 || properties.Count == 0) return Gen.Const((JsonNode?)new JsonObject());
                var required = (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()).ToHashSet();
                var fields = properties.Select(p => Gen.Select(Value(p.Item2, depth + 1), Gen.Bool,
                    (v, keep) => (p.Key, v, keep: keep || required.Contains(p.Key)))).ToArray();
                return All(fields).Select(fs =>
                    (JsonNode?)new JsonObject(fs.Where(f => f.keep).Select(f => KeyValuePair.Create(f.Key, f.v?.DeepClone()))));
        }
    }

    private static Gen<T[]> All<T>(IReadOnlyList<Gen<T>> gens) =>
        gens.Aggregate(Gen.Const(Array.Empty<T>()), (all, gen) => Gen.Select(all, gen, (a, x) => (T[])[.. a, x]));

    private JsonObject Resolve(JsonNode node) =>
        node is JsonObject o && o["$ref"]?.GetValue<string>() is { } pointer
            ? Resolve(pointer[2..].Split('/').Aggregate((JsonNode)document, (n, part) => n[part]!))
            : node as JsonObject ?? [];

    private static JsonNode? Map(JsonNode? node, Func<object, JsonNode?> leaf) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Map(p.Value, leaf)))),
        JsonArray a => new JsonArray(a.Select(n => Map(n, leaf)).ToArray()),
        JsonValue v => leaf(v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()) ?? v.DeepClone(),
        _ => null,
    };

    private static JsonNode? MapArrays(JsonNode? node, Func<JsonArray, JsonNode?> replace) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, MapArrays(p.Value, replace)))),
        JsonArray a => replace(a),
        _ => node?.DeepClone(),
    };

    private static JsonObject With(JsonObject o, string name, JsonNode value)
    {
        var copy = (JsonObject)o.DeepClone();
        copy[name] = value;
        return copy;
    }
}

/// <summary>The part of JSON Schema the API document uses: type, properties, required, additionalProperties, items, enum.</summary>
public static class SchemaCheck
{
    public static IEnumerable<string> Errors(JsonObject document, JsonNode schemaNode, JsonNode? value, string at)
    {
        var schema = schemaNode is JsonObject o && o["$ref"]?.GetValue<string>() is { } pointer
            ? (JsonObject)pointer[2..].Split('/').Aggregate((JsonNode)document, (n, part) => n[part]!)
            : schemaNode as JsonObject ?? [];
        var kind = value switch
        {
            null => "null",
            JsonObject => "object",
            JsonArray => "array",
            JsonValue v => v.GetValueKind() switch
            {
                JsonValueKind.String => "string",
                JsonValueKind.True or JsonValueKind.False => "boolean",
                _ => v.ToJsonString().Contains('.') || v.ToJsonString().Contains('e') ? "number" : "integer",
            },
            _ => "unknown",
        };
        if (schema["type"] is { } declared)
        {
            var allowed = declared is JsonArray a ? a.Select(t => t!.GetValue<string>()).ToList() : [declared.GetValue<string>()];
            if (!allowed.Contains(kind) && !(kind == "integer" && allowed.Contains("number")))
            {
                yield return $"{at} is {kind}, the schema says {string.Join("|", allowed)}";
                yield break;
            }
        }
        if (schema["enum"] is JsonArray choices && !choices.Any(c => JsonNode.DeepEquals(c, value)))
            yield return $"{at} is {value?.ToJsonString()}, not one of {choices.ToJsonString()}";
        if (value is JsonObject obj)
        {
            var properties = schema["properties"] as JsonObject ?? [];
            foreach (var name in (schema["required"] as JsonArray ?? []).Select(r => r!.GetValue<string>()))
                if (!obj.ContainsKey(name)) yield return $"{at}.{name} is missing";
            foreach (var (name, child) in obj)
            {
                if (properties[name] is { } propertySchema)
                    foreach (var e in Errors(document, propertySchema, child, $"{at}.{name}")) yield return e;
                else if (schema["additionalProperties"] is JsonValue extra && extra.GetValueKind() == JsonValueKind.False)
                    yield return $"{at}.{name} is not in the schema";
            }
        }
        if (value is JsonArray array && schema["items"] is { } items)
            for (var i = 0; i < array.Count; i++)
                foreach (var e in Errors(document, items, array[i], $"{at}[{i}]")) yield return e;
    }
}
