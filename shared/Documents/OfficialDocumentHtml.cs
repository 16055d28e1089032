using System.Globalization;
using System.Net;
using System.Text;

namespace LinfenFlows.Shared.Documents;

/// <summary>
/// The HTML view of an <see cref="OfficialDocumentModel"/> for the progress page: the same parts in the same order as the
/// PDF, with the standard's faces named first and the free faces the PDF embeds as fallbacks.
/// </summary>
public static class OfficialDocumentHtml
{
    private const string FangSong = "\"FangSong_GB2312\",\"FangSong\",\"STFangsong\",\"Linfen Song\",\"Noto Serif CJK SC\",serif";
    // 小标宋 is heavy by itself; where it is missing, the bold Song the PDF uses stands in (one @font-face, local faces only).
    private const string BiaoSong = "\"LF BiaoSong\",serif";
    private const string BiaoSongFace = "@font-face{font-family:\"LF BiaoSong\";src:local(\"FZXiaoBiaoSong-B05S\"),local(\"方正小标宋简体\")," +
        "local(\"Linfen BiaoSong\"),local(\"Noto Serif CJK SC Bold\"),local(\"NotoSerifCJKsc-Bold\")}";
    private const string Hei = "\"SimHei\",\"Linfen Hei\",\"Noto Sans CJK SC\",sans-serif";
    private const string Kai = "\"KaiTi_GB2312\",\"KaiTi\",\"STKaiti\",\"Linfen Kai\",\"LXGW WenKai\",serif";

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    public static string Render(OfficialDocumentModel doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var title = doc.Title.Replace("\n", "", StringComparison.Ordinal);
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>{{E(doc.Number?.ToString())}} {{E(title)}}</title>
            <style>
            {{BiaoSongFace}}
            body{font-family:{{FangSong}};font-size:16pt;line-height:1.8;max-width:156mm;margin:2em auto;color:#000}
            .mark{font-family:{{BiaoSong}};color:#e60012;text-align:center;font-size:36pt;letter-spacing:.15em;margin:0}
            .letter .mark{border-bottom:4px double #e60012;padding-bottom:.2em}
            .no{text-align:center}.letter .no{text-align:right}
            .no .signer{float:right}.no .signer b{font-family:{{Kai}};font-weight:normal}
            .rule{border:0;border-top:2px solid #e60012;margin:.2em 0 1.5em}
            h1{font-family:{{BiaoSong}};font-size:22pt;font-weight:normal;text-align:center;margin:1em 0}
            p{text-indent:2em;margin:0}.to{text-indent:0}
            .l1::first-letter,.l1 .lead{font-family:{{Hei}}}.l2::first-letter,.l2 .lead{font-family:{{Kai}}}
            table{border-collapse:collapse;width:100%;font-size:10.5pt;margin:.5em 0}th{font-family:{{Hei}};font-weight:normal}
            td,th{border:1px solid #000;padding:.2em .4em;vertical-align:middle}
            .att{margin-top:1.8em}.sign{text-align:right;margin-top:3.6em;padding-right:4em}
            .record{border-top:2px solid #000;border-bottom:2px solid #000;margin-top:3em;font-size:14pt}
            .record p{text-indent:0;padding:0 1em}.record .printed{border-top:1px solid #000;display:flex;justify-content:space-between}
            </style></head>
            <body class="{{(doc.Format == DocumentFormat.Letter ? "letter" : "document")}}">

            """);
        // As large as 36pt allows, yet on one line however long the issuer's name (the PDF does the same).
        var markSize = Math.Min(36, 420 / (Math.Max(1, doc.IssuerMark.Length) * 1.15));
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"mark\" style=\"font-size:{markSize:0.#}pt\">{E(doc.IssuerMark)}</div>\n");
        var signer = doc.Signer is { Length: > 0 } s ? $"<span class=\"signer\">签发人：<b>{E(s)}</b></span>" : "";
        html.Append($"<div class=\"no\">{E(doc.Number?.ToString())}{signer}</div>\n");
        if (doc.Format == DocumentFormat.Document) html.Append("<hr class=\"rule\">\n");
        var lines = doc.Title.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        html.Append($"<h1>{string.Join("<br>", lines.Select(E))}</h1>\n<p class=\"to\">{E(doc.Addressee)}：</p>\n");
        foreach (var (block, ordinal) in doc.NumberedBody()) html.Append(Block(block, ordinal)).Append('\n');
        Attachments(doc, html);
        html.Append($"<div class=\"sign\">{E(doc.Signature)}<br>{OfficialDocumentModel.FormatDate(doc.Date)}</div>\n");
        if (!string.IsNullOrWhiteSpace(doc.Note))
            html.Append($"<p class=\"note\">{E(doc.Note.StartsWith('（') ? doc.Note : $"（{doc.Note}）")}</p>\n");
        Record(doc, html);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    // The ordinal is written straight before the text, so the text reads on unbroken; ::first-letter gives it its face.
    private static string Block(DocumentBlock block, string? ordinal) => block switch
    {
        DocumentParagraph p => $"<p>{E(p.Text)}</p>",
        NumberedItem { LeadIn: { Length: > 0 } lead } item =>
            $"<p class=\"l{item.Level}\"><span class=\"lead\">{E(ordinal + lead)}</span>{E(item.Text)}</p>",
        NumberedItem item => $"<p class=\"l{item.Level}\">{E(ordinal + item.Text)}</p>",
        DocumentTable t => Table(t),
        _ => throw new ArgumentException($"Unknown block {block.GetType().Name}."),
    };

    private static string Table(DocumentTable t)
    {
        var html = new StringBuilder("<table><tr>");
        foreach (var h in t.Header) html.Append($"<th>{E(h)}</th>");
        html.Append("</tr>");
        foreach (var row in t.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append($"<td>{E(cell)}</td>");
            html.Append("</tr>");
        }
        return html.Append("</table>").ToString();
    }

    private static void Attachments(OfficialDocumentModel doc, StringBuilder html)
    {
        for (var i = 0; i < doc.Attachments.Count; i++)
        {
            var number = doc.Attachments.Count > 1 ? $"{i + 1}." : "";
            var label = i == 0 ? "附件：" : "<span style=\"visibility:hidden\">附件：</span>";
            html.Append($"<p class=\"{(i == 0 ? "att" : "")}\">{label}{E(number + doc.Attachments[i])}</p>\n");
        }
    }

    private static void Record(OfficialDocumentModel doc, StringBuilder html)
    {
        var letter = doc.Format == DocumentFormat.Letter;
        var printed = !letter && (doc.PrintedBy is { Length: > 0 } || doc.PrintedOn is not null);
        if (doc.CopiedTo.Count == 0 && !printed) return;
        html.Append(letter ? "<div class=\"record\" style=\"border:0\">" : "<div class=\"record\">");
        if (doc.CopiedTo.Count > 0) html.Append($"<p>抄送：{E(string.Join("，", doc.CopiedTo))}。</p>");
        if (printed)
        {
            var on = doc.PrintedOn is { } d ? OfficialDocumentModel.FormatDate(d) + "印发" : "";
            html.Append($"<p class=\"printed\"><span>{E(doc.PrintedBy)}</span><span>{on}</span></p>");
        }
        html.Append("</div>\n");
    }
}
