using System.Text.Json;

namespace LinfenFlows.Shared.Problems;

/// <summary>
/// What every request's text must be before any rule of a process reads it, whatever the endpoint: no null inside a
/// list, no control characters (a NUL, an escape; line breaks and tabs are text), no string or list beyond a bound no
/// form ever needs. Each breach names its field (<c>records[0]</c>, <c>phone</c>) and the rule; the processes' own rules
/// (lengths, ranges, formats) come after.
/// </summary>
public static class InputRules
{
    /// <summary>Longer than any opinion, summary or report text a form takes (those have tighter limits of their own).</summary>
    public const int MaxTextLength = 20_000;

    /// <summary>More than any list a request carries (an online-hours batch is at most 5,000).</summary>
    public const int MaxItems = 10_000;

    public static bool HasControlCharacters(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r' or '\t') continue;
            if (char.IsControl(c) || c is '\uFFFE' or '\uFFFF') return true;
            if (char.IsHighSurrogate(c) && (i + 1 == text.Length || !char.IsLowSurrogate(text[++i]))) return true;
            if (char.IsLowSurrogate(c)) return true;
        }
        return false;
    }

    /// <summary>A form field or query value.</summary>
    public static IEnumerable<FieldError> CheckText(string field, string? value)
    {
        if (value is null) yield break;
        if (value.Length > MaxTextLength)
            yield return new FieldError(field, "too-long", $"“{field}”过长（不超过{MaxTextLength}字）。",
                $"{field} is longer than {MaxTextLength} characters.");
        if (HasControlCharacters(value))
            yield return new FieldError(field, "control-characters", $"“{field}”含有不可见的控制字符，请删除后重新提交。",
                $"{field} contains control characters.");
    }

    /// <summary>
    /// A JSON body or part, walked whole before it is bound to a type; <paramref name="prefix"/> names a part
    /// (<c>request</c>), "" a whole body, so its fields read as they are sent (<c>records[0]</c>).
    /// </summary>
    public static IReadOnlyList<FieldError> CheckJson(JsonElement root, string prefix)
    {
        var errors = new List<FieldError>();
        Walk(root, prefix, errors);
        return errors;
    }

    private static void Walk(JsonElement e, string path, List<FieldError> errors)
    {
        if (errors.Count >= 20) return; // enough to act on; a hostile body gets no longer answer
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                errors.AddRange(CheckText(path.Length == 0 ? "body" : path, e.GetString()));
                break;
            case JsonValueKind.Array:
                var n = e.GetArrayLength();
                if (n > MaxItems)
                {
                    errors.Add(new FieldError(path, "too-many", $"“{path}”超过{MaxItems}项。", $"{path} has more than {MaxItems} items."));
                    return;
                }
                var i = 0;
                foreach (var item in e.EnumerateArray())
                {
                    var at = $"{path}[{i++}]";
                    if (item.ValueKind == JsonValueKind.Null)
                        errors.Add(new FieldError(at, "required", $"“{at}”为空：列表中的每一项都须填写。",
                            $"{at} is null: every item of a list is required."));
                    else Walk(item, at, errors);
                }
                break;
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    var at = path.Length == 0 ? p.Name : $"{path}.{p.Name}";
                    errors.AddRange(CheckText(at, HasControlCharacters(p.Name) ? p.Name : null));
                    Walk(p.Value, at, errors);
                }
                break;
        }
    }
}
