using System.Globalization;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Shared.Tasks;

/// <summary>What a person submits on a task: the decision (or 签收), the opinion, ticked items, filled-in fields, a file.</summary>
public sealed record TaskActionRequest(string Decision, string? Opinion = null, IReadOnlyList<string>? Selected = null,
    IReadOnlyDictionary<string, string>? Values = null, UploadedFile? File = null);

/// <summary>
/// The checks a submission must pass, as a pure function of the task and the request: every broken rule is returned at
/// once, with the field values as they will be recorded. Order (签收 before the result) is a conflict, told separately.
/// </summary>
public static class DecisionRules
{
    public const int MaxOpinion = 2000;
    public const int MaxText = 200;

    public sealed record Checked(IReadOnlyList<FieldError> Errors, IReadOnlyDictionary<string, string> Values);

    public static Checked Check(TaskEntity task, TaskActionRequest r)
    {
        var v = new Validator();
        var decision = r.Decision;
        var selected = r.Selected ?? [];
        v.Require(task.AvailableNow.Contains(decision), "decision", "allowed-decision",
            $"办理结果只能是：{string.Join("、", task.AvailableNow.Select(Decisions.Label))}。",
            $"decision must be one of: {string.Join(", ", task.AvailableNow)}.");
        var withheld = selected.Count > 0 && task.SelectedNeedsOpinion;
        var opinionRequired = Decisions.NeedsOpinion(decision) || withheld;
        v.Require(!opinionRequired || !string.IsNullOrWhiteSpace(r.Opinion), "opinion", "required",
            decision == Decisions.Report ? "请填写办理结果。"
            : withheld ? "勾选不予公开的事项时，必须写明不予公开的理由。"
            : task.OpinionLabel is { } label ? $"请填写{label.Split('（')[0]}。"
            : decision is Decisions.Return or Decisions.Reject ? "退回或不同意时必须填写意见。"
            : $"选择“{Decisions.Label(decision)}”时必须填写意见。",
            "An opinion is required for this decision.");
        v.Require((r.Opinion?.Length ?? 0) <= MaxOpinion, "opinion", "max-length", $"意见不能超过{MaxOpinion}字。",
            $"opinion must be at most {MaxOpinion} characters.");
        v.Require(r.Opinion is null || !r.Opinion.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')), "opinion",
            "control-characters", "意见中含有不可见的控制字符。", "opinion has control characters.");
        var choices = task.Choices.Select(x => x.Key).ToHashSet();
        v.Require(selected.All(choices.Contains), "selected", "allowed-choice", "勾选的事项不属于本事项。",
            "selected names an item this task does not offer.");
        var final = decision != Decisions.Receive;
        v.Require(!(final && task.FileRequired && r.File is null), "file", "required",
            task.IsFollowUp ? "请上传办理结果文件（处理决定、整改报告等）。" : "请上传相关文件（如实地考察记录、照片）。", "A file with the result is required.");
        var values = Fields(v, task.Fields, decision, r.Values ?? new Dictionary<string, string>());
        return new Checked(v.Errors, values);
    }

    /// <summary>A receipt-first task is signed for once, before its result is reported.</summary>
    public static void ThrowIfOutOfOrder(TaskEntity task, string decision)
    {
        if (!task.ReceiptFirst) return;
        if (decision == Decisions.Receive && task.ReceivedAt is not null)
            throw Problem.Conflict("already-received", $"该事项已于 {BeijingTime.Format(task.ReceivedAt.Value)} 签收，请直接报告办理结果。",
                "The task was received already.");
        if (decision != Decisions.Receive && task.ReceivedAt is null)
            throw Problem.Conflict("not-received", "请先签收，再报告办理结果。", "The task must be received (签收) before its result is reported.");
    }

    /// <summary>
    /// The task's fields as filled in: scores are whole numbers within their range, texts short; unknown keys are ignored.
    /// </summary>
    private static Dictionary<string, string> Fields(Validator v, IReadOnlyList<TaskField> fields, string decision,
        IReadOnlyDictionary<string, string> values)
    {
        var filled = new Dictionary<string, string>();
        foreach (var f in fields)
        {
            var text = values.TryGetValue(f.Key, out var raw) && raw is not null ? raw.Trim() : "";
            if (text.Length == 0)
            {
                v.Require(!f.IsRequiredFor(decision), f.Key, "required", $"请填写{f.Label}。", $"{f.Key} is required.");
                continue;
            }
            if (f.IsNumber)
            {
                var min = f.Min ?? 0;
                var ok = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= f.Max;
                v.Require(ok, f.Key, "range", $"{f.Label}应为{min}至{f.Max}之间的整数。", $"{f.Key} must be a whole number from {min} to {f.Max}.");
                if (ok) filled[f.Key] = n.ToString(CultureInfo.InvariantCulture);
            }
            else if (f.Options is { } options)
            {
                var ok = options.Any(o => o.Key == text);
                v.Require(ok, f.Key, "allowed-value", $"{f.Label}只能是：{string.Join("、", options.Select(o => o.Label))}。",
                    $"{f.Key} must be one of: {string.Join(", ", options.Select(o => o.Key))}.");
                if (ok) filled[f.Key] = text;
            }
            else
            {
                var ok = text.Length <= MaxText && !text.Any(char.IsControl);
                v.Require(ok, f.Key, "max-length", $"{f.Label}不能超过{MaxText}个字，且不能含控制字符。",
                    $"{f.Key} must be at most {MaxText} plain characters.");
                if (ok) filled[f.Key] = text;
            }
        }
        return filled;
    }
}
