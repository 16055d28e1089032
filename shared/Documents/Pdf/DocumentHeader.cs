using PdfSharp.Drawing;
using static LinfenFlows.Shared.Documents.Pdf.Gb9704;

namespace LinfenFlows.Shared.Documents.Pdf;

/// <summary>The 版头: the issuer's mark in red, the 发文字号 (and 签发人), and the red lines of the format.</summary>
internal static class DocumentHeader
{
    /// <summary>Where the 主体 begins on the first page.</summary>
    public static double Height(OfficialDocumentModel doc) => Layout(doc).BodyTop;

    public static void Draw(XGraphics g, OfficialDocumentModel doc)
    {
        var l = Layout(doc);
        DrawMark(g, doc.IssuerMark, l.MarkTop, l.MarkSize);
        var red = new XSolidBrush(Red);
        if (doc.Format == DocumentFormat.Letter)
        {
            // 10.1: upper double line thick over thin, lower one thin over thick; the number flush right under the first.
            DoubleRule(g, l.RuleTop, thickFirst: true);
            DoubleRule(g, LetterLowerRule - ThickRule - RuleSpacing - ThinRule, thickFirst: false);
            if (doc.Number is { } n) DrawText(g, n.ToString(), Face.FangSong, l.NumberTop, right: Right);
            return;
        }
        // 7.2.5–7.2.7: the number centred (or, with a 签发人, one character in from the left, the 签发人 one in from the
        // right: "签发人：" in 仿宋, the name in 楷体), then the red separator 4 mm under it.
        if (doc.Signer is { Length: > 0 } signer)
        {
            if (doc.Number is { } n) DrawText(g, n.ToString(), Face.FangSong, l.NumberTop, left: Left + Cell);
            var nameWidth = TextLayout.Width(signer, Face.Kai, Size3) * TextScale;
            DrawText(g, "签发人：", Face.FangSong, l.NumberTop, right: Right - Cell - nameWidth);
            DrawText(g, signer, Face.Kai, l.NumberTop, right: Right - Cell);
        }
        else if (doc.Number is { } n)
        {
            var width = TextLayout.Width(n.ToString(), Face.FangSong, Size3);
            DrawText(g, n.ToString(), Face.FangSong, l.NumberTop, left: Left + (Width - width) / 2);
        }
        g.DrawRectangle(red, Left, l.RuleTop, Width, Mm(0.6));
    }

    private sealed record HeaderLayout(double MarkTop, double MarkSize, double NumberTop, double RuleTop, double BodyTop);

    private static HeaderLayout Layout(OfficialDocumentModel doc)
    {
        var letter = doc.Format == DocumentFormat.Letter;
        var markTop = letter ? LetterMarkTop : DocumentMarkTop;
        // 字号由发文机关酌定 (7.2.4): as large as is dignified, never wider than 150 mm; a letter's mark is smaller.
        var size = Math.Min(letter ? Mm(15) : Mm(18), Mm(150) / Math.Max(1, doc.IssuerMark.Length));
        var markBottom = markTop + size;
        if (letter)
        {
            var ruleTop = markBottom + LetterRuleGap;
            var ruleBottom = ruleTop + ThickRule + RuleSpacing + ThinRule;
            // The number's top 7/8 of a 3号 character under the double line; the title one blank line under the number.
            var numberTop = ruleBottom + Size3 * 7 / 8;
            return new HeaderLayout(markTop, size, numberTop, ruleTop, numberTop + Size3 + (Line - Size3) / 2 + Line);
        }
        // 7.2.5: two blank lines under the mark; 7.2.7: the separator 4 mm under the number; 7.3.1: two blank lines before the title.
        var numberRowTop = markBottom + 2 * Line;
        var numberTopEdge = numberRowTop + (Line - Size3) / 2;
        var rule = numberTopEdge + Size3 + Mm(4);
        return new HeaderLayout(markTop, size, numberTopEdge, rule, rule + Mm(0.6) + 2 * Line);
    }

    /// <summary>The mark in red 小标宋, centred, its letters spread so a short name still reads as a masthead.</summary>
    private static void DrawMark(XGraphics g, string mark, double top, double size)
    {
        var font = DocumentFonts.Get(Face.BiaoSong, size);
        var natural = TextLayout.Width(mark, Face.BiaoSong, size);
        var target = Math.Max(natural, Math.Min(Mm(120), natural * 1.25));
        var gap = mark.Length > 1 ? (target - natural) / (mark.Length - 1) : 0;
        var x = Left + (Width - target) / 2;
        var brush = new XSolidBrush(Red);
        foreach (var c in mark)
        {
            var s = c.ToString();
            g.DrawString(s, font, brush, x, top + Ascent * size, XStringFormats.BaseLineLeft);
            x += TextLayout.Width(s, Face.BiaoSong, size) + gap;
        }
    }

    private static void DoubleRule(XGraphics g, double top, bool thickFirst)
    {
        var red = new XSolidBrush(Red);
        var (first, second) = thickFirst ? (ThickRule, ThinRule) : (ThinRule, ThickRule);
        g.DrawRectangle(red, LetterRuleLeft, top, LetterRuleRight - LetterRuleLeft, first);
        g.DrawRectangle(red, LetterRuleLeft, top + first + RuleSpacing, LetterRuleRight - LetterRuleLeft, second);
    }

    /// <summary>One line of 3号 text whose top edge is at <paramref name="top"/>, from a left edge or up to a right one.</summary>
    private static void DrawText(XGraphics g, string text, Face face, double top, double? left = null, double? right = null)
    {
        var line = TextLayout.Break([new Run(text, face, Size3)], Width * 2, scale: TextScale, justify: false)[0];
        var x = left ?? right!.Value - line.Right;
        foreach (var glyph in line.Glyphs)
            g.DrawString(glyph.Text, DocumentFonts.Get(face, Size3), XBrushes.Black, x + glyph.X, top + Ascent * Size3,
                XStringFormats.BaseLineLeft);
    }
}
