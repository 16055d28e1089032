using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;
using Json = LinfenFlows.Shared.Json;

namespace LinfenFlows.Workflows.Parks;

/// <summary>The materials of 第六条(一), by form field: 1–6 required, 7 optional.</summary>
public static class ParkMaterials
{
    public sealed record Material(string Field, string Label, bool Required);

    public static readonly IReadOnlyList<Material> All =
    [
        new("letter", "申请函件", true),
        new("approvalForm", "市级人力资源服务产业园评估认定审批表", true),
        new("feasibility", "产业园区建设可行性论证报告和建设发展规划", true),
        new("operations", "产业园建设管理和运营情况", true),
        new("policies", "地方扶持政策", true),
        new("roster", "入驻企业名录（机构名册、许可证/备案凭证及经营情况佐证材料）", true),
        new("other", "其它需要出具的相关材料", false),
    ];
}

/// <summary>The application as kept on its case: who submitted it, its materials (field → attachment id), the current round.</summary>
public sealed record ParkCaseDetails(ParkApplication Application, Recipient Submitter, IReadOnlyDictionary<string, string> Materials, int Round,
    DateTimeOffset ReceivedAt)
{
    public static ParkCaseDetails Of(CaseEntity entity) =>
        JsonSerializer.Deserialize<ParkCaseDetails>(entity.DetailsJson, Json.Options)
        ?? throw new InvalidDataException($"Case {entity.PartitionKey} has no park application.");

    public string ToJson() => JsonSerializer.Serialize(this, Json.Options);

    public County County => Counties.Named(Application.County)!;
    public bool SmallCounty => Application.SmallCounty == true;
}

/// <summary>Who takes part in recognition and after it, how long each step may take and the panel's rule (policy, configurable).</summary>
public sealed class ParkPolicy
{
    /// <summary>The city HR bureau's office for parks: organises the evaluation, inspects the site, verifies objections, assesses.</summary>
    public Recipient Organiser { get; set; } = new("rsj-parks", "市人社局人力资源流动管理科", Organisations.CityHrBureau);
    public Recipient Supervisor { get; set; } = new("rsj-supervisor", "市人社局（督办）", Organisations.CityHrBureau);
    public Recipient PartyGroup { get; set; } = new("rsj-party", "市人社局党组", Organisations.CityHrPartyGroup);
    public Recipient Finance { get; set; } = new("czj-employment", "市财政局社会保障科", Organisations.CityFinanceBureau);
    public Recipient DevelopmentReform { get; set; } = new("fgw-services", "市发改委服务业科", Organisations.CityDevelopmentReform);
    /// <summary>The expert pool, in the order seats are filled: the first <see cref="PanelSize"/> sit, the rest replace who declines.</summary>
    public List<Recipient> Experts { get; set; } =
    [
        new("expert-1", "专家 王建国（人力资源管理）", ExpertPool), new("expert-2", "专家 李红梅（区域经济）", ExpertPool),
        new("expert-3", "专家 张志强（财务审计）", ExpertPool), new("expert-4", "专家 刘芳（产业规划）", ExpertPool),
        new("expert-5", "专家 陈明（公共就业服务）", ExpertPool), new("expert-6", "专家 杨丽（人力资源服务业）", ExpertPool),
        new("expert-7", "专家 赵伟（工程建设）", ExpertPool),
    ];
    public int PanelSize { get; set; } = 5;
    /// <summary>The panel recommends when at least Numerator/Denominator of its seats recommend (default 2/3).</summary>
    public int RecommendNumerator { get; set; } = 2;
    public int RecommendDenominator { get; set; } = 3;
    public int CountyReviewWorkingDays { get; set; } = 10;
    public int ExpertWorkingDays { get; set; } = 10;
    public int InspectionWorkingDays { get; set; } = 20;
    public int ObjectionWorkingDays { get; set; } = 5;
    public int PartyGroupWorkingDays { get; set; } = 15;
    /// <summary>第六条(四): not less than 5 working days.</summary>
    public int PublicityWorkingDays { get; set; } = 5;
    /// <summary>Whether the day of announcement counts as the first working day of publicity (HOLIDAYS.md: default no).</summary>
    public bool PublicityStartDayCounts { get; set; }
    /// <summary>
    /// Development and end-to-end tests only: publicity closes this long after it starts instead of after its working days
    /// (the page still shows the legal window). The app refuses to start with it outside the Development environment.
    /// </summary>
    public TimeSpan? PublicityDurationOverride { get; set; }
    public int[] RemindWorkingDaysBefore { get; set; } = [3, 1];
    public int OverdueGraceWorkingDays { get; set; } = 3;
    /// <summary>第十七条 限期整改: calendar days the county has to rectify after 不合格.</summary>
    public int RectificationDays { get; set; } = 90;
    /// <summary>Reminders before 31 March for the yearly evaluation (第十五条: first quarter).</summary>
    public int[] AnnualRemindWorkingDaysBefore { get; set; } = [20, 10, 3, 1];

    public const string ExpertPool = "linfen-rsj-experts";

    public static Recipient CountyReviewer(County county) => new($"{county.Code}-rsj-head", $"{county.Name}人社局（分管负责人）", county.HrBureau);
    public static Recipient CountyClerk(County county) => new($"{county.Code}-rsj-parks", $"{county.Name}人社局（产业园经办）", county.HrBureau);
}

/// <summary>Events the park workflows wait for, by name.</summary>
public static class ParkEvents
{
    /// <summary>The corrected application of round n arrived (补正); the round is in the name so a retry cannot answer a later return.</summary>
    public static string Corrected(int round) => $"ParkApplicationCorrected-{round}";

    /// <summary>Somebody filed an objection during publicity (the number only: the objector's details stay in the table).</summary>
    public const string ObjectionFiled = "ParkObjectionFiled";
}

public sealed record ParkCorrected(int Round, DateTimeOffset ReceivedAt);

public sealed record ObjectionFiled(int Number);

/// <summary>The publicity of the proposed list (公示): when it runs, on the official calendar.</summary>
public sealed class PublicityEntity : TableRow
{
    public const string Key = "publicity";

    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    public int WorkingDays { get; set; }
    /// <summary>Set when publicity has ended: how many objections, and how many were upheld (影响评定入选).</summary>
    public DateTimeOffset? ClosedAt { get; set; }
    public int Objections { get; set; }
    public int Upheld { get; set; }

    public bool IsOpenAt(DateTimeOffset now) => ClosedAt is null && now >= StartsAt && now < EndsAt;
}

/// <summary>An objection (异议) filed during publicity; the objector's name and phone stay here, never in the workflow.</summary>
public sealed class ObjectionEntity : TableRow
{
    public const string Prefix = "objection-";

    public int Number { get; set; }
    /// <summary>The same objection submitted twice (a double click, a retry) is one objection.</summary>
    public string SubmissionKey { get; set; } = "";
    public string ObjectorName { get; set; } = "";
    public string Phone { get; set; } = "";
    public string Content { get; set; } = "";
    public DateTimeOffset FiledAt { get; set; }

    public static string KeyOf(int number) => $"{Prefix}{number:D4}";
}

public static class ParkDeadlines
{
    /// <summary>The end (24:00 Beijing) of the last working day of publicity announced on <paramref name="announcedAt"/>.</summary>
    public static DateTimeOffset PublicityEnds(WorkingCalendar calendar, DateTimeOffset announcedAt, int workingDays, bool startDayCounts) =>
        BeijingTime.EndOf(calendar.AddWorkingDays(BeijingTime.DateOf(announcedAt), workingDays, startDayCounts));
}
