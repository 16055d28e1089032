using LinfenFlows.Shared.Documents;
using LinfenFlows.Shared.Documents.Pdf;

namespace LinfenFlows.Tests.Documents;

/// <summary>The embedded faces cover government text: the gazette's own words, the city's counties, the marks of 公文.</summary>
public class FontCoverageTests
{
    // 临政函〔2023〕3号 as the gazette prints it, the counties of Linfen, and the marks documents use.
    private const string Gazette =
        "关于浮山县北峰矿业有限责任公司“8·11”一般放炮事故调查报告的批复临政函〔2023〕3号市应急管理局：你局《关于上报〈浮山县北峰矿业有限" +
        "责任公司“8·11”一般放炮事故调查报告〉的请示》（临应急字〔2023〕9号）收悉，经研究决定，现批复如下：一、事故调查工作符合《中华人民共和国" +
        "安全生产法》《生产安全事故报告和事故调查条例》等有关法律法规规定，原则同意事故调查组对该起事故原因的分析和事故性质的认定。二、同意事故调查组" +
        "对有关责任人员及责任单位的处理意见，依法依纪追究责任人和责任单位的责任。对建议给予党纪政务处分的人员，按照干部管理权限，由纪委监委根据有关" +
        "规定作出处理；涉及刑事责任的由公安机关依法追究其责任；企业责任人员由企业给予处理，对涉及行政处罚的由应急管理部门依法办理。三、同意事故调查组" +
        "提出的事故防范和整改措施。举一反三，进一步加强安全生产工作，确保安全生产形势稳定。四、有关部门要依照法定权限和程序，抓好对有关责任人员和责任" +
        "单位处理意见的落实，处理意见向社会公布。事故处理落实情况要及时向市应急管理局报告。临汾市人民政府2023年1月19日（此件公开发布）" +
        "尧都区曲沃县翼城县襄汾县洪洞县古县安泽县浮山县吉县乡宁县大宁县隰县永和县蒲县汾西县侯马市霍州市临汾经济开发区" +
        "抄送：市纪委监委，市公安局。——……％①②〇ABCabc0123456789.,:;()";

    [Fact]
    public void Every_character_of_the_gazettes_reply_and_the_citys_names_is_in_every_face() =>
        Assert.Empty(OfficialDocumentPdf.MissingCharacters(With(Gazette)));

    [Fact]
    public void A_character_outside_gb2312_and_the_extra_names_is_reported_before_it_prints_as_a_box() =>
        Assert.Equal(["犇", "𠮷"], OfficialDocumentPdf.MissingCharacters(With("张犇、吉𠮷、王堃")));

    private static OfficialDocumentModel With(string text) => new()
    {
        Format = DocumentFormat.Letter,
        IssuerMark = "临汾市人民政府",
        Title = "批复",
        Addressee = "市应急管理局",
        Body = [new DocumentParagraph(text), new DocumentTable(["序号"], [["1"]])],
        Signature = "临汾市人民政府",
        Date = new DateOnly(2026, 12, 2),
    };
}
