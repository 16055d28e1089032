using System.Text;
using System.Text.Json;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Accidents;
using Microsoft.AspNetCore.Mvc;
using Json = LinfenFlows.Shared.Json;

namespace LinfenFlows.Functions.Accidents;

/// <summary>
/// The public notice of an accident's handling (向社会公布): the reply, the accident, the handling opinions and the measures as
/// published — never the submitter, reviewers' opinions, ID or phone numbers; withheld matters only as a count.
/// </summary>
public static class DisclosurePage
{
    private static string E(string? s) => HtmlPage.E(s);

    public static ContentResult Render(CaseEntity c, DisclosureEntity d)
    {
        var r = AccidentCaseDetails.Of(c).Request;
        var items = JsonSerializer.Deserialize<List<DisclosedItem>>(d.ItemsJson, Json.Options)!;
        var html = new StringBuilder();
        html.Append($"<h1>{E(r.Enterprise)}{E(r.AccidentType)}处理情况公告</h1>");
        html.Append($"<p class=\"sub\">临汾市人民政府批复 {E(c.DocumentNumber)} · 公布时间 {E(BeijingTime.Format(d.PublishedAt))}</p>");
        html.Append("<table>");
        html.Append($"<tr><th>事故单位</th><td>{E(r.Enterprise)}</td></tr><tr><th>发生地</th><td>{E(r.County)}</td></tr>");
        html.Append($"<tr><th>发生日期</th><td>{(r.OccurredOn is { } on ? E(BeijingTime.FormatDate(on)) : "")}</td></tr>");
        html.Append($"<tr><th>事故等级</th><td>{E(r.Level)}</td></tr><tr><th>事故概况</th><td>{E(PersonalData.Mask(r.Summary))}</td></tr></table>");
        html.Append("<h2>处理意见</h2><ul class=\"items\">");
        foreach (var i in items) html.Append($"<li><strong>{E(i.Label)}</strong>：{E(i.Text)}</li>");
        html.Append("</ul>");
        if (d.WithheldCount > 0) html.Append($"<p class=\"note\">另有{d.WithheldCount}项处理意见依法应当保密，不予公开。</p>");
        return HtmlPage.Render(200, "事故处理情况公告", html.ToString(), indexable: true);
    }
}
