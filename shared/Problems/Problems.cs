namespace LinfenFlows.Shared.Problems;

/// <summary>One broken rule of one field: what the user must fix, in Chinese for them and English for integrators.</summary>
public sealed record FieldError(string Field, string Rule, string Message, string MessageEn);

/// <summary>
/// An error the caller can act on, raised before anything is written. The HTTP adapters turn it into RFC 7807
/// problem details; its status says which kind it is.
/// </summary>
public class ProblemException(int status, string type, string title, string titleEn, string detail,
    IReadOnlyList<FieldError>? errors = null)
    : Exception(titleEn + ": " + detail)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string Title { get; } = title;
    public string TitleEn { get; } = titleEn;
    public string Detail { get; } = detail;
    public IReadOnlyList<FieldError> Errors { get; } = errors ?? [];
}

public static class Problem
{
    private const string Base = "https://linfenflows.example/problems/";

    public static ProblemException Invalid(IReadOnlyList<FieldError> errors) =>
        new(400, Base + "validation", "提交的内容有误", "The request is invalid",
            string.Join("；", errors.Select(e => e.Message)), errors);

    public static ProblemException Invalid(string field, string rule, string message, string messageEn) =>
        Invalid([new FieldError(field, rule, message, messageEn)]);

    public static ProblemException NotFound(string what, string whatEn) =>
        new(404, Base + "not-found", $"{what}不存在", $"{whatEn} not found", $"{what}不存在或您无权查看。");

    public static ProblemException Forbidden(string detail) =>
        new(403, Base + "forbidden", "无权办理", "Forbidden", detail);

    public static ProblemException Unauthenticated() =>
        new(401, Base + "unauthenticated", "请先登录", "Authentication required", "请求未携带有效的登录身份。");

    public static ProblemException Conflict(string rule, string detail, string detailEn) =>
        new(409, Base + rule, detail, detailEn, detail);

    /// <summary>A fault nobody could act on: said as such, with the id operators find it by in the logs (no stack, no detail).</summary>
    public static ProblemException Unexpected(string correlationId) =>
        new(500, Base + "unexpected", "系统内部错误", "Internal error",
            $"处理请求时发生内部错误，已记录。请稍后重试；如仍不成功，请将错误编号 {correlationId} 告知运维人员。");

    public static ProblemException TooLarge(string field, long limit) =>
        new(413, Base + "too-large", "文件过大", "File too large", $"文件不得超过 {limit / 1024 / 1024} MB。",
            [new FieldError(field, "max-size", $"文件不得超过 {limit / 1024 / 1024} MB。",
                $"The file must not exceed {limit / 1024 / 1024} MB.")]);
}

/// <summary>Collects every broken rule of a request so the applicant is told all of them at once (一次性告知).</summary>
public sealed class Validator
{
    private readonly List<FieldError> errors = [];

    public bool IsValid => errors.Count == 0;

    /// <summary>How many broken rules so far (a caller checking one item compares before and after).</summary>
    public int Count => errors.Count;

    public IReadOnlyList<FieldError> Errors => errors;

    public Validator Require(bool ok, string field, string rule, string message, string messageEn)
    {
        if (!ok) errors.Add(new FieldError(field, rule, message, messageEn));
        return this;
    }

    public Validator Required(string? value, string field, string label, int maxLength = 200)
    {
        if (string.IsNullOrWhiteSpace(value))
            errors.Add(new FieldError(field, "required", $"{label}不能为空。", $"{field} is required."));
        else if (value.Length > maxLength)
            errors.Add(new FieldError(field, "max-length", $"{label}不能超过{maxLength}个字。",
                $"{field} must be at most {maxLength} characters."));
        return this;
    }

    public void Add(FieldError error) => errors.Add(error);

    public void ThrowIfInvalid()
    {
        if (!IsValid) throw Problem.Invalid(errors);
    }
}
