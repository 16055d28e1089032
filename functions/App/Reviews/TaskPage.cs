using System.Text;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using Microsoft.AspNetCore.Mvc;

namespace LinfenFlows.Functions.Reviews;

/// <summary>The pages a person acting on a task sees, in Chinese: the task's form, what happened after acting, 我的待办, 督办.</summary>
public static class TaskPage
{
    /// <summary>The form's value for “extend the deadline” (not a decision: the task stays open).</summary>
    public const string ExtendAction = "extend";

    /// <summary>Form inputs of a task's fields are named with this prefix and the field's key.</summary>
    public const string FieldPrefix = "field.";

    private static string E(string? s) => HtmlPage.E(s);

    public static ContentResult Form(string formAction, Func<string, string> attachmentUrl, TaskAccess access,
        IReadOnlyList<(string Label, string Value)> summary, IReadOnlyList<Attachment> files, IReadOnlyList<CaseEventEntity> timeline,
        string antiForgery, TaskFormDraft? draft = null)
    {
        draft ??= TaskFormDraft.Empty;
        var c = access.Case!;
        var task = access.Task!;
        var html = new StringBuilder();
        html.Append($"<h1>{E(task.StepName)}</h1><p class=\"sub\">{E(c.Title)}</p>");
        if (access.Holder is { OnBehalfOfName: { } forWhom }) html.Append($"<p class=\"note\">您受{E(forWhom)}委托办理此事项。</p>");
        html.Append($"<p class=\"due\">办理期限：<strong>{E(BeijingTime.Format(task.DueAt))}</strong>（北京时间）{E(task.Due.Basis.Note)}");
        if (task.EscalatedAt is not null) html.Append(" <span class=\"overdue\">已逾期，已督办</span>");
        html.Append("</p>");
        if (task.ReceivedAt is { } received) html.Append($"<p class=\"received\">已于 {E(BeijingTime.Format(received))} 签收。</p>");
        html.Append("<h2>办件内容</h2><table>");
        foreach (var (label, value) in summary) html.Append($"<tr><th>{E(label)}</th><td>{E(value)}</td></tr>");
        html.Append("</table><h2>附件</h2><ul>");
        foreach (var f in files)
            html.Append($"<li>{(f.Kind is null ? "" : E(f.Kind) + "：")}<a href=\"{E(attachmentUrl(f.Id))}\">{E(f.FileName)}</a>")
                .Append($"（{SizeOf(f.Size)}{(f.UploadedBy is null ? "" : "，" + E(f.UploadedBy))}）</li>");
        html.Append("</ul><h2>办理过程</h2><ol class=\"timeline\">");
        foreach (var e in timeline)
            html.Append($"<li><time>{E(BeijingTime.Format(e.At))}</time>" +
                        $" {E(e.ActorName)}：{E(e.Label)}{(e.Opinion is null ? "" : $"（意见：{E(e.Opinion)}）")}</li>");
        html.Append("</ol><h2 id=\"act\">办理</h2>");
        if (draft.Error is not null) html.Append($"<p class=\"overdue\" role=\"alert\">未能提交：{E(draft.Error)}请修改后重新提交。</p>");
        var available = task.AvailableNow;
        var withFile = task.FileRequired && !available.SequenceEqual([Decisions.Receive]);
        html.Append($"<form method=\"post\" action=\"{E(formAction)}\" enctype=\"multipart/form-data\">" +
                    $"<input type=\"hidden\" name=\"af\" value=\"{E(antiForgery)}\"><fieldset><legend>办理结果</legend>");
        foreach (var d in available)
            html.Append($"<label><input type=\"radio\" name=\"decision\" value=\"{E(d)}\"" +
                        $" required{(available.Count == 1 || draft.Value("decision") == d ? " checked" : "")}>" +
                        $" {E(Decisions.Label(d))}</label> ");
        if (task.CanExtend)
            html.Append($"<label><input type=\"radio\" name=\"decision\" value=\"{ExtendAction}\"" +
                        $"{(draft.Value("decision") == ExtendAction ? " checked" : "")}> 延期（特殊情况，仅一次）</label> " +
                        $"<label>延期 <input type=\"number\" name=\"days\" min=\"1\" max=\"{task.MaxExtensionDays}\"" +
                        $" value=\"{E(draft.Value("days"))}\" style=\"width:4em\">" +
                        $" 日（至多{task.MaxExtensionDays}日）</label>");
        html.Append("</fieldset>");
        if (task.Choices.Count > 0)
        {
            html.Append($"<fieldset><legend>{E(task.ChoicesLabel ?? "依法应当保密、不予公开的事项（如有，请勾选并在意见中写明理由）")}</legend>");
            foreach (var choice in task.Choices)
                html.Append($"<label class=\"choice\"><input type=\"checkbox\" name=\"selected\" value=\"{E(choice.Key)}\"" +
                            $"{(draft.Selected.Contains(choice.Key) ? " checked" : "")}>" +
                            $" {E(choice.Label)}</label>");
            html.Append("</fieldset>");
        }
        foreach (var f in available.Contains(Decisions.Receive) && available.Count == 1 ? [] : task.Fields)
        {
            var id = E(FieldPrefix + f.Key);
            html.Append($"<label for=\"{id}\">{E(f.Label)}{(f.RequiredFor is null ? "（必填）" : "")}</label>");
            var value = draft.Error is null ? f.Initial ?? "" : draft.Value(FieldPrefix + f.Key);
            var typed = $" value=\"{E(value)}\"";
            var required = f.RequiredFor is null ? " required" : "";
            html.Append(f.Options is { } options
                ? $"<select id=\"{id}\" name=\"{id}\"{required}>" + string.Concat(options.Select(o =>
                    $"<option value=\"{E(o.Key)}\"{(o.Key == value ? " selected" : "")}>{E(o.Label)}</option>")) + "</select>"
                : f.IsNumber
                ? $"<input type=\"number\" id=\"{id}\" name=\"{id}\" min=\"{f.Min ?? 0}\" max=\"{f.Max}\" step=\"1\"{typed}{required}>"
                : $"<input type=\"text\" id=\"{id}\" name=\"{id}\" maxlength=\"200\"{typed}{required}>");
        }
        if (withFile)
            html.Append($"<label for=\"file\">{E(task.FileLabel ?? "办理结果文件（处理决定、整改报告、照片等）")}" +
                        "（PDF、OFD、Word、Excel、PNG、JPEG）</label><input type=\"file\" id=\"file\" name=\"file\" required>");
        html.Append($"<label for=\"opinion\">{OpinionLabel(task, available)}</label>" +
                    $"<textarea id=\"opinion\" name=\"opinion\" rows=\"{(task.OpinionDraft is null ? 5 : 16)}\" maxlength=\"2000\">" +
                    $"{E(draft.Error is null ? task.OpinionDraft : draft.Value("opinion"))}</textarea>");
        var note = available.SequenceEqual([Decisions.Receive]) ? "签收后，请在期限前通过同一链接报告办理结果。"
            : task.IsFollowUp ? "提交后事项即办结，结果不可更改。" : "提交后链接即失效，办理结果不可更改。";
        html.Append($"<button type=\"submit\">{(available.SequenceEqual([Decisions.Receive]) ? "签收" : "提交")}</button>" +
                    $"<p class=\"note\">{note}</p></form>");
        return HtmlPage.Render(draft.Error is null ? 200 : 400, task.StepName, html.ToString());
    }

    /// <summary>When the opinion is required, as the decisions this task offers make it so.</summary>
    private static string OpinionLabel(TaskEntity task, IReadOnlyList<string> available)
    {
        if (task.OpinionLabel is { } label) return E(label);
        if (available.Contains(Decisions.Report)) return "办理结果（必填）";
        if (available.SequenceEqual([Decisions.Receive])) return "签收备注（可不填）";
        // The disclosure: withholding a matter needs its legal reason.
        if (task.Choices.Count > 0 && task.SelectedNeedsOpinion) return "不予公开的理由（勾选了不予公开的事项时必填）";
        if (available.All(Decisions.NeedsOpinion)) return "意见（必填）";
        var when = available.Where(Decisions.NeedsOpinion).Select(Decisions.Label).ToList();
        if (task.CanExtend) when.Add("延期");
        return when.Count == 0 ? "意见（可不填）" : $"意见（{string.Join("、", when)}时必填）";
    }

    /// <summary>What the person sees after acting.</summary>
    public static ContentResult Done(TaskDecision taken, TaskAccess access)
    {
        var task = access.Task!;
        var text = taken.Decision switch
        {
            Decisions.Receive => $"“{task.StepName}”已签收。请于 {BeijingTime.Format(task.DueAt)} 前通过同一链接报告办理结果。",
            Decisions.Report => $"“{task.StepName}”的办理结果已报告，感谢！",
            Decisions.Publish => "处理意见将向社会公布" + (taken.Selected is { Count: > 0 } s ? $"，{s.Count}项依法不予公开。" : "。"),
            _ => $"您的办理结果“{Decisions.Label(taken.Decision)}”已提交，感谢！",
        };
        var title = taken.Decision switch
        {
            Decisions.Receive => "已签收",
            Decisions.Report => "办理结果已报告",
            Decisions.Publish => "已确认公开",
            _ => "办理完成"
        };
        return Onward(title, text, access.Case!.PartitionKey);
    }

    /// <summary>The deadline was extended: the new one, and where to go next.</summary>
    public static ContentResult Extended(DeadlineMoved moved, TaskAccess access) =>
        Onward("已延期", $"办理期限已延长至 {BeijingTime.Format(moved.DueAt)}。原链接继续有效，请在新期限前办理。", access.Case!.PartitionKey);

    /// <summary>A result page that links onward: 我的待办 and the case's progress.</summary>
    private static ContentResult Onward(string title, string text, string caseId) =>
        HtmlPage.Render(200, title, $"<h1>{E(title)}</h1><p>{E(text)}</p><p><a href=\"{E(Routes.InboxPath)}\">返回我的待办</a> · " +
            $"<a href=\"{E(Routes.CaseProgressPath(caseId))}\">查看办件进度</a></p>");

    /// <summary>“我的待办”: the tasks the person holds, soonest first, with days left or overdue.</summary>
    public static ContentResult Inbox(Caller caller, string organisationName, IReadOnlyList<InboxEntity> items, DateTimeOffset now)
    {
        var html = new StringBuilder($"<h1>我的待办</h1><p class=\"sub\">{E(caller.Name)} · {E(organisationName)} · 共 {items.Count} 项</p>");
        if (items.Count == 0) html.Append("<p>暂无待办事项。</p>");
        else
        {
            html.Append("<table class=\"inbox\"><tr><th>事项</th><th>办件</th><th>办理期限</th><th>状态</th></tr>");
            foreach (var i in items)
            {
                var left = Display.DaysLeft(i.DueAt, now);
                var state = BeijingTime.DaysLeft(i.DueAt, now) > 0 ? left
                    : $"<span class=\"overdue\">{left}{(i.EscalatedAt is null ? "" : "，已督办")}</span>";
                if (i.ReceivedAt is not null) state += "（已签收）";
                html.Append($"<tr><td><a href=\"{E(Routes.InboxTaskPath(i.CaseId, i.TaskId))}\">{E(i.StepName)}</a></td>" +
                            $"<td>{E(i.CaseTitle)}</td>" +
                            $"<td>{E(BeijingTime.Format(i.DueAt))}{E(CalendarBasis.Parse(i.DueBasis).Note)}</td><td>{state}</td></tr>");
            }
            html.Append("</table>");
        }
        return HtmlPage.Render(200, "我的待办", html.ToString());
    }

    private static string SizeOf(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} 字节",
        < 1024 * 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes / 1024.0 / 1024.0:0.#} MB",
    };

    public static ContentResult ForState(AccessState state) => state switch
    {
        AccessState.Done => HtmlPage.Message(409, "该事项已办理", "此链接已使用过，办理结果已记录，不能重复提交。"),
        AccessState.Expired => HtmlPage.Message(410, "链接已过期", "该事项已超过办理期限，链接已失效。如需继续办理，请使用督办后收到的新链接。"),
        AccessState.Closed => HtmlPage.Message(410, "事项已关闭", "该事项已撤销或办件已办结，无需办理。"),
        AccessState.Suspended => HtmlPage.Message(409, "办件已暂停", "该办件已暂停办理，恢复后可继续办理，此链接仍然有效。"),
        _ => HtmlPage.Message(404, "链接无效", "链接不存在或已失效（事项可能已改由他人办理），请核对链接是否完整。"),
    };

    /// <summary>督办: the organisation's open tasks, who holds each, and a form to give one to someone else.</summary>
    public static ContentResult Supervision(Caller caller, string organisationName, IReadOnlyList<InboxEntity> items,
        IReadOnlyList<Person> members, string antiForgery, DateTimeOffset now)
    {
        var html = new StringBuilder("<h1>督办：本单位待办事项</h1>" +
                                     $"<p class=\"sub\">{E(caller.Name)} · {E(organisationName)} · 共 {items.Count} 项</p>");
        if (items.Count == 0) html.Append("<p>本单位暂无未办结的事项。</p>");
        var options = string.Concat(members.Select(m =>
            $"<option value=\"{E(m.Id)}\">{E(m.Name)}（{E(string.Join("、", m.Roles.Select(Roles.Label)))}）</option>"));
        foreach (var i in items)
        {
            var id = E($"{i.CaseId}-{i.TaskId}");
            html.Append($"<section class=\"task\"><h2>{E(i.StepName)}</h2>" +
                        $"<p>{E(i.CaseTitle)}；期限 {E(BeijingTime.Format(i.DueAt))}（{Display.DaysLeft(i.DueAt, now)}）；" +
                        $"承办人：{E(i.HolderNames.Length == 0 ? "无" : i.HolderNames)}</p>" +
                        $"<form method=\"post\" action=\"{E(Routes.SupervisionTaskPath(i.CaseId, i.TaskId))}\">" +
                        $"<input type=\"hidden\" name=\"af\" value=\"{E(antiForgery)}\">" +
                        $"<p><label for=\"p-{id}\">改由</label><br><select id=\"p-{id}\" name=\"personId\" required>{options}</select></p>" +
                        $"<p><label for=\"r-{id}\">改派理由（必填）</label><br>" +
                        $"<textarea id=\"r-{id}\" name=\"reason\" rows=\"2\" maxlength=\"200\" required></textarea></p>" +
                        "<button type=\"submit\">改派</button></form></section>");
        }
        return HtmlPage.Render(200, "督办", html.ToString());
    }
}

/// <summary>What was typed into a task's form that was refused, shown again with the reason so nothing has to be typed twice.</summary>
public sealed record TaskFormDraft(string? Error, IReadOnlyDictionary<string, string> Values, IReadOnlyCollection<string> Selected)
{
    public static readonly TaskFormDraft Empty = new(null, new Dictionary<string, string>(), []);

    public string Value(string name) => Values.GetValueOrDefault(name, "");
}
