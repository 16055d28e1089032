using LinfenFlows.Shared.Documents;
using LinfenFlows.Shared.Documents.Pdf;

namespace LinfenFlows.Workflows.Accidents;

/// <summary>
/// The city government's reply (批复) in the form of 临政函〔2023〕3号: a letter of 临汾市人民政府 to the bureau in four parts,
/// whose part 二 names only the handlings the request proposes, in the gazette's order (纪委监委, 公安机关, 企业, 应急管理部门).
/// </summary>
public static class AccidentReplyDocument
{
    public const string Issuer = "临汾市人民政府";

    // What part 二 says of each kind of handling, in the words of 临政函〔2023〕3号; and who is copied for it (抄送).
    private static readonly Dictionary<string, (string Clause, string? CopiedTo)> Clauses = new()
    {
        ["党纪政务处分"] = ("对建议给予党纪政务处分的人员，按照干部管理权限，由纪委监委根据有关规定作出处理", "市纪委监委"),
        ["刑事责任"] = ("涉及刑事责任的由公安机关依法追究其责任", "市公安局"),
        ["企业内部处理"] = ("企业责任人员由企业给予处理", null),
        ["行政处罚"] = ("对涉及行政处罚的由应急管理部门依法办理", null),
    };

    /// <summary>The reply as a document: the model both the PDF and the HTML view are made from.</summary>
    public static OfficialDocumentModel Model(DocumentNumber number, AccidentRequest r, DateOnly issuedOn)
    {
        var parties = (r.ResponsiblePersons ?? []).Concat(r.ResponsibleUnits ?? []).ToList();
        var kinds = AccidentRules.HandlingKinds.Where(k => parties.Any(p => p.Handling == k.Name)).ToList();
        var handlings = kinds.Select(k => new NumberedItem(2,
            $"{string.Join("、", parties.Where(p => p.Handling == k.Name).Select(p => p.Name))}：{k.Name}，由{k.Authority}依法依规办理。"));
        var measures = (r.PreventionMeasures ?? []).Select(m => new NumberedItem(2, $"{m.Content}（责任单位：{m.ResponsibleUnit}）。"));
        var request = $"关于上报〈{r.Enterprise}{r.AccidentType}调查报告〉的请示";
        List<DocumentBlock> body =
        [
            new DocumentParagraph($"你局《{request}》（{r.RequestNumber}）收悉，经研究决定，现批复如下："),
            new NumberedItem(1, "事故调查工作符合《中华人民共和国安全生产法》《生产安全事故报告和调查处理条例》等有关法律法规规定，" +
                "原则同意事故调查组对该起事故原因的分析和事故性质的认定。"),
            new NumberedItem(1, "同意事故调查组对有关责任人员及责任单位的处理意见，依法依纪追究责任人和责任单位的责任。" +
                string.Join("；", kinds.Select(k => Clauses[k.Name].Clause)) + "。"),
            .. handlings,
            new NumberedItem(1, "同意事故调查组提出的事故防范和整改措施。有关单位要认真汲取事故教训，严格落实《调查报告》中提出的各项防范和整改措施，" +
                "举一反三，进一步加强安全生产工作，确保安全生产形势稳定。"),
            .. measures,
            new NumberedItem(1, "有关部门要依照法定权限和程序，抓好对有关责任人员和责任单位处理意见的落实，处理意见向社会公布。" +
                "事故处理落实情况要及时向市应急管理局报告。"),
        ];
        var copied = kinds.Select(k => Clauses[k.Name].CopiedTo).OfType<string>().ToList();
        if (!string.IsNullOrWhiteSpace(r.County)) copied.Add($"{r.County}人民政府");
        return new OfficialDocumentModel
        {
            Format = DocumentFormat.Letter,
            IssuerMark = Issuer,
            Number = number,
            Title = $"关于{r.Enterprise}\n{r.AccidentType}调查报告的批复",
            Addressee = "市应急管理局",
            Body = body,
            Signature = Issuer,
            Date = issuedOn,
            Note = "此件公开发布",
            CopiedTo = copied,
        };
    }

    /// <summary>The reply as HTML, for the progress page.</summary>
    public static string Render(DocumentNumber number, AccidentRequest r, DateOnly issuedOn) =>
        OfficialDocumentHtml.Render(Model(number, r, issuedOn));

    /// <summary>The reply as the PDF to sign off, seal and file.</summary>
    public static byte[] RenderPdf(DocumentNumber number, AccidentRequest r, DateOnly issuedOn) =>
        OfficialDocumentPdf.Render(Model(number, r, issuedOn));
}
