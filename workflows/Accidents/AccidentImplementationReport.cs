using System.Globalization;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Documents;
using LinfenFlows.Shared.Documents.Pdf;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Workflows.Accidents;

/// <summary>
/// 落实情况报告 (reply part 四: "事故处理落实情况要及时向市应急管理局报告"), assembled from what each authority and unit
/// reported: received, reported, the result and its file, late or not. The bureau that gathers the reports sends it on to
/// the city government that gave the reply, as a 报告 in the document format (an upward document: it names its 签发人).
/// </summary>
public static class AccidentImplementationReport
{
    public const string Issuer = "临汾市应急管理局";

    /// <summary>
    /// The report as a document. <paramref name="number"/> (临应急字…) and <paramref name="signer"/> are given when the
    /// bureau registers and signs it; without them the draft leaves the number line blank and names no 签发人.
    /// </summary>
    public static OfficialDocumentModel Model(CaseEntity c, AccidentRequest r, string replyNumber, IReadOnlyList<TaskEntity> items,
        DateTimeOffset at, DocumentNumber? number = null, string? signer = null)
    {
        var day = BeijingTime.DateOf(at);
        var late = items.Count(t => t.DecidedAt > t.DueAt);
        var rows = items.Select((t, i) => (IReadOnlyList<string>)
        [
            $"{i + 1}",
            t.StepName,
            t.AssigneeName,
            Day(t.DueAt),
            t.ReceiptFirst ? Day(t.ReceivedAt) : "—",
            Day(t.DecidedAt) + (t.DecidedAt > t.DueAt ? "（逾期，已督办）" : ""),
            PersonalData.Mask(t.Opinion) + (string.IsNullOrWhiteSpace(t.ResultFileName) ? "" : $"（见{FileTitle(t.ResultFileName)}）"),
        ]).ToList();
        var accident = $"{r.Enterprise}{r.AccidentType}";
        List<DocumentBlock> body =
        [
            new DocumentParagraph($"根据《临汾市人民政府关于{accident}调查报告的批复》（{replyNumber}），我局将有关责任人员和责任单位的处理意见" +
                "移送各有关机关办理，督促有关单位落实事故防范和整改措施，处理意见已向社会公布。现将落实情况报告如下："),
            new NumberedItem(1, $"移送责任追究事项和督促整改措施共{items.Count}项，已全部办结" +
                (late > 0 ? $"，其中{late}项逾期办结，已督办。" : "，均在期限内办结。"), "总体情况。"),
            new NumberedItem(1, "各项办理情况见下表。", "逐项落实情况。"),
            new DocumentTable(["序号", "事项", "承办单位", "办理期限", "签收时间", "办结时间", "办理结果"], rows, [10, 27, 21, 21.5, 21.5, 21.5, 33.5]),
            new DocumentParagraph("特此报告。"),
        ];
        return new OfficialDocumentModel
        {
            Format = DocumentFormat.Document,
            IssuerMark = Issuer + "文件",
            Number = number,
            Signer = signer,
            Title = $"关于{r.Enterprise}\n{r.AccidentType}处理落实情况的报告",
            Addressee = "市人民政府",
            Body = body,
            Signature = Issuer,
            Date = day,
            Note = $"办件编号：{c.PartitionKey}",
            PrintedBy = Issuer + "办公室",
            PrintedOn = day,
        };
    }

    /// <summary>The report as HTML, for the progress page.</summary>
    public static string Render(CaseEntity c, AccidentRequest r, string replyNumber, IReadOnlyList<TaskEntity> items,
        DateTimeOffset at) =>
        OfficialDocumentHtml.Render(Model(c, r, replyNumber, items, at));

    /// <summary>The report as the PDF the bureau signs and sends.</summary>
    public static byte[] RenderPdf(CaseEntity c, AccidentRequest r, string replyNumber, IReadOnlyList<TaskEntity> items,
        DateTimeOffset at, DocumentNumber? number = null, string? signer = null) =>
        OfficialDocumentPdf.Render(Model(c, r, replyNumber, items, at, number, signer));

    // Dates in the table are short (2026.11.29) so that three date columns fit beside the text ones.
    private static string Day(DateTimeOffset? t) =>
        t is { } v ? BeijingTime.DateOf(v).ToString("yyyy.MM.dd", CultureInfo.InvariantCulture) : "—";

    // A file is cited by its name, as a document is, not by its type.
    private static string FileTitle(string fileName) => Path.GetFileNameWithoutExtension(fileName);
}
