using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Documents;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Tests.Support;
using LinfenFlows.Workflows.Accidents;
using LinfenFlows.Workflows.Parks;
using LinfenFlows.Workflows.Veterinary;

namespace LinfenFlows.Tests.Documents;

/// <summary>
/// The documents as a clerk would see them on 2 December 2026, modelled on 临政函〔2023〕3号: fixed numbers and
/// dates, so the sample PDFs are the same on every run.
/// </summary>
public static class DocumentSamples
{
    public static readonly DateOnly Day = new(2026, 12, 2);
    public static readonly DocumentNumber AccidentReplyNumber = new("临政函", 2026, 3);
    public static readonly DocumentNumber ParkReplyNumber = new("临人社函", 2026, 12);
    public static readonly DocumentNumber ReportNumber = new("临应急字", 2026, 41);

    public static AccidentRequest Accident() => Samples.Request() with { RequestNumber = "临应急字〔2026〕9号" };

    /// <summary>A case whose request proposes only criminal liability and an administrative penalty.</summary>
    public static AccidentRequest AccidentWithoutDisciplineOrEnterprise() => Accident() with
    {
        ResponsiblePersons = [new ResponsibleParty("李某", "爆破员", "刑事责任", null)],
        ResponsibleUnits = [new ResponsibleParty("浮山县北峰矿业有限责任公司", null, "行政处罚", "依法罚款")],
    };

    public static ParkCaseDetails Park() => new(ParkSamples.Application("尧都区人力资源服务产业园"),
        new Recipient("yd-clerk", "尧都区人社局经办", ParkSamples.Yaodu.HrBureau), new Dictionary<string, string>(), 1,
        BeijingTime.StartOf(new DateOnly(2026, 9, 1)));

    /// <summary>The model of each kind of document, as the samples and the PDF tests use it.</summary>
    public static OfficialDocumentModel ModelOf(string kind) => kind switch
    {
        "accident-reply" => AccidentReplyDocument.Model(AccidentReplyNumber, Accident(), Day),
        "park-reply" => ParkReplyDocument.Model(ParkReplyNumber, Park(), Meeting, ParkRules.Reward(false), Day),
        "implementation-report" => AccidentImplementationReport.Model(Case(), Accident(), AccidentReplyNumber.ToString(), Items(), At,
            ReportNumber, "张明"),
        "long-report" => AccidentImplementationReport.Model(Case(), Accident(), AccidentReplyNumber.ToString(), Items(8), At,
            ReportNumber, "张明"),
        "training-report" => TrainingReport(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No such sample."),
    };

    /// <summary>The year's training letter with figures for every county (乡宁县 without vets).</summary>
    public static OfficialDocumentModel TrainingReport()
    {
        var counties = Counties.All.Select((c, i) => new CountyStatistics(c,
            c.Name == "乡宁县" ? new TrainingRates(0, 0, 0, 0, 0) : new TrainingRates(40 + i, 40 + i, 38 + i, 40 + i, 37 + i),
            2 + i % 2, 3)).ToList();
        var city = new TrainingRates(counties.Sum(c => c.Rates.Vets), counties.Sum(c => c.Rates.Participated),
            counties.Sum(c => c.Rates.Completed), counties.Sum(c => c.Rates.ExamTaken), counties.Sum(c => c.Rates.ExamPassed));
        return TrainingYearReport.Model(2026, counties, city, 5, new DocumentNumber(TrainingYearReport.NumberPrefix, 2026, 87),
            new DateOnly(2026, 12, 21));
    }

    public static byte[] AccidentReplyPdf(AccidentRequest? request = null) =>
        AccidentReplyDocument.RenderPdf(AccidentReplyNumber, request ?? Accident(), Day);

    public static byte[] ParkReplyPdf() =>
        ParkReplyDocument.RenderPdf(ParkReplyNumber, Park(), Meeting, ParkRules.Reward(false), Day);

    public const string Meeting = "市人社局党组会议纪要〔2026〕12号";

    public static byte[] ReportPdf(int extraItems = 0) =>
        AccidentImplementationReport.RenderPdf(Case(), Accident(), AccidentReplyNumber.ToString(), Items(extraItems), At, ReportNumber,
            "张明");

    public static readonly DateTimeOffset At = BeijingTime.StartOf(Day).AddHours(10);

    public static CaseEntity Case() => new() { PartitionKey = "acc-20261202-0001", Title = "浮山县北峰矿业有限责任公司“8·11”一般放炮事故" };

    /// <summary>The hand-offs and measures of the sample request, all reported, one of them late.</summary>
    public static List<TaskEntity> Items(int extra = 0)
    {
        var replied = BeijingTime.StartOf(new DateOnly(2026, 8, 31));
        TaskEntity Item(string step, string unit, int dueDays, int doneDays, bool receipt, string result, string? file) => new()
        {
            StepName = step,
            AssigneeName = unit,
            DueAt = replied.AddDays(dueDays),
            DecidedAt = replied.AddDays(doneDays),
            ReceiptFirst = receipt,
            ReceivedAt = receipt ? replied.AddDays(1) : null,
            Opinion = result,
            ResultFileName = file,
        };
        var items = new List<TaskEntity>
        {
            Item("移送纪委监委：党纪政务处分（赵某）", "临汾市纪委监委", 90, 60, true, "给予赵某政务记过处分", "处分决定.pdf"),
            Item("移送公安机关：刑事责任（李某）", "临汾市公安局", 90, 85, true, "已立案侦查并移送审查起诉", "移送起诉告知书.pdf"),
            Item("移送应急管理部门：行政处罚（浮山县北峰矿业有限责任公司）", "临汾市应急管理局（执法）", 60, 66, true,
                "对该公司处以罚款", "行政处罚决定书.pdf"),
            Item("整改措施1：严格落实爆破作业安全管理制度", "浮山县北峰矿业有限责任公司", 90, 45, false, "已修订爆破作业安全管理制度并组织培训", "整改报告.pdf"),
            Item("整改措施2：举一反三开展隐患排查", "浮山县应急管理局", 90, 80, false, "排查非煤矿山12家，整改隐患37项", "排查情况.pdf"),
        };
        for (var i = 0; i < extra; i++)
            items.Add(Item($"整改措施{3 + i}：开展爆破作业专项检查", "浮山县应急管理局", 90, 70, false, "已完成检查", null));
        return items;
    }
}
