using System.Text.RegularExpressions;
using LinfenFlows.Shared.Documents.Pdf;
using LinfenFlows.Workflows.Accidents;
using static LinfenFlows.Tests.Documents.PdfReader;

namespace LinfenFlows.Tests.Documents;

/// <summary>The PDFs read back: the parts of GB/T 9704 in their order and places, in embedded faces.</summary>
public class OfficialDocumentPdfTests
{
    public static TheoryData<string> Kinds => ["accident-reply", "park-reply", "implementation-report", "training-report"];

    private static PdfReader Read(string kind) => new(OfficialDocumentPdf.Render(DocumentSamples.ModelOf(kind)));

    [Fact]
    public void The_accident_reply_has_the_parts_of_a_letter_in_the_order_of_the_gazette()
    {
        var pdf = Read("accident-reply");
        AssertInOrder(pdf.AllText, "临汾市人民政府", "临政函〔2026〕3号", "关于浮山县北峰矿业有限责任公司“8·11”一般放炮事故调查报告的批复",
            "市应急管理局：", "你局《关于上报〈浮山县北峰矿业有限责任公司“8·11”一般放炮事故调查报告〉的请示》（临应急字〔2026〕9号）收悉",
            "一、事故调查工作符合", "二、同意事故调查组", "（一）赵某：党纪政务处分", "（二）李某：刑事责任，由公安机关依法依规办理。",
            "三、同意事故调查组提出的事故防范和整改措施", "（一）严格落实爆破作业安全管理制度", "四、有关部门要依照法定权限和程序",
            "临汾市人民政府", "2026年12月2日", "（此件公开发布）", "抄送：市纪委监委，市公安局，浮山县人民政府。");
        // The request number is cited in parentheses, as in 临政函〔2023〕3号, never in 书名号.
        Assert.DoesNotContain("《临应急字", pdf.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public void Part_two_names_only_the_handlings_the_request_contains()
    {
        var pdf = new PdfReader(DocumentSamples.AccidentReplyPdf(DocumentSamples.AccidentWithoutDisciplineOrEnterprise()));
        var text = pdf.AllText;
        var partTwo = text[text.IndexOf("二、同意", StringComparison.Ordinal)..text.IndexOf("三、同意", StringComparison.Ordinal)];
        Assert.Contains("涉及刑事责任的由公安机关依法追究其责任；对涉及行政处罚的由应急管理部门依法办理。", partTwo, StringComparison.Ordinal);
        Assert.DoesNotContain("纪委监委", partTwo, StringComparison.Ordinal);
        Assert.DoesNotContain("党纪政务处分", partTwo, StringComparison.Ordinal);
        Assert.DoesNotContain("企业内部", partTwo, StringComparison.Ordinal);
        Assert.DoesNotContain("企业责任人员", partTwo, StringComparison.Ordinal);
        Assert.DoesNotContain("市纪委监委", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_park_reply_is_a_letter_of_the_hr_bureau_copied_to_the_bureaus_that_evaluate_and_pay()
    {
        var pdf = Read("park-reply");
        AssertInOrder(pdf.AllText, "临汾市人力资源和社会保障局", "临人社函〔2026〕12号", "关于认定尧都区人力资源服务产业园为市级人力资源服务产业园的批复",
            "尧都区人力资源和社会保障局：", "（临人社发〔2022〕25号）", "（市人社局党组会议纪要〔2026〕12号）", "一、同意认定", "二、按照办法第八条",
            "一次性奖励500,000元", "三、", "四、", "临汾市人力资源和社会保障局", "2026年12月2日", "抄送：市发展改革委，市财政局，尧都区人民政府。");
    }

    [Fact]
    public void The_implementation_report_is_an_upward_document_with_its_signer_table_and_record()
    {
        var pdf = Read("implementation-report");
        AssertInOrder(pdf.AllText, "临汾市应急管理局文件", "临应急字〔2026〕41号", "签发人：张明", "关于浮山县北峰矿业有限责任公司“8·11”一般放炮事故处理落实情况的报告",
            "市人民政府：", "（临政函〔2026〕3号）", "一、总体情况。", "共5项，已全部办结，其中1项逾期办结，已督办。", "二、逐项落实情况。",
            "序号事项承办单位办理期限签收时间办结时间办理结果", "临汾市纪委监委", "2026.11.29", "（逾期，已督办）", "特此报告。",
            "临汾市应急管理局", "2026年12月2日", "（办件编号：acc-20261202-0001）", "临汾市应急管理局办公室", "2026年12月2日印发");
        var page = pdf.Pages[0];
        Assert.Equal("Linfen Kai", FaceOf(Find(page, "张明")[0]));
        Assert.Equal("Linfen Song", FaceOf(Find(page, "签发人")[0]));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_page_is_A4_and_every_face_is_an_embedded_subset(string kind)
    {
        var pdf = Read(kind);
        Assert.All(pdf.Pages, p =>
        {
            Assert.Equal(210, p.Width / PointsPerMm, 0.5);
            Assert.Equal(297, p.Height / PointsPerMm, 0.5);
        });
        var faces = pdf.Pages.SelectMany(p => p.Letters).Select(l => l.FontName ?? "").Distinct().ToList();
        Assert.All(faces, f => Assert.Matches("^[A-Z]{6}\\+Linfen (Song|BiaoSong|Hei|Kai)", f));
        // Each font is a CID TrueType font carrying its own file: no font is left for the reader's machine to supply.
        var descriptors = Regex.Count(pdf.Raw, "/Type\\s*/FontDescriptor");
        Assert.True(descriptors > 0);
        Assert.Equal(descriptors, Regex.Count(pdf.Raw, "/FontFile2\\s+\\d+\\s+0\\s+R"));
        Assert.DoesNotMatch("/BaseFont\\s*/(?![A-Z]{6}\\+Linfen)", pdf.Raw);
        Assert.DoesNotMatch("/Subtype\\s*/Type1", pdf.Raw);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_mark_is_red_the_title_in_biaosong_and_the_levels_in_their_faces(string kind)
    {
        var pdf = Read(kind);
        var page = pdf.Pages[0];
        var mark = page.Letters[0];
        Assert.StartsWith("Linfen BiaoSong", FaceOf(mark), StringComparison.Ordinal);
        var (r, g, b) = mark.FillColor.ToRGBValues();
        Assert.True(r > 0.85 && g < 0.1 && b < 0.15, $"the mark is {r},{g},{b}");
        Assert.True(page.Letters.Where(l => l.Value != " ")
            .SkipWhile(l => FaceOf(l).StartsWith("Linfen BiaoSong", StringComparison.Ordinal))
            .Any(l => l.FillColor.ToRGBValues() == (0, 0, 0)), "the text after the mark is black");
        var all = pdf.Pages.SelectMany(p => p.Letters.Where(l => l.Value != " ").Select(l => (l.Value, Face: FaceOf(l)))).ToList();
        var text = string.Concat(all.Select(a => a.Value));
        var first = text.IndexOf("一、", StringComparison.Ordinal);
        Assert.Equal("Linfen Hei", all[first].Face);
        var second = text.IndexOf("（一）", StringComparison.Ordinal);
        if (second >= 0) Assert.Equal("Linfen Kai", all[second + 1].Face);
        Assert.Equal("Linfen Song", all[text.IndexOf('：', StringComparison.Ordinal)].Face);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Pages_are_numbered_with_a_dash_each_side_odd_on_the_right_even_on_the_left(string kind)
    {
        var pdf = Read(kind);
        var letter = kind != "implementation-report";
        for (var n = 1; n <= pdf.Pages.Count; n++)
        {
            var page = pdf.Pages[n - 1];
            var foot = page.Letters.Where(l => l.Value != " " && FromTop(page, l) > 262).ToList();
            if (n == 1 && letter)
            {
                Assert.Empty(foot); // 10.1: a letter's first page shows no number
                continue;
            }
            Assert.Equal($"—{n}—", string.Concat(foot.Select(l => l.Value)));
            Assert.All(foot, l => Assert.InRange(FromTop(page, l), 262 + 6, 262 + 12));
            var left = FromLeft(foot[0]);
            var right = foot[^1].BoundingBox.Right / PointsPerMm;
            if (n % 2 == 1) Assert.InRange(184 - right, 4, 6.5); // one 四号 character in from the block's right edge
            else Assert.InRange(left - 28, 4, 6.5);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_record_is_at_the_foot_of_the_last_page_only(string kind)
    {
        var pdf = Read(kind);
        var label = kind == "implementation-report" ? "印发" : "抄送：";
        var last = pdf.Pages[^1];
        var letters = Find(last, label);
        Assert.NotEmpty(letters);
        Assert.InRange(FromTop(last, letters[0]), 240, 262);
        Assert.All(pdf.Pages.SkipLast(1), p => Assert.DoesNotContain(label, Text(p), StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_text_fills_the_156_mm_block_28_mm_from_the_left(string kind)
    {
        var pdf = Read(kind);
        var body = pdf.Pages.SelectMany(p => p.Letters.Where(l => l.Value != " " && FaceOf(l) == "Linfen Song" && l.PointSize > 15)
            .Where(l => FromTop(p, l) is > 37 and < 262)).ToList();
        Assert.InRange(body.Min(FromLeft), 27.5, 28.8);
        Assert.InRange(body.Max(l => l.BoundingBox.Right / PointsPerMm), 182, 184.5);
    }

    [Fact]
    public void A_long_report_repeats_the_table_header_on_the_next_page_and_never_leaves_the_signature_alone()
    {
        var pdf = new PdfReader(DocumentSamples.ReportPdf(extraItems: 8));
        Assert.True(pdf.Pages.Count >= 3);
        var withTable = pdf.Pages.Where(p => Regex.IsMatch(Text(p), "[0-9]整改措施[0-9]+：")).ToList();
        Assert.True(withTable.Count >= 2);
        Assert.All(withTable, p => Assert.Contains("序号事项承办单位", Text(p), StringComparison.Ordinal));
        const string signature = "临汾市应急管理局2026年12月2日";
        var signed = Text(pdf.Pages.Single(p => Text(p).Contains(signature, StringComparison.Ordinal)));
        Assert.Contains("特此报告。", signed[..signed.IndexOf(signature, StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Fact]
    public void The_html_view_reads_the_same_as_the_pdf()
    {
        var request = DocumentSamples.Accident();
        var html = AccidentReplyDocument.Render(DocumentSamples.AccidentReplyNumber, request, DocumentSamples.Day);
        var model = AccidentReplyDocument.Model(DocumentSamples.AccidentReplyNumber, request, DocumentSamples.Day);
        var pdf = new PdfReader(DocumentSamples.AccidentReplyPdf(request)).AllText;
        var parts = model.NumberedBody().Select(b => b.Block switch
        {
            LinfenFlows.Shared.Documents.NumberedItem i => b.Ordinal + i.Text,
            LinfenFlows.Shared.Documents.DocumentParagraph p => p.Text,
            _ => "",
        }).Prepend("市应急管理局：").Append("2026年12月2日").Append("（此件公开发布）").ToArray();
        AssertInOrder(pdf, parts);
        AssertInOrder(System.Net.WebUtility.HtmlDecode(html), parts);
    }

    private static void AssertInOrder(string text, params string[] parts)
    {
        var at = 0;
        foreach (var part in parts)
        {
            var next = text.IndexOf(part, at, StringComparison.Ordinal);
            Assert.True(next >= 0, $"「{part}」 is missing after position {at} in: {text}");
            at = next + part.Length;
        }
    }
}
