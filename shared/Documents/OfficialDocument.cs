using System.Net;

namespace LinfenFlows.Shared.Documents;

/// <summary>An official document (公文) as a printable page: title, number, addressee, body, issuer and date, in the usual fonts.</summary>
public static class OfficialDocument
{
    public static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    /// <param name="body">The paragraphs, already HTML (their text encoded with <see cref="E"/>).</param>
    /// <param name="footer">A line after the signature, e.g. （此件公开发布）.</param>
    public static string Render(DocumentNumber number, string title, string addressee, string body, string issuer, DateOnly issuedOn, string? footer = null) => $$"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><title>{{E(number.ToString())}} {{E(title)}}</title>
        <style>body{font-family:"FangSong","STFangsong","Noto Serif CJK SC",serif;max-width:42em;margin:3em auto;line-height:1.9;font-size:16pt}
        h1{font-family:"SimHei","Noto Sans CJK SC",sans-serif;text-align:center;font-size:20pt;font-weight:normal}
        .no{text-align:center} .sign{text-align:right;margin-top:3em} p{text-indent:2em;margin:0}</style></head>
        <body>
        <h1>{{E(title)}}</h1>
        <div class="no">{{E(number.ToString())}}</div>
        <div>{{E(addressee)}}：</div>
        {{body}}
        <div class="sign">{{E(issuer)}}<br>{{issuedOn:yyyy年M月d日}}</div>
        {{(footer is null ? "" : $"<div class=\"no\">{E(footer)}</div>")}}
        </body></html>
        """;
}
