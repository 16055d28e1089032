using PdfSharp.Drawing;
using static LinfenFlows.Shared.Documents.Pdf.Gb9704;

namespace LinfenFlows.Shared.Documents.Pdf;

/// <summary>
/// The 版记 at the foot of the last page (7.4): 抄送 in 四号仿宋, one character in on each side, continued lines aligned
/// after the colon; then 印发机关 and 印发日期; thick lines first and last (the last on the block's lower edge), a thin one
/// between. The letter format keeps only the 抄送, without lines (10.1).
/// </summary>
internal sealed class RecordRows
{
    private static readonly double RowHeight = Line * 0.75;
    private readonly List<Action<XGraphics, double>> parts = [];

    public double Height { get; private set; }

    public void Draw(XGraphics g, double top)
    {
        foreach (var part in parts) part(g, top);
    }

    public static RecordRows Of(OfficialDocumentModel doc)
    {
        var record = new RecordRows();
        var letter = doc.Format == DocumentFormat.Letter;
        var printed = !letter && (doc.PrintedBy is { Length: > 0 } || doc.PrintedOn is not null);
        var copied = CopiedLines(doc);
        if (copied.Count == 0 && !printed) return record;

        var y = 0.0;
        var rules = new List<(double Y, double Thickness)>();
        if (!letter) rules.Add((0, RecordThick));
        foreach (var line in copied)
        {
            var at = y;
            record.parts.Add((g, top) => DocumentRows.DrawLine(g, line, Left + Size4, top + at, RowHeight));
            y += RowHeight;
        }
        if (printed)
        {
            if (copied.Count > 0) rules.Add((y, RecordThin));
            var at = y;
            var by = doc.PrintedBy ?? "";
            var on = doc.PrintedOn is { } d ? OfficialDocumentModel.FormatDate(d) + "印发" : "";
            record.parts.Add((g, top) =>
            {
                var font = DocumentFonts.Get(Face.FangSong, Size4);
                var baseline = Baseline(top + at, RowHeight, Size4);
                g.DrawString(by, font, XBrushes.Black, Left + Size4, baseline, XStringFormats.BaseLineLeft);
                g.DrawString(on, font, XBrushes.Black, Right - Size4 - TextLayout.Width(on, Face.FangSong, Size4), baseline,
                    XStringFormats.BaseLineLeft);
            });
            y += RowHeight;
            rules.Add((y, RecordThick));
        }
        record.Height = y;
        record.parts.Add((g, top) =>
        {
            // Each rule sits on the edge between rows; the last one's lower edge is the block's lower edge.
            foreach (var (at, thickness) in rules)
                g.DrawRectangle(XBrushes.Black, Left, top + at - (at >= y ? thickness : thickness / 2), Width, thickness);
        });
        return record;
    }

    private static List<TextLine> CopiedLines(OfficialDocumentModel doc)
    {
        if (doc.CopiedTo.Count == 0) return [];
        var label = "抄送：";
        var labelWidth = TextLayout.Width(label, Face.FangSong, Size4);
        var text = label + string.Join("，", doc.CopiedTo) + "。";
        return TextLayout.Break([new Run(text, Face.FangSong, Size4)], Width - 2 * Size4, 0, labelWidth, justify: true);
    }
}
