using System.Diagnostics;
using LinfenFlows.Shared.Documents;
using LinfenFlows.Shared.Documents.Pdf;
using LinfenFlows.Tests.Support;

namespace LinfenFlows.Tests.Documents;

/// <summary>
/// Writes the sample PDFs (and HTML views) of each kind, and their pages as PNG at 60 dpi, to tests/TestResults/documents/ (the README's
/// samples; shared/Documents/samples.sh runs only this). The PNGs come from poppler's pdftoppm, a renderer other than
/// the one that wrote the PDF: a page that does not rasterise, or rasterises blank, fails here.
/// </summary>
public class DocumentSampleTests
{
    private static readonly string[] PdftoppmPaths = ["/usr/bin/pdftoppm", "/usr/local/bin/pdftoppm"];

    public static readonly string Output = Path.Combine(Repo.Root, "tests", "TestResults", "documents");

    public static TheoryData<string> Kinds => ["accident-reply", "park-reply", "implementation-report", "long-report", "training-report"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_of_document_is_written_as_a_sample_pdf_whose_pages_rasterise(string kind)
    {
        var model = DocumentSamples.ModelOf(kind);
        var pdf = OfficialDocumentPdf.Render(model);
        Directory.CreateDirectory(Output);
        var file = Path.Combine(Output, kind + ".pdf");
        File.WriteAllBytes(file, pdf);
        File.WriteAllText(Path.Combine(Output, kind + ".html"), OfficialDocumentHtml.Render(model));

        var pdftoppm = PdftoppmPaths.FirstOrDefault(File.Exists);
        if (pdftoppm is null) return; // tests/run.sh installs poppler-utils; without it only the PDF is checked (by the other tests)
        foreach (var old in Directory.GetFiles(Output, kind + "-*.png")) File.Delete(old);
        using var process = Process.Start(new ProcessStartInfo(pdftoppm, ["-png", "-r", "60", file, Path.Combine(Output, kind)])
        { RedirectStandardError = true })!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, errors);
        Assert.DoesNotContain("Mismatch", errors, StringComparison.Ordinal);
        var first = Directory.GetFiles(Output, kind + "-*1.png").Order().First();
        Assert.True(new FileInfo(first).Length > 10_000, $"{first} looks blank");
    }
}
