using System.Text;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Campaigns;
using Microsoft.AspNetCore.Mvc;

namespace LinfenFlows.Functions.Campaigns;

/// <summary>The office's page of a campaign: each collection with who reported, late or not at all, and what they sent.</summary>
public static class CampaignPage
{
    private static string E(string? s) => HtmlPage.E(s);

    public static ContentResult Render(CampaignView v)
    {
        var html = new StringBuilder($"<h1>{E(v.Title)}</h1>")
            .Append($"<p class=\"sub\">{E(v.DocumentNumber)} · {BeijingTime.FormatDate(v.From)}至{BeijingTime.FormatDate(v.To)}，")
            .Append($"每{E(v.Weekday)}报送 · {E(v.Status)}</p><p>{E(v.Rule)}</p>");
        if (v.Collections.Count == 0) html.Append("<p>尚未开始报送。</p>");
        foreach (var c in v.Collections.OrderByDescending(c => c.DueAt))
        {
            var reported = c.Reports.Count(r => r.State is CampaignDesk.ReportState or CampaignDesk.LateState);
            html.Append($"<section aria-labelledby=\"c-{E(c.CaseId)}\"><h2 id=\"c-{E(c.CaseId)}\">{E(c.Label)}</h2>")
                .Append($"<p>报送截止：{E(BeijingTime.Format(c.DueAt))}{(c.Moved ? "（逢休息日顺延）" : "")}；")
                .Append($"已报送{reported}家，共{c.Reports.Count}家{(c.Closed ? "；本期已截止" : "")}</p>")
                .Append($"<table><caption>{E(c.Label)}报送情况</caption><tr><th scope=\"col\">报送单位</th><th scope=\"col\">状态</th>")
                .Append("<th scope=\"col\">报送时间</th><th scope=\"col\">报送人</th><th scope=\"col\">进展摘要</th><th scope=\"col\">材料</th></tr>");
            foreach (var r in c.Reports)
            {
                var css = r.State is CampaignDesk.MissingState or TaskStates.Overdue ? " class=\"overdue\"" : "";
                html.Append($"<tr><th scope=\"row\">{E(r.OrganisationName)}</th><td{css}>{E(r.State)}</td>")
                    .Append($"<td>{(r.ReportedAt is { } at ? E(BeijingTime.Format(at)) : "—")}</td><td>{E(r.ReportedBy ?? "—")}</td>")
                    .Append($"<td>{E(r.Text ?? "—")}</td><td>")
                    .Append(r.FileUrl is null ? "—" : $"<a href=\"{E(r.FileUrl)}\">{E(r.FileName ?? "材料")}</a>").Append("</td></tr>");
            }
            html.Append("</table></section>");
        }
        if (v.Participants.Count > 1) AppendHistory(html, v);
        return HtmlPage.Render(200, v.Title, html.ToString());
    }

    /// <summary>Per participant, how each collection went: the history the office looks at before a 约谈.</summary>
    private static void AppendHistory(StringBuilder html, CampaignView v)
    {
        var ordered = v.Collections.OrderBy(c => c.DueAt).ToList();
        html.Append("<section aria-labelledby=\"history\"><h2 id=\"history\">各单位报送记录</h2><table><caption>各单位各期报送状态</caption>")
            .Append("<tr><th scope=\"col\">报送单位</th>");
        foreach (var c in ordered) html.Append($"<th scope=\"col\">{E(c.Label)}</th>");
        html.Append("<th scope=\"col\">未报送期数</th></tr>");
        foreach (var (name, i) in ordered.FirstOrDefault()?.Reports.Select((r, i) => (r.OrganisationName, i)) ?? [])
        {
            html.Append($"<tr><th scope=\"row\">{E(name)}</th>");
            foreach (var c in ordered) html.Append($"<td>{E(c.Reports[i].State)}</td>");
            html.Append($"<td>{ordered.Count(c => c.Reports[i].State == CampaignDesk.MissingState)}</td></tr>");
        }
        html.Append("</table></section>");
    }
}
