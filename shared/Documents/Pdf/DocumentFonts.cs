using System.Collections.Concurrent;
using System.IO.Compression;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace LinfenFlows.Shared.Documents.Pdf;

/// <summary>The faces GB/T 9704 asks for, each stood in for by a free face embedded in this assembly (see Fonts/NOTICE.md).</summary>
internal enum Face
{
    /// <summary>仿宋 for the text and 宋体 for page numbers: Noto Serif CJK SC Regular.</summary>
    FangSong,

    /// <summary>小标宋 for the title and the issuer's mark: Noto Serif CJK SC Bold.</summary>
    BiaoSong,

    /// <summary>黑体 for level-1 headings: Noto Sans CJK SC Regular.</summary>
    Hei,

    /// <summary>楷体 for level-2 headings and the 签发人's name: LXGW WenKai Regular.</summary>
    Kai,
}

/// <summary>
/// Serves PDFsharp the embedded faces and nothing else, so a PDF never refers to a font of the machine it was made on.
/// PDFsharp's font resolver is process-wide and can be set once; this one is set on first use.
/// </summary>
internal sealed class DocumentFonts : IFontResolver
{
    private static readonly Dictionary<Face, string> Families = new()
    {
        [Face.FangSong] = "Linfen Song",
        [Face.BiaoSong] = "Linfen BiaoSong",
        [Face.Hei] = "Linfen Hei",
        [Face.Kai] = "Linfen Kai",
    };

    private static readonly Lazy<DocumentFonts> Instance = new(Install);
    private static readonly XPdfFontOptions Unicode = new(PdfFontEncoding.Unicode);
    private readonly ConcurrentDictionary<string, byte[]> files = new();
    private readonly ConcurrentDictionary<(Face, double), XFont> fonts = new();

    /// <summary>The embedded face at a size in points, with Unicode (Identity-H) encoding so any character can be written.</summary>
    public static XFont Get(Face face, double size) =>
        Instance.Value.fonts.GetOrAdd((face, size), key => new XFont(Families[key.Item1], key.Item2, XFontStyleEx.Regular, Unicode));

    /// <summary>The face's font file, unzipped.</summary>
    public static byte[] File(Face face) => Instance.Value.GetFont(Families[face])!;

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        Families.ContainsValue(familyName) ? new FontResolverInfo(familyName) : null;

    public byte[]? GetFont(string faceName) => files.GetOrAdd(faceName, Load);

    private static DocumentFonts Install()
    {
        var fonts = new DocumentFonts();
        if (GlobalFontSettings.FontResolver is { } other && other is not DocumentFonts)
            throw new InvalidOperationException(
                $"PDFsharp's font resolver is already {other.GetType().FullName}; official documents need their own.");
        GlobalFontSettings.FontResolver ??= fonts;
        return (DocumentFonts)GlobalFontSettings.FontResolver;
    }

    private static byte[] Load(string family)
    {
        var resource = $"fonts/{family.Replace(" ", "", StringComparison.Ordinal)}.ttf.gz";
        using var packed = typeof(DocumentFonts).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded font {resource} is missing from the assembly.");
        using var unpacked = new GZipStream(packed, CompressionMode.Decompress);
        using var bytes = new MemoryStream();
        unpacked.CopyTo(bytes);
        return bytes.ToArray();
    }
}
