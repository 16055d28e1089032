using System.Globalization;
using System.Text;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Platform;
using Microsoft.AspNetCore.Mvc;

namespace LinfenFlows.Functions.Platform;

/// <summary>The pages of 好差评: the form of a finished case, the answer once rated, and the statistics.</summary>
public static class RatingPage
{
    private static string E(string? s) => HtmlPage.E(s);

    public static ContentResult Form(CaseEntity c, RatingEntity? rated, RatingDraft? draft = null)
    {
        var html = new StringBuilder($"<h1>办件评价</h1><p class=\"sub\">{E(c.Title)}</p>");
        if (rated is not null)
            return HtmlPage.Render(200, "办件评价", html.Append(Given(rated)).Append(Onward(c.PartitionKey)).ToString());
        if (c.Status != CaseStatus.Completed)
            return HtmlPage.Render(200, "办件评价",
                html.Append("<p>办件办结后方可评价。</p>").Append(Onward(c.PartitionKey)).ToString());
        if (draft is not null) html.Append($"<p class=\"overdue\" role=\"alert\">未能提交：{E(draft.Error)}请修改后重新提交。</p>");
        html.Append($"<form method=\"post\" action=\"{E(Routes.CaseRatingPath(c.PartitionKey))}\"><fieldset><legend>评价等次</legend>");
        foreach (var (level, i) in RatingLevels.All.Select((l, i) => (l, i)))
            html.Append($"<p><input type=\"radio\" id=\"level-{i}\" name=\"level\" value=\"{E(level)}\"" +
                        $"{(draft?.Level == level ? " checked" : "")} required>")
                .Append($"<label for=\"level-{i}\">{E(level)}</label></p>");
        html.Append("</fieldset><p><label for=\"comment\">评价意见（评价为不满意、非常不满意的必填）</label><br>")
            .Append("<textarea id=\"comment\" name=\"comment\" rows=\"4\" cols=\"60\" maxlength=\"1000\">")
            .Append($"{E(draft?.Comment)}</textarea></p>")
            .Append("<p><button type=\"submit\">提交评价</button></p></form>");
        return HtmlPage.Render(draft is null ? 200 : 400, "办件评价", html.ToString());
    }

    public static ContentResult Rated(RatingEntity rating, string caseId) =>
        HtmlPage.Render(201, "评价已提交", $"<h1>评价已提交</h1>{Given(rating)}{Onward(caseId)}");

    public static ContentResult Statistics(IReadOnlyList<RatingFigures> figures)
    {
        var html = new StringBuilder("<h1>好差评统计</h1><p class=\"sub\">各办理单位的评价情况；差评由办理单位在15个工作日内整改并反馈。</p>");
        if (figures.Count == 0) return HtmlPage.Render(200, "好差评统计", html.Append("<p>尚无评价。</p>").ToString());
        html.Append("<table><caption>各办理单位评价情况</caption><tr><th scope=\"col\">办理单位</th><th scope=\"col\">评价件数</th>");
        foreach (var level in RatingLevels.All) html.Append($"<th scope=\"col\">{E(level)}</th>");
        html.Append("<th scope=\"col\">好评率</th><th scope=\"col\">差评件数</th><th scope=\"col\">已整改</th><th scope=\"col\">整改率</th></tr>");
        foreach (var f in figures)
        {
            html.Append($"<tr><th scope=\"row\">{E(f.OrganisationName)}</th><td>{f.Rated}</td>");
            foreach (var level in RatingLevels.All) html.Append($"<td>{f.Levels[level]}</td>");
            html.Append($"<td>{Rate(f.GoodRate, f.Rated)}</td><td>{f.Poor}</td><td>{f.Rectified}</td>")
                .Append($"<td>{Rate(f.RectificationRate, f.Poor)}</td></tr>");
        }
        html.Append($"</table><p><a href=\"/{Routes.Prefix}/{Routes.RatingStatisticsCsv}\">导出CSV</a></p>");
        return HtmlPage.Render(200, "好差评统计", html.ToString());
    }

    public static string Csv(IReadOnlyList<RatingFigures> figures)
    {
        var csv = new StringBuilder("办理单位,评价件数," + string.Join(",", RatingLevels.All) + ",好评率,差评件数,已整改,整改率\n");
        foreach (var f in figures)
        {
            var levels = string.Join(",", RatingLevels.All.Select(l => f.Levels[l]));
            csv.Append(CultureInfo.InvariantCulture, $"{f.OrganisationName},{f.Rated},{levels},")
                .Append(CultureInfo.InvariantCulture, $"{Rate(f.GoodRate, f.Rated)},{f.Poor},{f.Rectified},")
                .Append(CultureInfo.InvariantCulture, $"{Rate(f.RectificationRate, f.Poor)}\n");
        }
        return csv.ToString();
    }

    private static string Rate(decimal rate, int of) => of == 0 ? "—" : $"{rate:0.0}%";

    private static string Given(RatingEntity r) =>
        $"<p>{E(r.RatedByName)}于{E(BeijingTime.Format(r.RatedAt))}评价：<strong>{E(r.Level)}</strong>" +
        $"{(r.Comment is null ? "" : "（" + E(r.Comment) + "）")}。</p>" +
        (r.RectificationCaseId is null ? "" : "<p>办理单位将在15个工作日内整改，整改情况将反馈您单位。</p>");

    private static string Onward(string caseId) =>
        $"<p><a href=\"{E(Routes.CaseProgressPath(caseId))}\">查看办件进度</a> · <a href=\"{E(Routes.InboxPath)}\">返回我的待办</a></p>";
}

/// <summary>A rating the form sent that was refused: the reason, and what was chosen and typed, to be shown again.</summary>
public sealed record RatingDraft(string Error, string? Level, string? Comment);
