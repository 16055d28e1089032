using System.Collections.Concurrent;
using System.Text;
using PdfSharp.Drawing;

namespace LinfenFlows.Shared.Documents.Pdf;

/// <summary>A stretch of text in one face and size.</summary>
internal readonly record struct Run(string Text, Face Face, double Size);

/// <summary>One unbreakable piece placed on a line: a hanzi, a mark, or a run of Latin letters and digits.</summary>
internal sealed record Glyph(string Text, Face Face, double Size, double X);

/// <summary>A laid-out line: its pieces (X from the line's left edge, indent included) and the width they take.</summary>
internal sealed record TextLine(IReadOnlyList<Glyph> Glyphs, double Right);

/// <summary>
/// Breaks Chinese text into lines the way a typesetter of 公文 does: any character may end a line, but a closing mark may
/// not begin one and an opening mark may not end one (避头尾). A closing mark that would begin a line is first kept on the
/// line by squeezing the blank half of its full-width marks (标点挤压); only when that is not enough does the last
/// character go down with it. Full lines are justified to the block, so every line ends on the right edge.
/// </summary>
internal static class TextLayout
{
    private const string NoStart = "，。、；：？！）》〉】〕」』”’％,.;:?!)]}·";
    private const string NoEnd = "（《〈【〔「『“‘([{";
    private const double Eps = 0.01;
    private static readonly ConcurrentDictionary<(Face, double, string), double> Widths = new();
    private static readonly XGraphics Measure =
        XGraphics.CreateMeasureContext(new XSize(595, 842), XGraphicsUnit.Point, XPageDirection.Downwards);

    private sealed record Unit(string Text, Face Face, double Size, double Advance)
    {
        public bool NoStartsLine => Text.Length == 1 && NoStart.Contains(Text[0]);
        public bool NoEndsLine => Text.Length == 1 && NoEnd.Contains(Text[0]);
        public bool Opening => NoEndsLine;

        // A full-width mark's glyph fills half its em; the other half may be given up.
        public double Squeezable =>
            Text.Length == 1 && (NoStart.Contains(Text[0]) || NoEnd.Contains(Text[0])) && Advance >= 0.9 * Size * Scale ? Advance / 2 : 0;

        public double Scale { get; init; } = 1;
    }

    /// <summary>The natural advance of a piece of text, in points.</summary>
    public static double Width(string text, Face face, double size) =>
        Widths.GetOrAdd((face, size, text), key =>
        {
            lock (Measure) return Measure.MeasureString(key.Item3, DocumentFonts.Get(key.Item1, key.Item2)).Width;
        });

    /// <summary>The width of runs set on one line, at <paramref name="scale"/> (see <see cref="Break"/>).</summary>
    public static double Width(IEnumerable<Run> runs, double scale = 1) =>
        runs.SelectMany(r => Units(r, scale)).Sum(u => u.Advance);

    /// <summary>
    /// Lays out runs in a block <paramref name="width"/> points wide. <paramref name="scale"/> narrows every advance, so
    /// that 28 characters of 3号 fill the 156 mm line as the standard's grid asks.
    /// </summary>
    public static List<TextLine> Break(IReadOnlyList<Run> runs, double width, double firstIndent = 0, double restIndent = 0,
        double scale = 1, bool justify = true)
    {
        var units = runs.SelectMany(r => Units(r, scale)).ToList();
        var lines = new List<TextLine>();
        var i = 0;
        while (i < units.Count)
        {
            if (lines.Count > 0 && units[i].Text == " ") { i++; continue; }
            var indent = lines.Count == 0 ? firstIndent : restIndent;
            var room = width - indent;
            var j = i;
            var used = 0.0;
            while (j < units.Count && used + units[j].Advance <= room + Eps) used += units[j++].Advance;
            if (j == i) used += units[j++].Advance;
            if (j < units.Count && units[j].NoStartsLine)
            {
                var k = j;
                var wanted = used;
                while (k < units.Count && units[k].NoStartsLine) wanted += units[k++].Advance;
                var give = Enumerable.Range(i, k - i).Sum(n => units[n].Squeezable);
                if (wanted - give <= room + Eps) j = k;
                else while (j > i + 1 && units[j].NoStartsLine) j--;
            }
            while (j < units.Count && j > i + 1 && units[j - 1].NoEndsLine) j--;
            lines.Add(Place(units, i, j, indent, room, justify && j < units.Count));
            i = j;
        }
        return lines;
    }

    private static TextLine Place(List<Unit> units, int from, int to, double indent, double room, bool justify)
    {
        var line = units.GetRange(from, to - from);
        while (line.Count > 1 && line[^1].Text == " ") line.RemoveAt(line.Count - 1);
        var natural = line.Sum(u => u.Advance);
        var squeeze = natural > room ? Math.Min(1, (natural - room) / Math.Max(Eps, line.Sum(u => u.Squeezable))) : 0;
        var spread = justify && natural < room && line.Count > 1 ? (room - natural) / (line.Count - 1) : 0;
        var glyphs = new List<Glyph>(line.Count);
        var x = indent;
        foreach (var u in line)
        {
            var give = u.Squeezable * squeeze;
            glyphs.Add(new Glyph(u.Text, u.Face, u.Size, u.Opening ? x - give : x));
            x += u.Advance - give + spread;
        }
        return new TextLine(glyphs, x - spread);
    }

    private static IEnumerable<Unit> Units(Run run, double scale)
    {
        var text = run.Text;
        for (var i = 0; i < text.Length;)
        {
            var j = i + 1;
            if (IsWordChar(text[i]))
                while (j < text.Length && IsWordChar(text[j])) j++;
            else if (text[i] is '—' or '…')
                while (j < text.Length && text[j] == text[i]) j++;
            else if (char.IsHighSurrogate(text[i]) && j < text.Length)
                j++;
            var piece = text[i..j];
            yield return new Unit(piece, run.Face, run.Size, Width(piece, run.Face, run.Size) * scale) { Scale = scale };
            i = j;
        }
    }

    // Latin letters and digits with the marks inside numbers (291.79, 500,000, 15%) stay together on a line.
    private static bool IsWordChar(char c) => c < 0x80 && (char.IsLetterOrDigit(c) || c is '.' or ',' or '%' or '-' or '/' or ':' or '_');

    /// <summary>The plain text of laid-out lines, for tests and the HTML view's checks.</summary>
    public static string Text(IEnumerable<TextLine> lines)
    {
        var sb = new StringBuilder();
        foreach (var line in lines) sb.AppendJoin("", line.Glyphs.Select(g => g.Text));
        return sb.ToString();
    }
}
