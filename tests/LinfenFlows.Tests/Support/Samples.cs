using System.Text;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Workflows.Accidents;

namespace LinfenFlows.Tests.Support;

/// <summary>People, files and requests the tests act with, modelled on the gazette's 临政函〔2023〕3号 case.</summary>
public static class Samples
{
    /// <summary>市应急管理局经办 (the sample directory's).</summary>
    public static readonly Caller BureauClerk = People.Get("yjj-clerk");
    /// <summary>A county emergency bureau's clerk: staff, but not the city bureau that may submit.</summary>
    public static readonly Caller CountyClerk = People.Get("fushan-yjj-clerk");

    public static byte[] Pdf(string text = "事故调查报告") => Encoding.UTF8.GetBytes("%PDF-1.4\n% " + text + "\n%%EOF\n");

    public static byte[] Executable => [(byte)'M', (byte)'Z', 0x90, 0x00, 0x03, 0x00, 0x00, 0x00];

    public static UploadedFile Report(string text = "事故调查报告") => new("调查报告.pdf", Pdf(text));

    /// <summary>A request with a request number no other test uses.</summary>
    public static AccidentRequest Request(string level = AccidentRules.General) => new(
        RequestNumber: $"临应急字〔2026〕{Guid.NewGuid():N}号",
        Enterprise: "浮山县北峰矿业有限责任公司",
        County: "浮山县",
        OccurredOn: new DateOnly(2026, 8, 11),
        AccidentType: "“8·11”一般放炮事故",
        Level: level,
        Summary: "爆破作业中发生放炮事故，造成1人死亡。",
        ResponsiblePersons: [new ResponsibleParty("李某", "爆破员", "刑事责任", null), new ResponsibleParty("赵某", "矿长", "党纪政务处分", null)],
        ResponsibleUnits: [new ResponsibleParty("浮山县北峰矿业有限责任公司", null, "行政处罚", "依法罚款")],
        PreventionMeasures:
        [
            new PreventionMeasure("严格落实爆破作业安全管理制度", "浮山县北峰矿业有限责任公司", null),
            new PreventionMeasure("举一反三开展隐患排查", "浮山县应急管理局", null),
        ]);
}
