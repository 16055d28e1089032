using System.Net;
using System.Text;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Notifications;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.LocalHost;

/// <summary>
/// The local mailbox: every notification that left LinfenFlows, newest first, with its link, and the SMS the stand-in
/// gateway took — so one person can play every role of a case on one machine; the mail itself is in the development
/// mail server's inbox. With the development identity on, a principal for each person of the directory, by organisation.
/// </summary>
public static class MailboxPage
{
    public const string Path = "/mailbox";
    public const string PrincipalsPath = "/localhost/principals";

    public static void MapMailbox(this WebApplication app, LocalHostOptions options)
    {
        app.MapGet("/", () => Results.Redirect(Path));
        app.MapGet(Path + ".json", async (StorageAccount storage, CancellationToken ct) =>
            Results.Json(await MailboxEntity.ListAsync(storage, 500, ct)));
        // The principal header of one person of the directory, as text, for scripts and the README's examples:
        // P=$(curl -s http://127.0.0.1:{port}/localhost/principals/yjj-clerk). Only with the development identity on.
        if (options.DevelopmentIdentity)
            app.MapGet(PrincipalsPath + "/{personId}", async (string personId, StaffDirectory directory, CancellationToken ct) =>
                await directory.FindAsync(personId, ct) is { Active: true } p
                    ? Results.Text(Principal.HeaderFor(p.Id, p.Name, []))
                    : Results.NotFound($"{personId} is not an active person of the directory."));
        app.MapGet(Path, async (StorageAccount storage, StaffDirectory directory, LocalSms sms, CancellationToken ct) =>
        {
            var mails = await MailboxEntity.ListAsync(storage, 500, ct);
            string E(string? s) => WebUtility.HtmlEncode(s ?? "");
            var rows = new StringBuilder();
            foreach (var m in mails)
                rows.Append($"<tr><td>{E(BeijingTime.Format(m.CreatedAt))}</td><td>{E(m.RecipientName)}</td>" +
                            $"<td><strong>{E(m.Subject)}</strong><br>{E(m.Body).Replace("\n", "<br>")}</td>" +
                            $"<td>{(m.Link is null
                                ? "—"
                                : $"<a href=\"{E(m.Link)}\">打开链接<span class=\"sr\">：{E(m.Subject)}</span></a>")}</td></tr>");
            var texts = new StringBuilder();
            foreach (var s in sms.Received)
                texts.Append($"<tr><td>{E(BeijingTime.Format(s.At))}</td><td>{E(PersonalData.Mask(s.Mobile))}</td>" +
                             $"<td>{E(s.Content)}</td></tr>");
            var identities = new StringBuilder();
            if (options.DevelopmentIdentity)
            {
                identities.Append("<section aria-labelledby=\"ids\"><h2 id=\"ids\">开发用身份</h2>" +
                                  "<p>调用 API 时在请求头 <code>X-MS-CLIENT-PRINCIPAL</code> 中放入对应人员的值" +
                                  "（在 Azure 中由 App Service 身份验证填写）：</p>");
                foreach (var org in (await directory.PeopleAsync(ct)).Where(p => p.Active).GroupBy(p => p.Organisation)
                    .OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    identities.Append($"<h3>{E(await directory.NameOfAsync(org.Key, ct))}</h3><ul>");
                    foreach (var p in org.OrderBy(p => p.Name, StringComparer.Ordinal))
                        identities.Append($"<li>{E(p.Name)}（{E(string.Join("、", p.Roles.Select(Roles.Label)))}）：" +
                                          $"<code style=\"word-break:break-all\">{E(Principal.HeaderFor(p.Id, p.Name, []))}</code></li>");
                    identities.Append("</ul>");
                }
                identities.Append("</section>");
            }
            var html = $$"""
                <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>本地邮箱 - 临汾市政务流程平台</title>
                <style>body{font-family:"Noto Sans CJK SC",sans-serif;max-width:70em;margin:1em auto;padding:0 1em}
                table{border-collapse:collapse;width:100%}
                td,th{border:1px solid #ddd;padding:.4em;vertical-align:top;text-align:left}
                .sr{position:absolute;left:-9999px}</style></head><body>
                <header><p>临汾市政务流程平台 · 本机运行</p></header><main>
                <h1>本地邮箱</h1><p>本机运行时，所有通知（待办、提醒、督办、退回、批复）都在这里，共 {{mails.Count}} 条；邮件同时送到开发用邮件服务器的收件箱。</p>
                <table><caption>通知</caption>
                <tr><th scope="col">时间（北京）</th><th scope="col">收件人</th><th scope="col">内容</th><th scope="col">链接</th></tr>{{rows}}</table>
                <h2>短信（本机短信网关）</h2>
                <table><caption>短信</caption>
                <tr><th scope="col">时间</th><th scope="col">手机</th><th scope="col">内容</th></tr>{{texts}}</table>
                {{identities}}</main></body></html>
                """;
            return Results.Content(html, "text/html; charset=utf-8");
        });
    }
}
