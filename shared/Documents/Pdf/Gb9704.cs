using PdfSharp.Drawing;

namespace LinfenFlows.Shared.Documents.Pdf;

/// <summary>The measures of GB/T 9704-2012, in points (1 mm = 72 / 25.4 pt), and its type sizes (号).</summary>
internal static class Gb9704
{
    public static double Mm(double millimetres) => millimetres * 72 / 25.4;

    // 5.2.1 A4; 5.2.2 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm.
    public static readonly double PageWidth = Mm(210), PageHeight = Mm(297);
    public static readonly double Left = Mm(28), Top = Mm(37), Width = Mm(156), Height = Mm(225);
    public static readonly double Right = Left + Width, Bottom = Top + Height;

    // 5.2.3 22 lines of 28 characters of 3号仿宋: the grid every line of the text sits on.
    public static readonly double Line = Height / 22, Cell = Width / 28;

    // Sizes in points: 二号 for the title, 三号 for the text, 四号 for the 版记 and the page numbers, 五号 for tables.
    public const double Size2 = 22, Size3 = 16, Size4 = 14, Size5 = 10.5;

    /// <summary>How much 3号 text is narrowed so that 28 characters fill a line.</summary>
    public static readonly double TextScale = Cell / Size3;

    // The ideographic em box stands 0.88 em above the baseline in these faces: it places text by its top edge.
    public const double Ascent = 0.88;

    /// <summary>The baseline that centres text of a size on a row (the way a line of the grid holds its characters).</summary>
    public static double Baseline(double rowTop, double rowHeight, double size) => rowTop + (rowHeight - size) / 2 + Ascent * size;

    /// <summary>Red of the mark, the lines and the separator (公文红).</summary>
    public static readonly XColor Red = XColor.FromArgb(230, 0, 18);

    // 7.2.4: the mark's top edge 35 mm under the text block's top (文件格式); 10.1: 30 mm under the paper's (信函格式).
    public static readonly double DocumentMarkTop = Top + Mm(35), LetterMarkTop = Mm(30);

    // 10.1: double lines 170 mm long, 4 mm under the mark and 20 mm above the paper's lower edge.
    public static readonly double LetterRuleLeft = (PageWidth - Mm(170)) / 2, LetterRuleRight = LetterRuleLeft + Mm(170);
    public static readonly double LetterRuleGap = Mm(4), LetterLowerRule = PageHeight - Mm(20);
    public static readonly double ThickRule = Mm(0.8), ThinRule = Mm(0.3), RuleSpacing = Mm(0.8);

    // 7.4.1: 版记 lines as wide as the block, the outer ones 0.35 mm, the inner ones 0.25 mm.
    public static readonly double RecordThick = Mm(0.35), RecordThin = Mm(0.25);

    // 7.5: page numbers with a dash each side, the dash 7 mm under the block, one character in from the edge.
    public static readonly double PageNumberDash = Bottom + Mm(7);

    /// <summary>印章 of a city government or bureau: 42 mm across.</summary>
    public static readonly double Seal = Mm(42);
}
