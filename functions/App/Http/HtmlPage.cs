using System.Net;
using LinfenFlows.Shared.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LinfenFlows.Functions.Http;

/// <summary>The pages people read (links, inbox, progress, public notices): one Chinese page shell and its messages.</summary>
public static class HtmlPage
{
    public static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    public static ContentResult Message(int status, string title, string text) =>
        Render(status, title, $"<h1>{E(title)}</h1><p>{E(text)}</p>");

    /// <summary>
    /// A refusal as a page: its title, and what to fix (every broken rule) or why; a missing sign-in offers the sign-in; a
    /// refused form leads back to the page it came from.
    /// </summary>
    public static ContentResult For(HttpRequest req, ProblemException p) =>
        p.Status == 401
            ? SignInRequired(req)
            : Render(p.Status, p.Title, $"<h1>{E(p.Title)}</h1><p role=\"alert\">{E(Reason(p))}</p>" +
                (HttpMethods.IsPost(req.Method) ? $"<p><a href=\"{E(FormPath(req))}\">返回修改</a></p>" : ""));

    /// <summary>What a refusal says on a page: every broken rule, or the reason.</summary>
    public static string Reason(ProblemException p) =>
        p.Errors.Count > 0 ? string.Join(" ", p.Errors.Select(e => e.Message)) : p.Detail;

    /// <summary>The page a form was posted from: the referring page of this site, else the posted path (its page answers GET).</summary>
    private static string FormPath(HttpRequest req) =>
        Uri.TryCreate(req.Headers.Referer.ToString(), UriKind.Absolute, out var from) && from.Authority == req.Host.Value
            ? from.PathAndQuery
            : req.Path.ToString();

    /// <summary>Runs a page: a refusal is a page that says why; an unexpected fault is logged and a page with its correlation id.</summary>
    public static async Task<IActionResult> Handle(HttpRequest req, Func<Task<IActionResult>> body)
    {
        try
        {
            return await body();
        }
        catch (ProblemException p)
        {
            return For(req, p);
        }
        catch (Exception e) when (!req.HttpContext.RequestAborted.IsCancellationRequested)
        {
            return For(req, Api.Unexpected(req, e));
        }
    }

    /// <summary>The path App Service authentication signs a person in at, coming back to <paramref name="returnTo"/>.</summary>
    public static string SignInPath(string returnTo) => "/.auth/login/aad?post_login_redirect_uri=" + Uri.EscapeDataString(returnTo);

    /// <summary>A staff page reached without signing in: the way to sign in (and back here), not a bare 401.</summary>
    public static ContentResult SignInRequired(HttpRequest req) =>
        Render(401, "请先登录", $"<h1>请先登录</h1><p>此页面仅供登记在册的工作人员使用。请使用单位统一身份认证登录后查看。</p>" +
            $"<p><a class=\"button\" href=\"{E(SignInPath(req.Path + req.QueryString))}\">登录</a></p>");

    public static ContentResult Render(int status, string title, string body, bool indexable = false) => new()
    {
        StatusCode = status,
        ContentType = "text/html; charset=utf-8",
        Content = $$"""
            <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width,initial-scale=1">
            {{(indexable ? "" : "<meta name=\"robots\" content=\"noindex\">")}}<title>{{E(title)}} - 临汾市政务流程平台</title>
            <style>body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;
            max-width:52em;margin:0 auto;padding:1em 1.5em;color:#222;line-height:1.6}
            header{border-bottom:3px solid #b71c1c;margin-bottom:1em;color:#b71c1c;font-weight:bold}
            table{border-collapse:collapse;width:100%}
            th,td{border:1px solid #ddd;padding:.4em .6em;text-align:left;vertical-align:top}th{width:9em;background:#fafafa}
            .due strong{color:#b71c1c} textarea{width:100%} button{margin-top:1em;padding:.5em 2em;background:#b71c1c;
            color:#fff;border:0;border-radius:4px;font-size:1em}
            .note,.sub,time{color:#666} fieldset{border:1px solid #ddd;margin-bottom:.8em} .overdue{color:#b71c1c;font-weight:bold}
            label.choice{display:block} input[type=file]{display:block;margin:.4em 0 .8em} .done{color:#2e7d32} .todo{color:#666}
            form label[for]{display:block;margin-top:.8em}
            form input[id]:not([type=radio]):not([type=checkbox]){display:block;margin:.2em 0}
            a.button{display:inline-block;padding:.5em 2em;background:#b71c1c;color:#fff;border-radius:4px;text-decoration:none}
            </style></head>
            <body><header>临汾市政务流程平台</header><main>{{body}}</main></body></html>
            """,
    };
}
