using LinfenFlows.Shared.Documents;

namespace LinfenFlows.Workflows.Veterinary;

/// <summary>
/// The year's figures as the city agriculture bureau sends them to the city livestock centre (考核评价): a letter (临农函)
/// with the city's rates against the targets and a table of every county, in the document format; the counties, who
/// report their figures, are copied.
/// </summary>
public static class TrainingYearReport
{
    public const string Issuer = "临汾市农业农村局";
    /// <summary>The bureau's numbers for letters: 临农函〔yyyy〕n号.</summary>
    public const string NumberPrefix = "临农函";

    public static OfficialDocumentModel Model(int year, IReadOnlyList<CountyStatistics> counties, TrainingRates city, int citySessions,
        DocumentNumber? number, DateOnly issuedOn)
    {
        static string Rate(TrainingRates r, decimal rate) => r.Vets == 0 ? "—" : $"{rate:0.0}%";
        var rows = counties.Select(c => (IReadOnlyList<string>)
        [
            c.County.Name, c.Rates.Vets == 0 ? "—" : $"{c.Rates.Vets}", Rate(c.Rates, c.Rates.ParticipationRate),
            Rate(c.Rates, c.Rates.CompletionRate), c.Rates.ExamTaken == 0 ? "—" : $"{c.Rates.PassRate:0.0}%",
            $"{c.SessionsHeld}/{c.SessionsRequired}",
        ]).Append(["全市", $"{city.Vets}", Rate(city, city.ParticipationRate), Rate(city, city.CompletionRate),
            city.ExamTaken == 0 ? "—" : $"{city.PassRate:0.0}%", $"{citySessions}"]).ToList();
        var behind = counties.Where(c => c.Rates.Vets > 0 && !c.Rates.CompletionTargetMet).Select(c => c.County.Name).ToList();
        List<DocumentBlock> body =
        [
            new DocumentParagraph($"{year}年度官方兽医培训学时已于12月20日截止，各县（市、区）培训结果已确定。现将培训情况函告如下："),
            new NumberedItem(1, $"全市在册官方兽医、师资和协检员{city.Vets}人，参训率{Rate(city, city.ParticipationRate)}，" +
                $"完训率{Rate(city, city.CompletionRate)}（目标100%），考试合格率" +
                $"{(city.ExamTaken == 0 ? "—" : $"{city.PassRate:0.0}%")}（目标不低于90%）。", "总体情况。"),
            new NumberedItem(1, behind.Count == 0 ? "各县（市、区）完训率均达到100%。"
                : $"{string.Join("、", behind)}完训率未达到100%，请督促有关县（市、区）落实培训。", "未达标情况。"),
            new NumberedItem(1, "各县（市、区）情况见下表（培训场次为已举办/应举办）。", "分县情况。"),
            new DocumentTable(["县（市、区）", "在册人数", "参训率", "完训率", "考试合格率", "培训场次"], rows, [30, 20, 25, 25, 28, 28]),
        ];
        return new OfficialDocumentModel
        {
            Format = DocumentFormat.Letter, IssuerMark = Issuer, Number = number,
            Title = $"关于{year}年度官方兽医培训情况的函", Addressee = "市畜牧发展中心", Body = body,
            Signature = Issuer, Date = issuedOn, CopiedTo = ["各县（市、区）农业农村局"],
        };
    }
}
