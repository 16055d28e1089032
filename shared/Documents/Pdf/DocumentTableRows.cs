using PdfSharp.Drawing;
using static LinfenFlows.Shared.Documents.Pdf.Gb9704;

namespace LinfenFlows.Shared.Documents.Pdf;

/// <summary>
/// A table of the text as rows as wide as the block: 仿宋 五号 in ruled cells (so that a report's seven columns fit), the
/// header in 黑体 and repeated on every page the table runs onto. A table breaks between rows, never inside one.
/// </summary>
internal static class DocumentTableRows
{
    private const double Size = Size5;
    private static readonly double PadX = Mm(1), PadY = Mm(1.2), Leading = Size * 1.45;
    private static readonly XPen Rule = new(XColors.Black, 0.75);

    public static IEnumerable<Row> Of(DocumentTable table)
    {
        var count = table.Header.Count;
        var weights = table.Widths is { Count: > 0 } w && w.Count == count ? w : Enumerable.Repeat(1.0, count).ToList();
        var total = weights.Sum();
        var widths = weights.Select(x => Width * x / total).ToArray();
        var header = Make(table.Header, widths, Face.Hei, centred: true);
        yield return header;
        foreach (var cells in table.Rows)
            yield return Make(cells, widths, Face.FangSong, centred: false) with { RepeatAtPageTop = header };
        // Back on the grid: the text after a table starts on a fresh line.
        yield return Row.BlankLine() with { Height = Line / 2 };
    }

    private static Row Make(IReadOnlyList<string> cells, double[] widths, Face face, bool centred)
    {
        var laid = widths.Select((w, i) =>
        {
            var text = i < cells.Count ? cells[i] ?? "" : "";
            var lines = TextLayout.Break([new Run(text, face, Size)], w - 2 * PadX, justify: false);
            return lines.Count == 0 ? [new TextLine([], 0)] : lines;
        }).ToArray();
        var height = laid.Max(l => l.Count) * Leading + 2 * PadY;
        return new Row(height, (g, top) =>
        {
            var x = Left;
            g.DrawLine(Rule, Left, top, Right, top);
            g.DrawLine(Rule, Left, top + height, Right, top + height);
            for (var i = 0; i < widths.Length; i++)
            {
                g.DrawLine(Rule, x, top, x, top + height);
                // A short cell (序号, a date) is centred; text that fills its cell reads from the left.
                var lines = laid[i];
                var centre = centred || lines.Count == 1 && lines[0].Right < (widths[i] - 2 * PadX) * 0.5;
                var y = top + PadY + (height - 2 * PadY - lines.Count * Leading) / 2;
                foreach (var line in lines)
                {
                    var left = centre ? x + (widths[i] - line.Right) / 2 : x + PadX;
                    DocumentRows.DrawLine(g, line, left, y, Leading);
                    y += Leading;
                }
                x += widths[i];
            }
            g.DrawLine(Rule, Right, top, Right, top + height);
        });
    }
}
