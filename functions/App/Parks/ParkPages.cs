using System.Text;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Parks;
using Microsoft.AspNetCore.Mvc;

namespace LinfenFlows.Functions.Parks;

/// <summary>The park pages: the public publicity notice with its objection form, and a recognised park's record.</summary>
public static class ParkPages
{
    private static string E(string? s) => HtmlPage.E(s);

    /// <summary>公示: what is proposed and until when; while the window is open, the objection form (no sign-in).</summary>
    public static ContentResult Publicity(PublicityNotice n, ObjectionDraft? draft = null)
    {
        var a = n.Details.Application;
        var p = n.Publicity;
        var html = new StringBuilder();
        html.Append("<h1>市级人力资源服务产业园拟确定名单公示</h1>");
        html.Append($"<p>根据《临汾市市级人力资源服务产业园管理办法（试行）》（临人社发〔2022〕25号），经县级人社部门推荐、专家书面评估和实地考察，" +
                    $"现将拟认定的市级人力资源服务产业园予以公示。</p><table>");
        html.Append($"<tr><th>产业园名称</th><td class=\"park\">{E(a.ParkName)}</td></tr><tr><th>所在县（市、区）</th><td>{E(a.County)}</td></tr>");
        html.Append($"<tr><th>园区布局</th><td>{E(a.Layout == ParkRules.MultiSite
            ? $"一园多区，核心园区{a.CoreArea:0.##}平方米，总面积{a.TotalArea:0.##}平方米"
            : $"集中单一园区，建筑面积{a.BuildingArea:0.##}平方米")}</td></tr>");
        html.Append($"<tr><th>入驻机构</th><td>{a.Institutions?.Count}家人力资源服务机构</td></tr>");
        html.Append($"<tr><th>公示期</th><td class=\"window\">{E(BeijingTime.Format(p.StartsAt))} 至 {E(BeijingTime.Format(p.EndsAt))}" +
                    $"（不少于{p.WorkingDays}个工作日，节假日不计）</td></tr></table>");
        if (n.Open)
        {
            html.Append("<h2>提出异议</h2><p class=\"note\">对公示对象有异议的，请在公示期内如实填写；异议须署真实姓名（或单位名称）并留联系电话，以便核实。匿名或超过公示期的异议不予受理。</p>");
            if (draft is not null) html.Append($"<p class=\"overdue\" role=\"alert\">未能受理：{E(draft.Error)}请修改后重新提交。</p>");
            html.Append($"<form method=\"post\" action=\"{E(Routes.ParkObjectionsPath(n.Case.PartitionKey))}\">");
            html.Append("<label for=\"name\">姓名或单位名称</label>" +
                        $"<input type=\"text\" id=\"name\" name=\"name\" maxlength=\"100\" value=\"{E(draft?.Name)}\" required>");
            html.Append("<label for=\"phone\">联系电话（11位手机号码）</label>" +
                        $"<input type=\"tel\" id=\"phone\" name=\"phone\" maxlength=\"20\" value=\"{E(draft?.Phone)}\" required>");
            html.Append("<label for=\"content\">异议内容（事实和理由）</label>" +
                        $"<textarea id=\"content\" name=\"content\" rows=\"6\" maxlength=\"2000\" required>{E(draft?.Content)}</textarea>");
            html.Append("<button type=\"submit\">提交异议</button></form>");
        }
        else html.Append("<p class=\"closed\">公示期已结束，不再受理异议。</p>");
        html.Append("<p class=\"note\">联系单位：临汾市人力资源和社会保障局</p>");
        return HtmlPage.Render(draft is null ? 200 : 400, "市级人力资源服务产业园拟确定名单公示", html.ToString(), indexable: draft is null);
    }

    /// <summary>产业园档案: the park's status, reply, reward, branch sites, each year's filing and subsidy, and its history.</summary>
    public static ContentResult Record(ParkView v)
    {
        var html = new StringBuilder();
        html.Append($"<h1>{E(v.ParkName)}</h1><p class=\"sub\">市级人力资源服务产业园档案 · {E(v.County)}</p><table>");
        html.Append($"<tr><th>状态</th><td class=\"status\">{E(v.Status)}</td></tr>" +
                    $"<tr><th>认定批复</th><td><a href=\"{E(v.ReplyUrl)}\">{E(v.ReplyNumber)}</a>（{E(v.RecognisedOn)}）</td></tr>");
        html.Append($"<tr><th>一次性奖励</th><td>{E(ParkRules.Yuan(v.Reward))}{(v.SmallCounty ? "（人口少于20万的县标准）" : "")}</td></tr>");
        if (v.LastAssessment is not null) html.Append($"<tr><th>最近综合考核评估</th><td>{E(v.LastAssessment)}</td></tr>");
        if (v.SubsidyCancelled is not null) html.Append($"<tr><th>补助资金</th><td class=\"overdue\">{E(v.SubsidyCancelled)}</td></tr>");
        html.Append("</table><h2>分园区</h2>");
        if (v.Branches.Count == 0) html.Append("<p>集中单一园区，无分园区。</p>");
        else
        {
            html.Append("<table><tr><th>名称</th><th>地址</th><th>面积</th></tr>");
            foreach (var b in v.Branches)
                html.Append($"<tr><td>{E(b.Name)}</td><td>{E(b.Address)}</td><td>{(b.Area is { } area ? $"{area:0.##}㎡" : "—")}</td></tr>");
            html.Append("</table>");
        }
        html.Append("<h2>年度评估和运营经费补助</h2>");
        if (v.Years.Count == 0) html.Append("<p>尚无年度评估备案。</p>");
        else
        {
            html.Append("<table><tr><th>年度</th><th>促进就业</th><th>年度任务</th><th>补助</th><th>计算过程</th></tr>");
            foreach (var y in v.Years)
                html.Append($"<tr><td>{y.Year}{(y.Late ? "（逾期报送）" : "")}</td><td>{y.EmploymentPromoted:N0}人</td><td>{y.Target:N0}人</td>" +
                            $"<td>{E(ParkRules.Yuan(y.Subsidy))}</td><td>{E(y.Working)}</td></tr>");
            html.Append("</table>");
        }
        html.Append("<h2>档案记录</h2><ol class=\"timeline\">");
        foreach (var e in v.History)
            html.Append($"<li><time>{E(e.AtBeijing)}</time> {E(e.Label)}{(e.Opinion is null ? "" : $"（{E(e.Opinion)}）")}</li>");
        html.Append("</ol>");
        return HtmlPage.Render(200, v.ParkName, html.ToString());
    }
}

/// <summary>An objection the form sent that was refused: the reason, and what was typed, to be shown again.</summary>
public sealed record ObjectionDraft(string Error, string? Name, string? Phone, string? Content);

public sealed record ParkYearView(int Year, int EmploymentPromoted, int Target, decimal Subsidy, string Working, bool Late,
    string CycleCaseId);

public sealed record ParkHistoryView(string Action, string Label, string? Opinion, DateTimeOffset At, string AtBeijing);

/// <summary>A recognised park as the people who may read it see it.</summary>
public sealed record ParkView(string ParkId, string ParkName, string County, bool SmallCounty, string Status, string ReplyNumber,
    string ReplyUrl, string RecognisedOn, decimal Reward, string? LastAssessment, string? SubsidyCancelled,
    IReadOnlyList<BranchSite> Branches, IReadOnlyList<ParkYearView> Years, IReadOnlyList<ParkHistoryView> History)
{
    /// <summary>The history is the timeline of the recognition case from the reply on.</summary>
    public static ParkView Of(string parkId, ParkEntity p, IReadOnlyList<ParkYearEntity> years,
        IReadOnlyList<CaseEventEntity> timeline) => new(
        parkId, p.ParkName, p.County, p.SmallCounty, p.Status, p.ReplyNumber, Routes.CaseAttachmentPath(parkId, p.ReplyAttachmentId),
        BeijingTime.FormatDate(BeijingTime.DateOf(p.RecognisedOn)), (decimal)p.RewardAmount,
        p.LastAssessmentGrade is null ? null : $"{p.LastAssessmentYear}年：{p.LastAssessmentGrade}",
        p.SubsidyCancelledFrom is null ? null : $"{p.SubsidyCancelledFrom}—{p.SubsidyCancelledTo}年备案的运营经费补助已取消（整改后仍不合格）",
        p.Branches, years.Select(y => new ParkYearView(y.Year, y.EmploymentPromoted, y.Target, (decimal)y.Subsidy, y.Working, y.Late,
            y.CycleCaseId)).ToList(),
        timeline.SkipWhile(e => e.Action != "park.recognised")
            .Select(e => new ParkHistoryView(e.Action, e.Label, e.Opinion, e.At, BeijingTime.Format(e.At))).ToList());
}
