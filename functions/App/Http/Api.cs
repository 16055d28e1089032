using System.Diagnostics;
using System.Text.Json;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Functions.Http;

/// <summary>
/// What every HTTP function shares: who is calling, reading bodies, and turning refusals and faults into problem details.
/// </summary>
public static class Api
{
    /// <summary>The largest JSON body any endpoint takes (an online-hours batch of 5,000 records fits).</summary>
    public const int MaxJsonBytes = 4 * 1024 * 1024;

    /// <summary>The signed-in person (null: anonymous, or a header that cannot be trusted here).</summary>
    public static Task<Caller?> CallerAsync(this SignIn signIn, HttpRequest req) =>
        signIn.CallerAsync(req.Headers[Principal.HeaderName], req.HttpContext.RequestAborted);

    /// <summary>
    /// Runs a function body: a refusal becomes RFC 7807 problem details (Chinese and English) and nothing else happens; an
    /// unexpected fault is logged with the case id and answered as problem details with a correlation id, never an empty 500.
    /// </summary>
    public static async Task<IActionResult> Handle(HttpRequest req, Func<Task<IActionResult>> body)
    {
        try
        {
            return await body();
        }
        catch (ProblemException p)
        {
            return new ProblemResult(p);
        }
        catch (Exception e) when (!req.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return new ProblemResult(Unexpected(req, e));
        }
    }

    /// <summary>Logs an unexpected fault (with the case id when the route has one) and says so in problem details.</summary>
    public static ProblemException Unexpected(HttpRequest req, Exception e)
    {
        var correlation = Activity.Current?.TraceId.ToString() ?? req.HttpContext.TraceIdentifier;
        var logger = req.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("LinfenFlows.Functions.Http");
        logger.LogError(e, "Unexpected fault in {Method} {Path} (case {CaseId}, correlation {CorrelationId})",
            req.Method, req.Path.Value, req.RouteValues.TryGetValue("caseId", out var caseId) ? caseId : "", correlation);
        return Problem.Unexpected(correlation);
    }

    /// <summary>A browser states where a form came from; a cross-site form post is refused before anything is read.</summary>
    public static bool SameOrigin(HttpRequest req)
    {
        if (req.Headers.TryGetValue("Sec-Fetch-Site", out var site) && site != "same-origin" && site != "none") return false;
        var origin = req.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin)) return true;
        return Uri.TryCreate(origin, UriKind.Absolute, out var o) && o.Authority == req.Host.Value;
    }

    public static IActionResult Json(object value, int status = 200) =>
        new JsonResult(value, LinfenFlows.Shared.Json.Options) { StatusCode = status };

    /// <summary>The request body as text (a CSV upload), refused when larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<string> ReadTextAsync(HttpRequest req, long maxBytes, string field)
    {
        if (req.ContentLength > maxBytes) throw Problem.TooLarge(field, maxBytes);
        using var buffer = new MemoryStream();
        await req.Body.CopyToAsync(buffer, req.HttpContext.RequestAborted);
        if (buffer.Length > maxBytes) throw Problem.TooLarge(field, maxBytes);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// The request body as JSON of the given shape (the one way bodies are read): too large, not JSON, or an unknown field is a 400.
    /// </summary>
    public static async Task<T?> ReadBodyAsync<T>(HttpRequest req, string field = "body") =>
        ReadJson<T>(await ReadTextAsync(req, MaxJsonBytes, field), field);

    /// <summary>Reads a JSON value; a body that is not JSON of that shape is a 400 naming the field.</summary>
    public static T? ReadJson<T>(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return default;
        try
        {
            // Nulls in lists, control characters and unbounded sizes are refused before anything binds or reads them.
            using (var document = JsonDocument.Parse(text))
            {
                var errors = InputRules.CheckJson(document.RootElement, "");
                if (errors.Count > 0) throw Problem.Invalid(errors);
            }
            return JsonSerializer.Deserialize<T>(text, LinfenFlows.Shared.Json.Strict);
        }
        catch (JsonException e)
        {
            var path = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? field : $"{field}.{e.Path.TrimStart('$', '.')}";
            if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
                throw Problem.Invalid(path, "unknown-field", $"不接受字段“{path}”（状态、结论等由系统办理，不能提交）。",
                    $"{path} is not a field of this request.");
            throw Problem.Invalid(path, "json", $"“{path}”的格式不正确。", $"{path} is not valid JSON of the expected shape.");
        }
    }

    /// <summary>Reads a multipart form: a JSON part and files, within the size limit, before anything is stored.</summary>
    public static async Task<IFormCollection> ReadFormAsync(HttpRequest request, long maxBytes, string fileField = "report")
    {
        if (!request.HasFormContentType)
            throw Problem.Invalid("body", "multipart", "请以 multipart/form-data 提交表单和文件。", "The body must be multipart/form-data.");
        if (request.ContentLength > maxBytes + 1024 * 1024) throw Problem.TooLarge(fileField, maxBytes);
        IFormCollection form;
        var urlEncoded = !request.ContentType!.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase);
        if (urlEncoded) request.EnableBuffering();
        try
        {
            form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        }
        catch (InvalidDataException e) when (urlEncoded && e.InnerException is not null)
        {
            // The form reader refuses a %00 without saying where: name the field from the raw form.
            request.Body.Position = 0;
            var raw = await new StreamReader(request.Body).ReadToEndAsync(request.HttpContext.RequestAborted);
            var field = raw.Split('&').Select(p => p.Split('=', 2))
                .FirstOrDefault(p => p.Length == 2 && p[1].Contains("%00", StringComparison.Ordinal))?[0];
            var name = field is null ? "body" : Uri.UnescapeDataString(field.Replace('+', ' '));
            throw Problem.Invalid(name, "control-characters", $"“{name}”含有不可见的控制字符，请删除后重新提交。", $"{name} contains control characters.");
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw Problem.TooLarge(fileField, maxBytes);
        }
        catch (InvalidDataException)
        {
            // A form cut short or without its parts is not a large file: say what is wrong with it.
            throw Problem.Invalid("body", "form", "表单格式不正确，请从页面重新提交，或以 multipart/form-data 提交表单和文件。",
                "The body is not a well-formed form (multipart/form-data or URL-encoded).");
        }
        // Plain fields are checked here; a JSON part is checked whole when it is read (ReadJson).
        var errors = form.SelectMany(f => f.Value.Where(v => v is not null && !v.StartsWith('{') && !v.StartsWith('['))
            .SelectMany(v => InputRules.CheckText(f.Key, v))).ToList();
        return errors.Count > 0 ? throw Problem.Invalid(errors) : form;
    }

    public static async Task<UploadedFile?> FileAsync(IFormCollection form, string name, long maxBytes)
    {
        var file = form.Files.GetFile(name);
        if (file is null) return null;
        if (file.Length > maxBytes) throw Problem.TooLarge(name, maxBytes);
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer);
        return new UploadedFile(file.FileName, buffer.ToArray());
    }
}

/// <summary>application/problem+json, written the same way under the Functions host and the local host.</summary>
public sealed class ProblemResult(ProblemException problem) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = problem.Status;
        return response.WriteAsJsonAsync(new
        {
            type = problem.Type,
            title = problem.Title,
            titleEn = problem.TitleEn,
            status = problem.Status,
            detail = problem.Detail,
            instance = context.HttpContext.Request.Path.Value,
            errors = problem.Errors,
        }, LinfenFlows.Shared.Json.Options, "application/problem+json; charset=utf-8");
    }
}

/// <summary>Instants as people read them: Beijing time.</summary>
public static class Display
{
    public static string? Beijing(DateTimeOffset? instant) => instant is null ? null : BeijingTime.Format(instant.Value);

    /// <summary>How a deadline stands today, as people read it: 剩余n日, 今日到期 or 已逾期n日.</summary>
    public static string DaysLeft(DateTimeOffset due, DateTimeOffset now)
    {
        var left = BeijingTime.DaysLeft(due, now);
        return now >= due ? $"已逾期{Math.Max(1, -left)}日" : left == 0 ? "今日到期" : $"剩余{left}日";
    }
}

/// <summary>An operator's request naming a year (opening the park cycles, closing the training year).</summary>
public sealed record YearRequest(int? Year);
