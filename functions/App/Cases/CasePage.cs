using System.Text;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Platform;
using Microsoft.AspNetCore.Mvc;

namespace LinfenFlows.Functions.Cases;

/// <summary>办件进度: the case as a person following it reads it — stages done and to come, who holds it, deadlines, documents.</summary>
public static class CasePage
{
    private static string E(string? s) => HtmlPage.E(s);

    public static ContentResult Render(CaseView c, DateTimeOffset now)
    {
        var html = new StringBuilder();
        html.Append($"<h1>办件进度</h1><p class=\"sub\">{E(c.Title)}</p>");
        if (c.Suspension is not null)
            html.Append($"<p class=\"overdue\" role=\"status\"><strong>已暂停办理</strong>：{E(c.Suspension)}。暂停期间待办事项不能办理，恢复后原链接继续有效。</p>");
        if (c.Fault is not null)
            html.Append($"<p class=\"overdue\" role=\"alert\"><strong>异常</strong>：{E(c.Fault)}，流程已暂停，已通知运维人员处理。</p>");
        html.Append("<table class=\"summary\">");
        html.Append($"<tr><th>状态</th><td class=\"status\">{E(c.Status)}</td></tr><tr><th>当前环节</th><td>{E(c.Step)}</td></tr>");
        html.Append($"<tr><th>当前办理单位</th><td>{E(string.IsNullOrEmpty(c.Holder) ? "—" : c.Holder)}</td></tr>");
        if (c.DueAt is { } due) html.Append($"<tr><th>办理期限</th><td>{E(c.DueAtBeijing)}（{Display.DaysLeft(due, now)}）</td></tr>");
        if (c.DocumentNumber is not null)
            html.Append($"<tr><th>批复文号</th><td><a href=\"{E(c.DocumentUrl)}\">{E(c.DocumentNumber)}</a></td></tr>");
        html.Append("</table>");

        var recorded = c.Timeline.Select(t => t.Action).ToHashSet();
        bool Done(CaseStage s) => recorded.Contains(s.DoneWhen) &&
                                  c.Tasks.Where(t => s.HoldsTask(t.TaskId)).All(t => t.State is TaskStates.Done or TaskStates.Cancelled);
        var stages = CaseSummaries.StagesOf(c.Kind);
        if (stages.Count > 0)
        {
            var firstOpen = stages.ToList().FindIndex(s => !Done(s));
            var current = c.Status is CaseStatus.Withdrawn ? -1 : firstOpen;
            html.Append("<h2>办理环节</h2><ol class=\"stages\">");
            for (var i = 0; i < stages.Count; i++)
            {
                var (cls, mark) = Done(stages[i]) ? ("done", "✓ 已完成")
                    : i == current ? ("current", "● 办理中") : ("todo", "○ 待办");
                html.Append($"<li class=\"{cls}\">{E(stages[i].Name)} <span>{mark}</span></li>");
            }
            html.Append("</ol>");
        }

        if (c.Tasks.Count > 0)
        {
            html.Append("<h2>各项事项</h2><table class=\"tasks\">" +
                        "<tr><th>事项</th><th>承办单位</th><th>办理期限</th><th>状态</th><th>签收</th><th>办结</th></tr>");
            foreach (var t in c.Tasks)
            {
                var state = t.State == TaskStates.Pending
                    ? t.Overdue
                        ? $"<span class=\"overdue\">{Display.DaysLeft(t.DueAt, now)}</span>"
                        : $"{E(t.State)}（{Display.DaysLeft(t.DueAt, now)}）"
                    : t.Overdue ? $"{E(t.State)}<span class=\"overdue\">（逾期）</span>" : E(t.State);
                var result = t.ResultAttachmentUrl is null ? "" : $" <a href=\"{E(t.ResultAttachmentUrl)}\">结果文件</a>";
                html.Append($"<tr><td>{E(t.StepName)}</td><td>{E(t.Organisation)}<br><small>{E(t.Holder)}</small></td>" +
                            $"<td>{E(t.DueAtBeijing)}{(t.DueProvisional ? E(CalendarBasis.ProvisionalNote) : "")}</td><td>{state}</td>" +
                            $"<td>{E(Display.Beijing(t.ReceivedAt) ?? "—")}</td>" +
                            $"<td>{E(Display.Beijing(t.DoneAt) ?? "—")}{result}</td></tr>");
            }
            html.Append("</table>");
        }

        html.Append("<h2>材料和文书</h2><ul>");
        foreach (var a in c.Attachments)
            html.Append($"<li>{(a.Kind is null ? "" : E(a.Kind) + "：")}<a href=\"{E(a.Url)}\">{E(a.FileName)}</a>")
                .Append(a.UploadedBy is null ? "" : $"（{E(a.UploadedBy)}，{E(a.UploadedAtBeijing)}上传）").Append("</li>");
        html.Append("</ul><h2>办理过程</h2><ol class=\"timeline\">");
        foreach (var e in c.Timeline)
            html.Append($"<li><time>{E(e.AtBeijing)}</time>" +
                        $" {E(e.Organisation)} {E(e.Actor)}：{E(e.Label)}{(e.Opinion is null ? "" : $"（{E(e.Opinion)}）")}</li>");
        html.Append("</ol>");
        if (!c.TimelineIntact) html.Append("<p class=\"overdue\">办理记录校验未通过，请联系管理员。</p>");
        return HtmlPage.Render(200, "办件进度", html.ToString());
    }
}
