using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using static LinfenFlows.Shared.Documents.Pdf.Gb9704;

namespace LinfenFlows.Shared.Documents.Pdf;

/// <summary>
/// Renders an <see cref="OfficialDocumentModel"/> as a PDF laid out per GB/T 9704-2012: A4, the 156 × 225 mm block of 22
/// lines × 28 characters, the red 版头 of the letter or document format, the 版记 at the foot of the last page and the page
/// numbers "— n —". Its faces are embedded subsets of free fonts, so it prints the same on a machine without them.
/// </summary>
public static class OfficialDocumentPdf
{
    private const double Eps = 0.01;

    /// <summary>The document as PDF bytes. Pure: the same model gives the same pages.</summary>
    public static byte[] Render(OfficialDocumentModel doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var rows = DocumentRows.Of(doc);
        var record = RecordRows.Of(doc);
        var pages = Paginate(rows, FirstTop(doc), record.Height);

        using var pdf = new PdfDocument();
        pdf.Info.Title = doc.Title.Replace("\n", "", StringComparison.Ordinal);
        pdf.Info.Subject = doc.Number?.ToString() ?? "";
        pdf.Info.Author = doc.Signature;
        pdf.Info.Creator = "临汾市政务流程平台";
        // The document's own date, not the moment it was rendered: a retried step renders the same bytes.
        pdf.Info.CreationDate = pdf.Info.ModificationDate = doc.Date.ToDateTime(TimeOnly.MinValue);
        var id = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes($"{doc.Number}|{doc.Title}|{doc.Date:O}")), 0, 16);
        pdf.Internals.FirstDocumentID = pdf.Internals.SecondDocumentID = id;
        for (var p = 0; p < pages.Count; p++)
        {
            var page = pdf.AddPage();
            page.Width = XUnit.FromPoint(PageWidth);
            page.Height = XUnit.FromPoint(PageHeight);
            using var g = XGraphics.FromPdfPage(page);
            if (p == 0) DocumentHeader.Draw(g, doc);
            foreach (var (row, top) in pages[p]) row.Draw(g, top);
            if (p == pages.Count - 1) record.Draw(g, Bottom - record.Height);
            // 10.1: the first page of a letter shows no number.
            if (p > 0 || doc.Format == DocumentFormat.Document) PageNumber(g, p + 1);
        }
        using var bytes = new MemoryStream();
        pdf.Save(bytes, closeStream: false);
        return bytes.ToArray();
    }

    /// <summary>
    /// The characters of the document that the embedded faces lack, which would print as empty boxes: none for text within
    /// GB 2312 (and so within the gazette's). A caller may refuse to issue, or ask for the name to be written otherwise.
    /// </summary>
    public static IReadOnlyList<string> MissingCharacters(OfficialDocumentModel doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        var texts = new List<string?> { doc.IssuerMark, doc.Number?.ToString(), doc.Signer, doc.Title, doc.Addressee, doc.Signature,
            doc.Note, doc.PrintedBy };
        texts.AddRange(doc.Attachments);
        texts.AddRange(doc.CopiedTo);
        foreach (var block in doc.Body)
            texts.AddRange(block switch
            {
                DocumentParagraph p => [p.Text],
                NumberedItem i => [i.Text, i.LeadIn],
                DocumentTable t => t.Header.Concat(t.Rows.SelectMany(r => r)).ToList<string?>(),
                _ => [],
            });
        return texts.SelectMany(t => (t ?? "").EnumerateRunes())
            .Where(r => !Rune.IsWhiteSpace(r) && Enum.GetValues<Face>().Any(f => !FontCoverage.Covers(f, r.Value)))
            .Select(r => r.ToString()).Distinct().ToList();
    }

    private static double FirstTop(OfficialDocumentModel doc) => DocumentHeader.Height(doc);

    /// <summary>
    /// Fills pages from the top of the block; a row that keeps with the previous one takes the rows it keeps with to the
    /// next page, so the signature never stands alone (7.3.5.4 forbids "此页无正文"). The last page keeps room for the 版记.
    /// </summary>
    private static List<List<(Row Row, double Top)>> Paginate(List<Row> rows, double firstTop, double recordHeight)
    {
        var pages = new List<List<(Row Row, double Top)>> { new() };
        var indexes = new List<List<int>> { new() };
        var y = firstTop;
        for (var i = 0; i < rows.Count;)
        {
            var row = rows[i];
            if (row.Blank && indexes[^1].Count == 0 && pages.Count > 1) { i++; continue; }
            if (y + row.Height > Bottom + Eps && indexes[^1].Count > 0)
            {
                var start = i;
                while (start > 0 && rows[start].KeepWithPrevious) start--;
                if (start < i && start > indexes[^1][0])
                {
                    var keep = indexes[^1].FindIndex(n => n >= start);
                    pages[^1].RemoveRange(keep, pages[^1].Count - keep);
                    indexes[^1].RemoveRange(keep, indexes[^1].Count - keep);
                    i = start;
                }
                pages.Add([]);
                indexes.Add([]);
                y = Top;
                if (rows[i].RepeatAtPageTop is { } header) { pages[^1].Add((header, y)); y += header.Height; }
                continue;
            }
            pages[^1].Add((row, y));
            indexes[^1].Add(i);
            y += row.Height;
            i++;
        }
        if (recordHeight > 0 && y > Bottom - recordHeight + Eps) pages.Add([]);
        return pages;
    }

    /// <summary>7.5: 四号宋体 digits with a dash each side, odd pages one character in from the right, even from the left.</summary>
    private static void PageNumber(XGraphics g, int number)
    {
        var text = $"— {number} —";
        var font = DocumentFonts.Get(Face.FangSong, Size4);
        var width = TextLayout.Width(text, Face.FangSong, Size4);
        var x = number % 2 == 1 ? Right - Size4 - width : Left + Size4;
        g.DrawString(text, font, XBrushes.Black, x, PageNumberDash + (Ascent - 0.5) * Size4, XStringFormats.BaseLineLeft);
    }
}
