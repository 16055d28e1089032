using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace LinfenFlows.Tests.Documents;

/// <summary>A generated PDF read back with PdfPig, a reader other than the writer: pages, their letters and the raw objects.</summary>
public sealed partial class PdfReader
{
    public const double PointsPerMm = 72 / 25.4;

    public IReadOnlyList<Page> Pages { get; }
    public string Raw { get; }

    public PdfReader(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        Pages = document.GetPages().ToList();
        // Font dictionaries are written uncompressed, so the raw bytes show what each font refers to.
        Raw = Encoding.Latin1.GetString(pdf);
    }

    /// <summary>A page's text in the order it was drawn (the reading order), spaces left out.</summary>
    public static string Text(Page page, Func<Letter, bool>? where = null) =>
        string.Concat(page.Letters.Where(l => l.Value != " " && (where?.Invoke(l) ?? true)).Select(l => l.Value));

    public string AllText => string.Concat(Pages.Select(p => Text(p)));

    /// <summary>Millimetres from the paper's top edge to a letter's baseline.</summary>
    public static double FromTop(Page page, Letter letter) => (page.Height - letter.StartBaseLine.Y) / PointsPerMm;

    public static double FromLeft(Letter letter) => letter.BoundingBox.Left / PointsPerMm;

    /// <summary>The letters under the text block (its lower edge is 262 mm from the top): the page number.</summary>
    public static string Foot(Page page) => Text(page, l => FromTop(page, l) > 262);

    /// <summary>The letters that spell <paramref name="text"/> where it first occurs on a page, spaces left out.</summary>
    public static IReadOnlyList<Letter> Find(Page page, string text)
    {
        var letters = page.Letters.Where(l => l.Value != " ").ToList();
        var joined = string.Concat(letters.Select(l => l.Value));
        var at = joined.IndexOf(text, StringComparison.Ordinal);
        return at < 0 ? [] : letters.GetRange(at, text.Length);
    }

    public static string FaceOf(Letter letter) => SubsetPrefix().Replace(letter.FontName ?? "", "");

    [GeneratedRegex("^[A-Z]{6}\\+")]
    private static partial Regex SubsetPrefix();
}
