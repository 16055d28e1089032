using PdfSharp.Drawing;
using static LinfenFlows.Shared.Documents.Pdf.Gb9704;

namespace LinfenFlows.Shared.Documents.Pdf;

/// <summary>
/// A horizontal band of the text block drawn at a given top: a line of the grid, a table row, a blank line. Blank rows
/// vanish at the top of a page; a row that keeps with the previous one goes to the next page with it.
/// </summary>
internal sealed record Row(double Height, Action<XGraphics, double> Draw)
{
    public bool Blank { get; init; }
    public bool KeepWithPrevious { get; init; }

    /// <summary>A table's header, drawn again above this row when the row begins a page.</summary>
    public Row? RepeatAtPageTop { get; init; }

    public static Row BlankLine(bool keep = false) => new(Line, (_, _) => { }) { Blank = true, KeepWithPrevious = keep };
}

/// <summary>The 主体 of a document (title to 附注) as rows, in the standard's order and spacing.</summary>
internal static class DocumentRows
{
    private static readonly double[] IndentOf = [0, 2, 2, 2, 2];

    public static List<Row> Of(OfficialDocumentModel doc)
    {
        var rows = new List<Row>();
        // 7.3.1 标题 in 二号小标宋, centred; 7.3.2 主送机关 a blank line below, flush left, ending with a full-width colon.
        foreach (var line in TitleLines(doc.Title))
            rows.AddRange(Lines([new Run(line, Face.BiaoSong, Size2)], 0, 0, scale: 1, align: Align.Centre));
        rows.Add(Row.BlankLine());
        rows.AddRange(Lines([new Run(doc.Addressee + "：", Face.FangSong, Size3)], 0, 0, justify: false));
        // 7.3.3 正文: each paragraph indented two characters, the numbering levels in their faces.
        foreach (var (block, ordinal) in doc.NumberedBody())
            rows.AddRange(block switch
            {
                DocumentParagraph p => Lines([new Run(p.Text, Face.FangSong, Size3)], 2 * Cell, 0),
                NumberedItem item => Lines([.. ItemRuns(item, ordinal!)], IndentOf[Math.Clamp(item.Level, 1, 4)] * Cell, 0),
                DocumentTable table => DocumentTableRows.Of(table),
                _ => throw new ArgumentException($"Unknown block {block.GetType().Name}."),
            });
        AttachmentRows(doc, rows);
        SignatureRows(doc, rows);
        return rows;
    }

    private static IEnumerable<Run> ItemRuns(NumberedItem item, string ordinal)
    {
        var face = item.Level switch { 1 => Face.Hei, 2 => Face.Kai, _ => Face.FangSong };
        yield return new Run(ordinal + (item.LeadIn ?? ""), face, Size3);
        if (!string.IsNullOrEmpty(item.Text)) yield return new Run(item.Text, Face.FangSong, Size3);
    }

    // 7.3.4 附件说明: a blank line under the text, indented two characters; several are numbered, their names aligned.
    private static void AttachmentRows(OfficialDocumentModel doc, List<Row> rows)
    {
        if (doc.Attachments.Count == 0) return;
        rows.Add(Row.BlankLine());
        var label = Cell * 2 + TextLayout.Width([new Run("附件：", Face.FangSong, Size3)], TextScale);
        for (var i = 0; i < doc.Attachments.Count; i++)
        {
            var number = doc.Attachments.Count > 1 ? $"{i + 1}." : "";
            var hang = label + TextLayout.Width([new Run(number, Face.FangSong, Size3)], TextScale);
            var name = new Run(number + doc.Attachments[i], Face.FangSong, Size3);
            var lines = TextLayout.Break([name], Width, label, hang, TextScale, justify: false);
            if (i == 0) lines[0] = lines[0] with { Glyphs = [new Glyph("附件：", Face.FangSong, Size3, 2 * Cell), .. lines[0].Glyphs] };
            rows.AddRange(lines.Select(l => TextRow(l, Left)));
        }
    }

    // 7.3.5.1: 成文日期 four characters in from the right, the signature centred over it, the seal pressing on both with
    // its top within a line of the text; 7.3.6 附注 on the line after the date, indented two characters.
    private static void SignatureRows(OfficialDocumentModel doc, List<Row> rows)
    {
        var date = OfficialDocumentModel.FormatDate(doc.Date);
        var dateRun = new Run(date, Face.FangSong, Size3);
        var dateRight = Right - 4 * Cell;
        var centre = dateRight - TextLayout.Width([dateRun], TextScale) / 2;
        var signature = new Run(doc.Signature, Face.FangSong, Size3);
        var signatureWidth = TextLayout.Width([signature], TextScale);
        var signatureLeft = Math.Min(centre - signatureWidth / 2, Right - signatureWidth);
        rows.Add(Row.BlankLine(keep: true));
        rows.Add(Row.BlankLine(keep: true));
        rows.Add(new Row(Line, (g, top) =>
        {
            SealOutline(g, centre, top + Line * 0.7);
            DrawLine(g, TextLayout.Break([signature], Width * 2, scale: TextScale, justify: false)[0], signatureLeft, top);
        })
        { KeepWithPrevious = true });
        var dateLine = TextLayout.Break([dateRun], Width, scale: TextScale, justify: false)[0];
        rows.Add(new Row(Line, (g, top) => DrawLine(g, dateLine, dateRight - dateLine.Right, top)) { KeepWithPrevious = true });
        if (string.IsNullOrWhiteSpace(doc.Note)) return;
        var note = doc.Note.Trim();
        if (!note.StartsWith('（')) note = $"（{note}）";
        rows.AddRange(Lines([new Run(note, Face.FangSong, Size3)], 2 * Cell, 0, justify: false)
            .Select(r => r with { KeepWithPrevious = true }));
    }

    /// <summary>Where the seal goes: a light dashed circle labelled for the print room, centred a little above the signature.</summary>
    private static void SealOutline(XGraphics g, double centreX, double centreY)
    {
        var pen = new XPen(XColor.FromArgb(240, 160, 160), 0.8) { DashStyle = XDashStyle.Dash };
        g.DrawEllipse(pen, centreX - Seal / 2, centreY - Seal / 2, Seal, Seal);
        var label = DocumentFonts.Get(Face.FangSong, 8);
        var box = new XRect(centreX - Seal / 2, centreY - Seal / 2 + Mm(3), Seal, Mm(4));
        g.DrawString("印章位置", label, new XSolidBrush(XColor.FromArgb(220, 140, 140)), box, XStringFormats.TopCenter);
    }

    public enum Align { Left, Centre }

    /// <summary>Text broken on the grid, one row per line.</summary>
    public static IEnumerable<Row> Lines(IReadOnlyList<Run> runs, double firstIndent, double restIndent, double scale = -1,
        bool justify = true, Align align = Align.Left)
    {
        var s = scale < 0 ? TextScale : scale;
        foreach (var line in TextLayout.Break(runs, Width, firstIndent, restIndent, s, justify && align == Align.Left))
            yield return TextRow(line, align == Align.Centre ? Left + (Width - line.Right) / 2 : Left);
    }

    private static Row TextRow(TextLine line, double left) => new(Line, (g, top) => DrawLine(g, line, left, top));

    /// <summary>Draws a laid-out line with its pieces centred on a row of the given height.</summary>
    public static void DrawLine(XGraphics g, TextLine line, double left, double top, double height = -1, XBrush? brush = null)
    {
        var h = height < 0 ? Line : height;
        foreach (var glyph in line.Glyphs)
            g.DrawString(glyph.Text, DocumentFonts.Get(glyph.Face, glyph.Size), brush ?? XBrushes.Black, left + glyph.X,
                Baseline(top, h, glyph.Size), XStringFormats.BaseLineLeft);
    }

    /// <summary>
    /// A title in balanced lines (梯形: the first a little longer), at most 20 characters of 二号 each; a '\n' the
    /// caller put in is kept, as only the writer knows where the meaning allows a break.
    /// </summary>
    public static IEnumerable<string> TitleLines(string title)
    {
        foreach (var part in title.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var width = TextLayout.Width([new Run(part, Face.BiaoSong, Size2)]);
            var count = (int)Math.Ceiling(width / Width);
            if (count <= 1) { yield return part; continue; }
            var balanced = Math.Ceiling(width / count / Size2 + 1) * Size2;
            var lines = TextLayout.Break([new Run(part, Face.BiaoSong, Size2)], balanced, justify: false);
            foreach (var line in lines) yield return TextLayout.Text([line]);
        }
    }
}
