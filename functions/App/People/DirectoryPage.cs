using System.Text;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Time;
using Microsoft.AspNetCore.Mvc;

namespace LinfenFlows.Functions.People;

/// <summary>The directory's pages: the operators' page (imports, outside units, the record of changes) and 我的委托.</summary>
public static class DirectoryPage
{
    private static string E(string? s) => HtmlPage.E(s);

    public static ContentResult Render(IReadOnlyList<DirectoryChangeEntity> recent, IReadOnlyList<Organisation> units,
        DirectoryImportResult? imported)
    {
        var html = new StringBuilder("<h1>单位和人员目录</h1>");
        if (imported is not null)
            html.Append($"<p class=\"done\" role=\"status\">导入完成：新增{imported.Added}条，修改{imported.Changed}条，未变{imported.Unchanged}条。</p>");
        html.Append("<h2>导入人员名单</h2><p class=\"note\">CSV（UTF-8），第一行为列名：").Append(E(string.Join(",", DirectoryImport.PeopleColumns)))
            .Append("。personId 填登录账号的 Entra 对象 ID；organisation 填单位标识（如 linfen-yjj、fushan-nyj）；roles 用 | 分隔；任何一行有误则整份不导入。</p>")
            .Append(Form(Routes.DirectoryPeople, "people", "人员名单文件"))
            .Append("<h2>导入单位名单</h2><p class=\"note\">列：").Append(E(string.Join(",", DirectoryImport.UnitColumns)))
            .Append("。企业等外部单位在办件首次提到时也会自动建立；登记其人员后即由其本单位人员办理。</p>")
            .Append(Form(Routes.DirectoryUnits, "units", "单位名单文件"));
        html.Append($"<h2>外部单位（{units.Count}）</h2>");
        if (units.Count == 0) html.Append("<p>暂无。</p>");
        else
        {
            html.Append("<table><caption>外部单位</caption>" +
                        "<tr><th scope=\"col\">单位</th><th scope=\"col\">所在县（市、区）</th><th scope=\"col\">统一社会信用代码</th></tr>");
            foreach (var u in units)
                html.Append($"<tr><td>{E(u.Name)}</td><td>{E(u.County ?? "—")}</td><td>{E(u.CreditCode ?? "—")}</td></tr>");
            html.Append("</table>");
        }
        html.Append("<h2>最近的变更</h2>");
        if (recent.Count == 0) html.Append("<p>暂无变更记录。</p>");
        else
        {
            html.Append("<table><caption>变更记录</caption>" +
                        "<tr><th scope=\"col\">时间</th><th scope=\"col\">操作人</th><th scope=\"col\">内容</th></tr>");
            foreach (var c in recent)
                html.Append($"<tr><td>{E(BeijingTime.Format(c.At))}</td><td>{E(c.ActorName)}</td><td>{E(c.Summary)}</td></tr>");
            html.Append("</table>");
        }
        return HtmlPage.Render(200, "单位和人员目录", html.ToString());
    }

    public static ContentResult Delegations(Caller caller, IReadOnlyList<DelegationEntity> current, IReadOnlyList<Person> colleagues)
    {
        var html = new StringBuilder($"<h1>我的委托</h1><p class=\"sub\">{E(caller.Name)}</p>");
        if (current.Count == 0) html.Append("<p>目前没有委托。</p>");
        else
        {
            html.Append("<table><caption>委托</caption><tr><th scope=\"col\">委托人</th><th scope=\"col\">受托人</th><th scope=\"col\">角色</th>" +
                        "<th scope=\"col\">期限</th><th scope=\"col\">事由</th></tr>");
            foreach (var d in current)
                html.Append($"<tr><td>{E(d.PersonName)}</td><td>{E(d.DelegateName)}</td><td>{E(Roles.Label(d.Role))}</td>" +
                            $"<td>{E(BeijingTime.FormatDate(BeijingTime.DateOf(d.From)))}至" +
                            $"{E(BeijingTime.FormatDate(BeijingTime.DateOf(d.To)))}</td><td>{E(d.Reason)}</td></tr>");
            html.Append("</table>");
        }
        if (colleagues.Count > 0 && caller.Roles.Count > 0)
        {
            var roles = string.Concat(caller.Roles.Where(Roles.All.Contains)
                .Select(r => $"<option value=\"{E(r)}\">{E(Roles.Label(r))}</option>"));
            var people = string.Concat(colleagues.Select(p => $"<option value=\"{E(p.Id)}\">{E(p.Name)}</option>"));
            html.Append("<h2>新建委托</h2><p class=\"note\">委托期间新送达的待办由受托人办理（记为“代您办理”）；已送达的待办不变。</p>" +
                        $"<form method=\"post\" action=\"/{Routes.Prefix}/{Routes.Delegations}\">" +
                        $"<p><label for=\"role\">委托的角色</label><br><select id=\"role\" name=\"role\" required>{roles}</select></p>" +
                        "<p><label for=\"delegateId\">受托人</label><br>" +
                        $"<select id=\"delegateId\" name=\"delegateId\" required>{people}</select></p>" +
                        "<p><label for=\"from\">起始日期</label><br><input type=\"date\" id=\"from\" name=\"from\" required></p>" +
                        "<p><label for=\"to\">截止日期</label><br><input type=\"date\" id=\"to\" name=\"to\" required></p>" +
                        "<p><label for=\"reason\">委托事由（如休假、出差）</label><br>" +
                        "<input type=\"text\" id=\"reason\" name=\"reason\" maxlength=\"200\" required></p>" +
                        "<button type=\"submit\">委托</button></form>");
        }
        return HtmlPage.Render(200, "我的委托", html.ToString());
    }

    private static string Form(string route, string field, string label) =>
        $"<form method=\"post\" action=\"/{Routes.Prefix}/{route}\" enctype=\"multipart/form-data\">" +
        $"<label for=\"{field}\">{E(label)}</label>" +
        $"<input type=\"file\" id=\"{field}\" name=\"{field}\" accept=\".csv,text/csv\" required>" +
        "<button type=\"submit\">导入</button></form>";
}
