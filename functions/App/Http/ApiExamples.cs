using LinfenFlows.Functions.Accidents;
using LinfenFlows.Functions.Cases;
using LinfenFlows.Functions.Parks;
using LinfenFlows.Functions.Requests;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Accidents;
using LinfenFlows.Workflows.Parks;
using LinfenFlows.Workflows.Requests;

namespace LinfenFlows.Functions.Http;

/// <summary>Examples for the API document, in Chinese, modelled on the gazette's cases (临政函〔2023〕3号, 临政函〔2022〕70号).</summary>
public static class ApiExamples
{
    private static readonly AccidentRequest Accident = new(
        "临应急字〔2026〕9号", "浮山县北峰矿业有限责任公司", "浮山县", new DateOnly(2026, 8, 11), "“8·11”一般放炮事故", AccidentRules.General,
        "2026年8月11日，该公司井下爆破作业中发生放炮事故，造成1人死亡。",
        [new ResponsibleParty("李某", "爆破员", "刑事责任", "涉嫌重大责任事故罪"), new ResponsibleParty("赵某", "矿长", "党纪政务处分", null)],
        [new ResponsibleParty("浮山县北峰矿业有限责任公司", null, "行政处罚", "依法处以罚款")],
        [new PreventionMeasure("严格落实爆破作业安全管理制度，爆破前撤离警戒区内全部人员", "浮山县北峰矿业有限责任公司", new DateOnly(2027, 3, 31)),
         new PreventionMeasure("举一反三，全面排查非煤矿山同类隐患", "浮山县应急管理局", null)]);

    private static readonly CaseView Case = new(
        "acc-2501a6c1f6dfda38b5d9", "accident-report-approval", "浮山县北峰矿业有限责任公司“8·11”一般放炮事故调查报告的请示",
        "办理中", "市政府审批", "临汾市人民政府", "浮山县",
        new DateTimeOffset(2026, 12, 14, 16, 0, 0, TimeSpan.Zero), "2026年12月14日 24:00", 15, null, null,
        [new AttachmentView("9188fc5061725e4c3110", "调查报告.pdf", "application/pdf", 482133,
            "9188fc5061725e4c31108194a25e0b4a6eb97ffc22a348b1429d3b03689473bc",
            "/api/cases/acc-2501a6c1f6dfda38b5d9/attachments/9188fc5061725e4c3110")],
        [new TimelineView(1, "accident.submitted", "报送请示 临应急字〔2026〕9号", "王经办", "applicant", "临汾市应急管理局", null,
            ["9188fc5061725e4c3110"], new DateTimeOffset(2026, 11, 29, 2, 6, 30, TimeSpan.Zero), "2026年11月29日 10:06")],
        [new TaskView("city-review-1-0", "市政府审批", "市人民政府（分管副市长）", "临汾市人民政府", TaskStates.Pending,
            new DateTimeOffset(2026, 12, 14, 16, 0, 0, TimeSpan.Zero), "2026年12月14日 24:00", 15, false, null, null, null, null)],
        true, new DateTimeOffset(2026, 11, 29, 2, 6, 30, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 2, 6, 31, TimeSpan.Zero));

    private static readonly ParkApplication Park = new(
        "尧都区人力资源服务产业园", "尧都区", false, new DateOnly(2024, 6, 1), ParkRules.MultiSite, null, 1800, 3200, 2,
        [new ResidentInstitution("临汾市某人力资源有限公司", "晋人服证字〔2024〕001号", 5_200_000),
         new ResidentInstitution("尧都区公共就业服务中心", "（公共服务机构）", 0, Commercial: false)],
        new ParkContact("张主任", "0357-2123456"),
        [new BranchSite("东城分园", "尧都区东城路88号", 800), new BranchSite("西城分园", "尧都区西城路16号", 600)]);

    private static readonly CityRequest Quwo = new("曲政请字〔2022〕12号", "关于确认曲沃经济技术开发区化工新材料园区面积和四至边界的请示",
        "曲沃经济技术开发区化工新材料园区位于开发区规划范围内。为规范园区管理，请求确认园区面积和四至边界。妥否，请批示。", "quwo-gov",
        "quwo-gov-head");

    public static object? Request(string function) => function switch
    {
        nameof(ParkApi.SubmitParkApplication) => new
        {
            application = Park, letter = "(申请函件.pdf)", approvalForm = "(审批表.pdf)", feasibility = "(可行性论证报告.pdf)",
            operations = "(运营情况.pdf)", policies = "(扶持政策.pdf)", roster = "(入驻企业名录.pdf)", other = "(可选)"
        },
        nameof(ParkApi.CorrectParkApplication) => new { application = Park, roster = "(补正后的入驻企业名录.pdf)", note = "已补充备案凭证。" },
        nameof(ParkApi.FileParkObjection) => new { name = "李某", phone = "13800001111", content = "该园区部分入驻机构未实际入驻。" },
        nameof(ParkApi.RequestBranchChange) => new BranchChangeRequest(BranchChanges.Add, "北城分园", "尧都区北城路5号", 500, "就近服务北城片区用人单位。"),
        nameof(ParkApi.RunParkAnnualCycles) => new YearRequest(2027),
        nameof(AccidentApi.SubmitAccidentRequest) => new { request = Accident, report = "(调查报告.pdf 的文件内容)" },
        nameof(AccidentApi.ResubmitAccidentRequest) => new { report = "(修改后的调查报告.pdf)", note = "已按意见补充事故直接原因分析。" },
        nameof(AccidentApi.WithdrawAccidentRequest) => new WithdrawalRequest("事故调查报告需重新组织专家论证，撤回后另行报送。"),
        nameof(CityRequestApi.SubmitCityRequest) => new { request = Quwo, attachment1 = "(园区四至范围图.pdf)" },
        nameof(CityRequestApi.ResubmitCityRequest) => new { request = Quwo, note = "已补充省自然资源厅核定四至范围的依据。" },
        "DecideReview" => new { af = "(页面表单中的防伪字段)", decision = "return", opinion = "请补充事故直接原因分析。" },
        _ => null,
    };

    public static object? Response(string function) => function switch
    {
        nameof(AccidentApi.SubmitAccidentRequest) or nameof(AccidentApi.ResubmitAccidentRequest)
            or nameof(AccidentApi.WithdrawAccidentRequest) or nameof(CaseApi.GetCase) => Case,
        _ => null,
    };
}
