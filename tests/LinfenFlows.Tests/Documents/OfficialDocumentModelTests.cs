using LinfenFlows.Shared.Documents;
using LinfenFlows.Shared.Documents.Pdf;
using LinfenFlows.Workflows.Parks;
using static LinfenFlows.Tests.Documents.PdfReader;

namespace LinfenFlows.Tests.Documents;

public class OfficialDocumentModelTests
{
    [Fact]
    public void Items_are_numbered_in_the_standards_sequence_and_each_level_restarts_under_a_new_parent()
    {
        var doc = Letter([
            new NumberedItem(1, "甲"), new NumberedItem(2, "乙"), new NumberedItem(2, "丙"), new NumberedItem(3, "丁"),
            new NumberedItem(4, "戊"),
            new DocumentParagraph("段落不计数。"), new NumberedItem(3, "己"), new NumberedItem(1, "庚"), new NumberedItem(2, "辛"),
        ]);
        Assert.Equal(["一、", "（一）", "（二）", "1.", "（1）", null, "2.", "二、", "（一）"], doc.NumberedBody().Select(b => b.Ordinal));
        Assert.Equal("十一、", OfficialDocumentModel.Ordinal(1, 11));
        Assert.Equal("（二十）", OfficialDocumentModel.Ordinal(2, 20));
    }

    [Fact]
    public void Dates_are_written_in_full_with_arabic_numerals_and_no_leading_zeros() =>
        Assert.Equal("2026年12月2日", OfficialDocumentModel.FormatDate(new DateOnly(2026, 12, 2)));

    [Theory]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(36)]
    public void The_signature_never_stands_alone_on_a_page_however_long_the_text(int paragraphs)
    {
        var body = Enumerable.Range(1, paragraphs).Select(i => (DocumentBlock)new DocumentParagraph($"第{i}段。")).ToList();
        var pdf = new PdfReader(OfficialDocumentPdf.Render(Letter(body) with { CopiedTo = ["市财政局"] }));
        var signed = pdf.Pages.Single(p => Text(p).Contains("临汾市人民政府2026年12月2日", StringComparison.Ordinal));
        Assert.Matches($"第{paragraphs}段。(印章位置)?临汾市人民政府2026年12月2日", Text(signed));
        Assert.All(pdf.Pages, p => Assert.NotEmpty(p.Letters));
        Assert.Contains("抄送：市财政局。", Text(pdf.Pages[^1]), StringComparison.Ordinal);
    }

    [Fact]
    public void Attachments_follow_the_text_numbered_with_their_names_aligned_and_before_the_signature()
    {
        var doc = Letter([new DocumentParagraph("现将有关材料附后。")]) with
        {
            Attachments = ["浮山县北峰矿业有限责任公司“8·11”一般放炮事故调查报告（含责任人员和责任单位处理建议）", "整改措施清单"],
        };
        var pdf = new PdfReader(OfficialDocumentPdf.Render(doc));
        var page = pdf.Pages[0];
        Assert.Matches("现将有关材料附后。附件：1\\.浮山县.+处理建议）2\\.整改措施清单(印章位置)?临汾市人民政府2026年12月2日", Text(page));
        // 7.3.4: "附件" two characters in; the second name and a continued line start under the first name.
        var label = Find(page, "附件：")[0];
        Assert.InRange(FromLeft(label) - 28, 10, 12.5);
        var name = Find(page, "1.浮")[2];
        Assert.Equal(FromLeft(name), FromLeft(Find(page, "2.整")[2]), 0.5);
        var letters = page.Letters.Where(l => l.Value != " ").ToList();
        var continued = letters.SkipWhile(l => l != name).TakeWhile(l => l != Find(page, "2.整")[0])
            .First(l => FromTop(page, l) > FromTop(page, name) + 5);
        Assert.Equal(FromLeft(name), FromLeft(continued), 1.0);
    }

    [Fact]
    public void The_html_replies_keep_the_sentences_the_workflows_and_their_tests_read()
    {
        var park = ParkReplyDocument.Render(DocumentSamples.ParkReplyNumber, DocumentSamples.Park(), "市人社局党组会议纪要〔2026〕12号",
            ParkRules.Reward(false), DocumentSamples.Day);
        Assert.Contains("（市人社局党组会议纪要〔2026〕12号）", park, StringComparison.Ordinal);
        Assert.Contains("一次性奖励500,000元", park, StringComparison.Ordinal);
        var accident = LinfenFlows.Workflows.Accidents.AccidentReplyDocument.Render(DocumentSamples.AccidentReplyNumber,
            DocumentSamples.Accident(), DocumentSamples.Day);
        Assert.Contains("李某：刑事责任，由公安机关依法依规办理", accident, StringComparison.Ordinal);
        Assert.Contains("二、同意事故调查组对有关责任人员", accident, StringComparison.Ordinal);
    }

    private static OfficialDocumentModel Letter(IReadOnlyList<DocumentBlock> body) => new()
    {
        Format = DocumentFormat.Letter,
        IssuerMark = "临汾市人民政府",
        Number = new DocumentNumber("临政函", 2026, 1),
        Title = "关于测试事项的批复",
        Addressee = "市应急管理局",
        Body = body,
        Signature = "临汾市人民政府",
        Date = new DateOnly(2026, 12, 2),
    };
}
