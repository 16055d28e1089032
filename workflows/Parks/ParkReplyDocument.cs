using LinfenFlows.Shared.Documents;
using LinfenFlows.Shared.Documents.Pdf;

namespace LinfenFlows.Workflows.Parks;

/// <summary>
/// The city HR bureau's reply (批复) recognising a city-level park: a letter (临人社函) to the county HR bureau, copied to
/// the bureaus that evaluated with it (发改委) and pay the reward (财政局), and to the county government.
/// </summary>
public static class ParkReplyDocument
{
    public const string Issuer = "临汾市人力资源和社会保障局";

    /// <summary>The reply as a document: the model both the PDF and the HTML view are made from.</summary>
    public static OfficialDocumentModel Model(DocumentNumber number, ParkCaseDetails d, string meetingReference, decimal reward,
        DateOnly issuedOn)
    {
        var a = d.Application;
        var layout = a.Layout == ParkRules.MultiSite
            ? $"核心园区面积{a.CoreArea:0.##}平方米，园区总面积{a.TotalArea:0.##}平方米，分园区{a.BranchSites}个"
            : $"园区建筑面积{a.BuildingArea:0.##}平方米";
        var meeting = string.IsNullOrWhiteSpace(meetingReference) ? "" : $"（{meetingReference}）";
        List<DocumentBlock> body =
        [
            new DocumentParagraph($"你局关于{a.ParkName}申报市级人力资源服务产业园的申请及推荐意见收悉。根据《临汾市市级人力资源服务产业园管理办法（试行）》" +
                $"（临人社发〔2022〕25号），经书面评估、实地考察和公示，公示期满无异议或异议不影响评定入选，经市人社局党组审定{meeting}，现批复如下："),
            new NumberedItem(1, $"同意认定{a.ParkName}为市级人力资源服务产业园（{layout}，入驻人力资源服务机构{a.Institutions?.Count}家）。"),
            new NumberedItem(1, $"按照办法第八条，由市级财政从市级配套就业补助资金中给予一次性奖励{ParkRules.Yuan(reward)}" +
                $"{(d.SmallCounty ? "（按“人口少于20万的县”标准）" : "")}。奖补资金应专款专用。"),
            new NumberedItem(1, "你局要按照“市县共建、属地管理”原则，每年第一季度对上年度产业园运营情况进行总结评估，报市人社局备案；" +
                "市人社局每三年开展一次综合考核评估。"),
            new NumberedItem(1, "产业园需增设、改变、撤销分园区的，由你局向市人社局提出申请，经同意后实施；核心园区原址原则上不做改变。"),
        ];
        return new OfficialDocumentModel
        {
            Format = DocumentFormat.Letter,
            IssuerMark = Issuer,
            Number = number,
            Title = $"关于认定{a.ParkName}\n为市级人力资源服务产业园的批复",
            Addressee = $"{d.County.Name}人力资源和社会保障局",
            Body = body,
            Signature = Issuer,
            Date = issuedOn,
            CopiedTo = ["市发展改革委", "市财政局", $"{d.County.Name}人民政府"],
        };
    }

    /// <summary>The reply as HTML, for the progress page.</summary>
    public static string Render(DocumentNumber number, ParkCaseDetails d, string meetingReference, decimal reward, DateOnly issuedOn) =>
        OfficialDocumentHtml.Render(Model(number, d, meetingReference, reward, issuedOn));

    /// <summary>The reply as the PDF to sign off, seal and file.</summary>
    public static byte[] RenderPdf(DocumentNumber number, ParkCaseDetails d, string meetingReference, decimal reward, DateOnly issuedOn) =>
        OfficialDocumentPdf.Render(Model(number, d, meetingReference, reward, issuedOn));
}
