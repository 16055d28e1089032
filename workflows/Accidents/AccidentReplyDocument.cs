using LinfenFlows.Shared.Documents;
using static LinfenFlows.Shared.Documents.OfficialDocument;

namespace LinfenFlows.Workflows.Accidents;

/// <summary>The city government's reply (批复) in the form of 临政函〔2023〕3号: its four parts, addressed to the bureau.</summary>
public static class AccidentReplyDocument
{
    public static string Render(DocumentNumber number, AccidentRequest r, DateOnly issuedOn)
    {
        var handlings = (r.ResponsiblePersons ?? []).Concat(r.ResponsibleUnits ?? [])
            .GroupBy(p => p.Handling!)
            .Select(g => $"<li>{E(string.Join("、", g.Select(p => p.Name)))}：{E(g.Key)}，由{E(AccidentRules.Handlings[g.Key])}依法依规办理</li>");
        var measures = (r.PreventionMeasures ?? []).Select(m => $"<li>{E(m.Content)}（责任单位：{E(m.ResponsibleUnit)}）</li>");
        var body = $"""
            <p>你局《关于上报〈{E(r.Enterprise)}{E(r.AccidentType)}调查报告〉的请示》（{E(r.RequestNumber)}）收悉，经研究决定，现批复如下：</p>
            <p>一、事故调查工作符合《中华人民共和国安全生产法》《生产安全事故报告和调查处理条例》等有关法律法规规定，原则同意事故调查组对该起事故原因的分析和事故性质的认定。</p>
            <p>二、同意事故调查组对有关责任人员及责任单位的处理意见，依法依纪追究责任人和责任单位的责任。对建议给予党纪政务处分的人员，按照干部管理权限，由纪委监委根据有关规定作出处理；涉嫌犯罪的人员，由公安机关依法处理；企业内部人员由企业按照有关规定处理；对责任单位及人员的行政处罚，由应急管理部门依法办理。</p>
            <ul>{string.Concat(handlings)}</ul>
            <p>三、同意事故调查组提出的事故防范和整改措施。有关单位要认真汲取事故教训，严格落实《调查报告》中提出的各项防范和整改措施，举一反三，进一步加强安全生产工作，确保安全生产形势稳定。</p>
            <ol>{string.Concat(measures)}</ol>
            <p>四、有关部门要依照法定权限和程序，抓好对有关责任人员和责任单位处理意见的落实，处理意见向社会公布。事故处理落实情况要及时向市应急管理局报告。</p>
            """;
        return OfficialDocument.Render(number, $"关于{r.Enterprise}{r.AccidentType}调查报告的批复", "市应急管理局", body, "临汾市人民政府", issuedOn, "（此件公开发布）");
    }
}
