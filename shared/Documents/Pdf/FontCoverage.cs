using System.Buffers.Binary;

namespace LinfenFlows.Shared.Documents.Pdf;

/// <summary>
/// Which characters an embedded face has, read from its cmap table. PDFsharp draws a character the face lacks as an
/// empty box without a word, so the renderer's callers can ask first (see <see cref="OfficialDocumentPdf.MissingCharacters"/>).
/// </summary>
internal static class FontCoverage
{
    private static readonly Lazy<HashSet<int>>[] Faces = Enum.GetValues<Face>()
        .Select(face => new Lazy<HashSet<int>>(() => Read(DocumentFonts.File(face)))).ToArray();

    public static bool Covers(Face face, int codePoint) => Faces[(int)face].Value.Contains(codePoint);

    private static HashSet<int> Read(byte[] font)
    {
        var cmap = TableOffset(font, "cmap");
        int? best = null;
        var bestFormat = 0;
        for (var i = 0; i < U16(font, cmap + 2); i++)
        {
            var record = cmap + 4 + i * 8;
            var (platform, encoding) = (U16(font, record), U16(font, record + 2));
            var sub = cmap + (int)U32(font, record + 4);
            var format = U16(font, sub);
            // A Unicode table: the full-repertoire format 12 if there is one, else the BMP's format 4.
            if ((platform == 0 || platform == 3 && encoding is 1 or 10) && format is 4 or 12 && format > bestFormat)
                (best, bestFormat) = (sub, format);
        }
        if (best is not { } at) throw new InvalidDataException("The embedded font has no Unicode cmap.");
        return bestFormat == 12 ? Format12(font, at) : Format4(font, at);
    }

    private static HashSet<int> Format12(byte[] f, int at)
    {
        var chars = new HashSet<int>();
        for (var g = 0; g < U32(f, at + 12); g++)
        {
            var group = at + 16 + g * 12;
            for (var c = U32(f, group); c <= U32(f, group + 4); c++) chars.Add((int)c);
        }
        return chars;
    }

    private static HashSet<int> Format4(byte[] f, int at)
    {
        var chars = new HashSet<int>();
        var segments = U16(f, at + 6) / 2;
        var ends = at + 14;
        var starts = ends + segments * 2 + 2;
        var deltas = starts + segments * 2;
        var ranges = deltas + segments * 2;
        for (var s = 0; s < segments; s++)
        {
            var (start, end) = (U16(f, starts + s * 2), U16(f, ends + s * 2));
            var (delta, range) = (U16(f, deltas + s * 2), U16(f, ranges + s * 2));
            for (var c = start; c <= end && c != 0xFFFF; c++)
            {
                var glyph = range == 0 ? (c + delta) & 0xFFFF : U16(f, ranges + s * 2 + range + (c - start) * 2);
                if (glyph != 0) chars.Add(c);
            }
        }
        return chars;
    }

    private static int TableOffset(byte[] f, string tag)
    {
        for (var i = 0; i < U16(f, 4); i++)
        {
            var record = 12 + i * 16;
            if (System.Text.Encoding.ASCII.GetString(f, record, 4) == tag) return (int)U32(f, record + 8);
        }
        throw new InvalidDataException($"The embedded font has no {tag} table.");
    }

    private static int U16(byte[] f, int at) => BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(at));

    private static uint U32(byte[] f, int at) => BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(at));
}
