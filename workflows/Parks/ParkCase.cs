using System.ComponentModel.DataAnnotations;
using System.Runtime.Serialization;
using System.Text.Json;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
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

    /// <summary>材料n：its name, as the pages and the case's file list show it.</summary>
    public static string LabelOf(string field) =>
        All.Select((m, i) => (m, i)).FirstOrDefault(x => x.m.Field == field) is ({ } material, var i)
            ? $"材料{i + 1}：{material.Label}" : field;
}

/// <summary>The application as kept on its case: who submitted it, its materials (field → attachment id), the current round.</summary>
public sealed record ParkCaseDetails(ParkApplication Application, Recipient Submitter, IReadOnlyDictionary<string, string> Materials,
    int Round, DateTimeOffset ReceivedAt)
{
    public static ParkCaseDetails Of(CaseEntity entity) =>
        JsonSerializer.Deserialize<ParkCaseDetails>(entity.DetailsJson, Json.Options)
        ?? throw new InvalidDataException($"Case {entity.PartitionKey} has no park application.");

    public string ToJson() => JsonSerializer.Serialize(this, Json.Options);

    public County County => Counties.Named(Application.County)!;
    public bool SmallCounty => Application.SmallCounty == true;
}

/// <summary>How long each step of recognition and after it may take, the panel's size and rule (policy, configurable).</summary>
public sealed class ParkPolicy
{
    [Range(1, 50)]
    public int PanelSize { get; set; } = 5;
    /// <summary>The panel recommends when at least Numerator/Denominator of its seats recommend (default 2/3).</summary>
    [Range(1, 100)]
    public int RecommendNumerator { get; set; } = 2;
    [Range(1, 100)]
    public int RecommendDenominator { get; set; } = 3;
    [Range(1, 60)]
    public int CountyReviewWorkingDays { get; set; } = 10;
    [Range(1, 60)]
    public int ExpertWorkingDays { get; set; } = 10;
    [Range(1, 60)]
    public int InspectionWorkingDays { get; set; } = 20;
    [Range(1, 60)]
    public int ObjectionWorkingDays { get; set; } = 5;
    [Range(1, 60)]
    public int PartyGroupWorkingDays { get; set; } = 15;
    /// <summary>第六条(四): not less than 5 working days.</summary>
    [Range(ParkRules.MinPublicityWorkingDays, 60)]
    public int PublicityWorkingDays { get; set; } = ParkRules.MinPublicityWorkingDays;
    /// <summary>Whether the day of announcement counts as the first working day of publicity (HOLIDAYS.md: default no).</summary>
    public bool PublicityStartDayCounts { get; set; }
    /// <summary>
    /// Development and end-to-end tests only: publicity closes this long after it starts instead of after its working days
    /// (the page still shows the legal window). The app refuses to start with it outside the Development environment.
    /// </summary>
    public TimeSpan? PublicityDurationOverride { get; set; }
    public int[] RemindWorkingDaysBefore { get; set; } = [3, 1];
    [Range(1, 30)]
    public int OverdueGraceWorkingDays { get; set; } = 3;
    /// <summary>第十七条 限期整改: calendar days the county has to rectify after 不合格.</summary>
    [Range(1, 365)]
    public int RectificationDays { get; set; } = 90;
    /// <summary>Reminders before 31 March for the yearly evaluation (第十五条: first quarter).</summary>
    public int[] AnnualRemindWorkingDaysBefore { get; set; } = [20, 10, 3, 1];
}

/// <summary>Who acts in the park processes: roles in organisations, resolved from the directory when a task opens.</summary>
public static class ParkParties
{
    /// <summary>市人社局人力资源流动管理科: organises the evaluation, inspects the site, verifies objections, assesses.</summary>
    public static readonly Assignee Organiser = new(Organisations.CityHrMobilityDivision, Roles.Applicant);
    public static readonly Assignee Supervisor = new(Organisations.CityHrBureau, Roles.Supervisor);
    public static readonly Assignee PartyGroup = new(Organisations.CityHrPartyGroup, Roles.Reviewer);
    public static readonly Assignee Finance = new(Organisations.CityFinanceBureau, Roles.Applicant);
    public static readonly Assignee DevelopmentReform = new(Organisations.CityDevelopmentReform, Roles.Applicant);

    /// <summary>The county HR bureau's 审批 gives the recommendation (推荐意见).</summary>
    public static Assignee CountyReviewer(County county) => new(county.HrBureau, Roles.Reviewer);

    /// <summary>The county HR bureau's 经办 files the yearly evaluation and reports rectification.</summary>
    public static Assignee CountyClerk(County county) => new(county.HrBureau, Roles.Applicant);

    /// <summary>An expert drawn from the pool, by person.</summary>
    public static Assignee Expert(string personId) => new(Organisations.CityHrExpertPool, Roles.Expert, personId);
}

/// <summary>Events the park workflows wait for, by name.</summary>
public static class ParkEvents
{
    /// <summary>
    /// The corrected application of round n arrived (补正); the round is in the name so a retry cannot answer a later return.
    /// </summary>
    public static string Corrected(int round) => $"ParkApplicationCorrected-{round}";

    /// <summary>Somebody filed an objection during publicity (the number only: the objector's details stay in the table).</summary>
    public const string ObjectionFiled = "ParkObjectionFiled";

    /// <summary>
    /// The publicity's end moved later (the official calendar replaced a provisional year): the window stays open longer.
    /// </summary>
    public const string PublicityExtended = "ParkPublicityExtended";
}

public sealed record ParkCorrected(int Round, DateTimeOffset ReceivedAt);

public sealed record ObjectionFiled(int Number);

public sealed record PublicityExtended(DateTimeOffset EndsAt);

/// <summary>The publicity of the proposed list (公示): when it runs, on the official calendar.</summary>
public sealed class PublicityEntity : TableRow
{
    public const string Key = "publicity";

    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    /// <summary>The calendar the end was counted on (<see cref="CalendarBasis.Code"/>), and how it was counted.</summary>
    public string EndsBasis { get; set; } = "";
    public string? EndsPeriodJson { get; set; }
    public int WorkingDays { get; set; }
    /// <summary>The workflow (version 1.2 on) follows a later end, so a calendar import may lengthen the window.</summary>
    public bool FollowsCalendar { get; set; }
    /// <summary>Set when publicity has ended: how many objections, and how many were upheld (影响评定入选).</summary>
    public DateTimeOffset? ClosedAt { get; set; }
    public int Objections { get; set; }
    public int Upheld { get; set; }

    public bool IsOpenAt(DateTimeOffset now) => ClosedAt is null && now >= StartsAt && now < EndsAt;

    [IgnoreDataMember]
    public Deadline Ends
    {
        get => new(EndsAt, CalendarBasis.Parse(EndsBasis),
            EndsPeriodJson is null ? null : JsonSerializer.Deserialize<Period>(EndsPeriodJson, Json.Options));
        set
        {
            EndsAt = value.At;
            EndsBasis = value.Basis.Code;
            EndsPeriodJson = value.Period is null ? null : JsonSerializer.Serialize(value.Period, Json.Options);
        }
    }
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
    /// <summary>
    /// The end (24:00 Beijing) of the last working day of publicity announced on <paramref name="announcedAt"/>. It protects the
    /// public: once announced it never ends earlier.
    /// </summary>
    public static Deadline PublicityEnds(WorkingCalendar calendar, DateTimeOffset announcedAt, int workingDays, bool startDayCounts) =>
        calendar.Compute(new Period(PeriodKind.WorkingDays, BeijingTime.DateOf(announcedAt), workingDays,
            PeriodBinds.Public, startDayCounts));
}
