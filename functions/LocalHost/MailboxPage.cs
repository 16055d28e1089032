using System.Net;
using System.Text;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Notifications;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.LocalHost;

/// <summary>
/// The local mailbox: every notification the local transport sent, newest first, with its link — so one person can play
/// every role of a case on one machine. Also the sample identities for trying the API by hand.
/// </summary>
public static class MailboxPage
{
    public const string Path = "/mailbox";

    /// <summary>People to play, with the principal header App Service would send for each.</summary>
    public static readonly IReadOnlyList<Caller> SampleCallers =
    [
        new("yjj-clerk", "市应急管理局经办人", Organisations.CityEmergencyBureau, new HashSet<string> { Roles.Applicant }),
        new("gov-office-supervisor", "市政府督查室", Organisations.CityGovernmentOffice, new HashSet<string> { Roles.Supervisor }),
        new("yaodu-clerk", "尧都区人社局经办人", Counties.Named("尧都区")!.HrBureau, new HashSet<string> { Roles.Applicant }),
        new("rsj-staff", "市人社局经办人", Organisations.CityHrBureau, new HashSet<string>()),
        new("czj-staff", "市财政局经办人", Organisations.CityFinanceBureau, new HashSet<string>()),
    ];

    public static void MapMailbox(this WebApplication app, LocalHostOptions options)
    {
        app.MapGet("/", () => Results.Redirect(Path));
        app.MapGet(Path + ".json", async (StorageAccount storage, CancellationToken ct) => Results.Json(await MailboxEntity.ListAsync(storage, 500, ct)));
        app.MapGet(Path, async (StorageAccount storage, CancellationToken ct) =>
        {
            var mails = await MailboxEntity.ListAsync(storage, 500, ct);
            string E(string? s) => WebUtility.HtmlEncode(s ?? "");
            var rows = new StringBuilder();
            foreach (var m in mails)
                rows.Append($"<tr><td>{E(BeijingTime.Format(m.CreatedAt))}</td><td>{E(m.RecipientName)}<br><small>{E(Organisations.NameOf(m.RecipientOrganisation))}</small></td>" +
                            $"<td><strong>{E(m.Subject)}</strong><br>{E(m.Body).Replace("\n", "<br>")}</td>" +
                            $"<td>{(m.Link is null ? "" : $"<a href=\"{E(m.Link)}\">打开链接</a>")}</td></tr>");
            var identities = options.DevelopmentIdentity
                ? "<h2>开发用身份</h2><p>调用 API 时在请求头 <code>X-MS-CLIENT-PRINCIPAL</code> 中放入：</p><ul>" +
                  string.Concat(SampleCallers.Select(c => $"<li>{E(c.Name)}（{E(Organisations.NameOf(c.Organisation))}）：<code style=\"word-break:break-all\">{E(c.ToPrincipalHeader())}</code></li>")) + "</ul>"
                : "";
            var html = $$"""
                <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>本地邮箱 - LinfenFlows</title>
                <style>body{font-family:"Noto Sans CJK SC",sans-serif;max-width:70em;margin:1em auto;padding:0 1em}table{border-collapse:collapse;width:100%}
                td,th{border:1px solid #ddd;padding:.4em;vertical-align:top;text-align:left}</style></head><body>
                <h1>本地邮箱</h1><p>本机运行时，所有通知（待办、提醒、督办、退回、批复）都在这里，共 {{mails.Count}} 条。</p>
                <table><tr><th>时间（北京）</th><th>收件人</th><th>内容</th><th>链接</th></tr>{{rows}}</table>{{identities}}</body></html>
                """;
            return Results.Content(html, "text/html; charset=utf-8");
        });
    }
}
