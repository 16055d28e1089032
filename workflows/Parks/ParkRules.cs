using System.Globalization;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;

namespace LinfenFlows.Workflows.Parks;

/// <summary>A county HR bureau's application for a county-level park to be recognised as a city-level park (第六条(一)).</summary>
public sealed record ParkApplication(
    string? ParkName,
    string? County,
    bool? SmallCounty,
    DateOnly? OperatingSince,
    string? Layout,
    decimal? BuildingArea,
    decimal? CoreArea,
    decimal? TotalArea,
    int? BranchSites,
    IReadOnlyList<ResidentInstitution>? Institutions,
    ParkContact? Contact,
    IReadOnlyList<BranchSite>? Branches = null);

/// <summary>A branch site (分园区) of a park with several sites.</summary>
public sealed record BranchSite(string? Name, string? Address, decimal? Area);

/// <summary>A resident HR service institution: its licence or filing number and last year's revenue in 元 (含代收代付).</summary>
public sealed record ResidentInstitution(string? Name, string? LicenceNumber, decimal? RevenueLastYear, bool Commercial = true);

public sealed record ParkContact(string? Name, string? Phone);

/// <summary>The thresholds of 第五条 for one kind of county.</summary>
public sealed record ParkThresholds(decimal SingleSiteArea, decimal CoreArea, decimal TotalArea, int MaxBranchSites, int Institutions,
    decimal TotalRevenue)
{
    public static readonly ParkThresholds Normal = new(2500, 1500, 3000, 3, 10, 25_000_000);
    /// <summary>人口少于20万的县.</summary>
    public static readonly ParkThresholds SmallCounty = new(2000, 1200, 2400, 3, 8, 20_000_000);
}

public enum ParkLevel { City, Provincial, National }

/// <summary>
/// 第九条 for one level of park: the share of the county's (or city's) yearly target to reach, the base, the rate above it, the cap.
/// </summary>
public sealed record SubsidyScheme(ParkLevel Level, int ThresholdPercent, decimal Base, decimal PerPerson, decimal Cap, string Payer);

/// <summary>The operating subsidy of one year with its working, as the finance bureau and the county read it.</summary>
public sealed record SubsidyWorking(ParkLevel Level, int EmploymentPromoted, int Target, int Threshold, bool Reached, int Above,
    decimal Uncapped, decimal Amount, string Explanation);

/// <summary>The rules of 《临汾市市级人力资源服务产业园管理办法（试行）》 that can be checked from numbers: pure, tested with the document's table.</summary>
public static class ParkRules
{
    public const string SingleSite = "single";
    public const string MultiSite = "multi";
    /// <summary>“上一年度营业收入超过250万元的机构不少于3家，或超过500万元的机构不少于1家”.</summary>
    public const decimal LargeRevenue = 2_500_000, VeryLargeRevenue = 5_000_000;
    public const int LargeInstitutions = 3, VeryLargeInstitutions = 1;

    /// <summary>第六条(四): the proposed list is publicised for not less than 5 working days.</summary>
    public const int MinPublicityWorkingDays = 5;

    /// <summary>第八条: the one-off reward, 500,000 元, or 400,000 元 for a park recognised under the small-county standard.</summary>
    public static decimal Reward(bool smallCounty) => smallCounty ? 400_000 : 500_000;

    public static ParkThresholds ThresholdsFor(bool smallCounty) => smallCounty ? ParkThresholds.SmallCounty : ParkThresholds.Normal;

    /// <summary>第九条, by level of park.</summary>
    public static SubsidyScheme SchemeFor(ParkLevel level) => level switch
    {
        ParkLevel.Provincial => new(level, 15, 300_000, 30, 600_000, "省级财政"),
        ParkLevel.National => new(level, 20, 500_000, 30, 800_000, "省级财政"),
        _ => new(level, 10, 100_000, 15, 300_000, "市级财政"),
    };

    /// <summary>
    /// 第九条: when the employment the park promoted in the year reaches the percentage of the county's yearly target (urban new
    /// jobs + rural labour transfer; the city's for provincial and national parks), the base, plus the rate per person above
    /// the threshold, capped. The threshold is rounded up to whole people: reaching 10 % of 12,345 needs 1,235 people.
    /// </summary>
    public static SubsidyWorking OperatingSubsidy(ParkLevel level, int employmentPromoted, int target)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(employmentPromoted);
        ArgumentOutOfRangeException.ThrowIfLessThan(target, 1);
        var s = SchemeFor(level);
        var threshold = (int)Math.Ceiling(target * s.ThresholdPercent / 100m);
        var reached = employmentPromoted >= threshold;
        var above = reached ? employmentPromoted - threshold : 0;
        var uncapped = reached ? s.Base + above * s.PerPerson : 0;
        var amount = Math.Min(uncapped, s.Cap);
        var explanation = reached
            ? $"促进就业{employmentPromoted:N0}人，达到年度任务{target:N0}人的{s.ThresholdPercent}%（{threshold:N0}人）；基础运营经费{Yuan(s.Base)}，" +
              $"超出{above:N0}人×{s.PerPerson:0}元/人={Yuan(above * s.PerPerson)}，合计{Yuan(uncapped)}" +
              (uncapped > s.Cap ? $"，超过每年上限{Yuan(s.Cap)}，按上限补助{Yuan(amount)}。" : $"，补助{Yuan(amount)}。")
            : $"促进就业{employmentPromoted:N0}人，未达到年度任务{target:N0}人的{s.ThresholdPercent}%（{threshold:N0}人），不予补助。";
        return new SubsidyWorking(level, employmentPromoted, target, threshold, reached, above, uncapped, amount, explanation);
    }

    public static string Yuan(decimal amount) => amount.ToString("N0", CultureInfo.InvariantCulture) + "元";

    /// <summary>
    /// Every broken rule of the application at once (一次性告知): the form's fields, then the hard conditions of 第五条 and
    /// “运营满一年以上” (第六条), in Chinese; a complete application that meets them passes silently.
    /// </summary>
    public static void Validate(ParkApplication? a, DateOnly appliedOn)
    {
        var v = new Validator();
        Check(v, a, appliedOn);
        v.ThrowIfInvalid();
    }

    /// <summary>Adds every broken rule of the application to <paramref name="v"/> (the intake adds the materials' own).</summary>
    public static void Check(Validator v, ParkApplication? a, DateOnly appliedOn)
    {
        if (a is null)
        {
            v.Add(new FieldError("application", "required", "申报内容不能为空。", "The application body is required."));
            return;
        }
        CheckFields(v, a, appliedOn);
        foreach (var unmet in UnmetConditions(a, appliedOn)) v.Add(unmet);
    }

    private static void CheckFields(Validator v, ParkApplication a, DateOnly appliedOn)
    {
        v.Required(a.ParkName, "parkName", "产业园名称", 100);
        v.Require(Counties.Named(a.County) is not null, "county", "allowed-county",
            "所在县（市、区）应为临汾市所辖县（市、区）之一。", "county must be one of Linfen's counties, cities or districts.");
        v.Require(a.SmallCounty is not null, "smallCounty", "required", "请说明所在县人口是否少于20万。", "smallCounty is required.");
        v.Require(a.OperatingSince is not null, "operatingSince", "required", "请填写产业园开始运营日期。", "operatingSince is required.");
        v.Require(a.OperatingSince is null || a.OperatingSince <= appliedOn, "operatingSince", "not-in-future",
            "开始运营日期不能晚于今天。", "operatingSince must not be in the future.");
        if (a.Layout is not (SingleSite or MultiSite))
            v.Add(new FieldError("layout", "allowed-layout", "园区布局只能是 single（集中单一园区）或 multi（一园多区）。", "layout must be single or multi."));
        if (a.Layout == SingleSite)
            v.Require(a.BuildingArea is > 0, "buildingArea", "required", "请填写园区建筑面积（平方米）。",
                "buildingArea (m²) is required for a single site.");
        if (a.Layout == MultiSite)
        {
            v.Require(a.CoreArea is > 0, "coreArea", "required", "请填写核心园区面积（平方米）。", "coreArea (m²) is required for several sites.");
            v.Require(a.TotalArea is > 0, "totalArea", "required", "请填写园区总面积（平方米）。", "totalArea (m²) is required for several sites.");
            v.Require(a.BranchSites is >= 1, "branchSites", "required", "一园多区的，请填写分园区数量（至少1个）。",
                "branchSites (at least 1) is required for several sites.");
            v.Require(a.CoreArea is null || a.TotalArea is null || a.TotalArea >= a.CoreArea, "totalArea", "not-below-core",
                "园区总面积不能小于核心园区面积。", "totalArea must not be less than coreArea.");
            v.Require(a.Branches is null || a.Branches.Count == a.BranchSites, "branches", "count",
                "列出的分园区数量应与分园区数量一致。", "branches must list as many sites as branchSites says.");
            for (var i = 0; i < (a.Branches?.Count ?? 0); i++)
                CheckBranch(v, $"branches[{i}]", $"分园区第{i + 1}个", a.Branches![i]);
        }
        v.Require(a.Institutions is { Count: > 0 }, "institutions", "required", "请列出入驻园区的人力资源服务机构。", "institutions are required.");
        for (var i = 0; i < (a.Institutions?.Count ?? 0); i++)
        {
            var x = a.Institutions![i];
            v.Required(x.Name, $"institutions[{i}].name", $"入驻机构第{i + 1}家的名称", 100)
             .Required(x.LicenceNumber, $"institutions[{i}].licenceNumber", $"入驻机构第{i + 1}家的人力资源服务许可证或备案凭证编号", 60);
            v.Require(x.RevenueLastYear is >= 0, $"institutions[{i}].revenueLastYear", "not-negative",
                $"入驻机构第{i + 1}家的上一年度营业收入应填写，且不能为负数。", $"institutions[{i}].revenueLastYear is required and must not be negative.");
        }
        var names = (a.Institutions ?? []).Select(x => x.Name?.Trim()).Where(n => !string.IsNullOrEmpty(n)).ToList();
        v.Require(names.Distinct().Count() == names.Count, "institutions", "unique", "入驻机构名单中有重复的机构。",
            "institutions lists an institution twice.");
        v.Required(a.Contact?.Name, "contact.name", "联系人", 30);
        v.Require(PersonalData.IsPhoneNumber(a.Contact?.Phone),
            "contact.phone", "phone", "联系电话应为11位手机号码或带区号的固定电话。", "contact.phone must be a mobile number or a landline with area code.");
    }

    /// <summary>A branch site needs a name, an address and its area.</summary>
    public static void CheckBranch(Validator v, string field, string label, BranchSite? b)
    {
        v.Required(b?.Name, $"{field}.name", $"{label}的名称", 100)
         .Required(b?.Address, $"{field}.address", $"{label}的地址", 200);
        v.Require(b?.Area is > 0, $"{field}.area", "positive", $"{label}的面积应大于0平方米。", $"{field}.area must be more than 0 m².");
    }

    /// <summary>
    /// The hard conditions the application does not meet, each with the declared figure and what is required; a condition
    /// whose figures are missing is not judged (the missing field is reported instead).
    /// </summary>
    public static IReadOnlyList<FieldError> UnmetConditions(ParkApplication a, DateOnly appliedOn)
    {
        var small = a.SmallCounty == true;
        var t = ThresholdsFor(small);
        var relaxed = small ? "（人口少于20万的县放宽标准）" : "";
        var unmet = new List<FieldError>();
        void Unless(bool ok, string field, string rule, string message, string messageEn)
        {
            if (!ok) unmet.Add(new FieldError(field, rule, message + relaxed, messageEn));
        }

        if (a.OperatingSince is { } since)
            Unless(since <= appliedOn.AddYears(-1), "operatingSince", "operating-one-year",
                $"产业园自{since:yyyy年M月d日}运营，申报时须运营满一年以上（{appliedOn.AddYears(-1):yyyy年M月d日}或之前开始运营）",
                "The park must have operated for at least one year.");
        if (a.Layout == SingleSite && a.BuildingArea is > 0)
            Unless(a.BuildingArea >= t.SingleSiteArea, "buildingArea", "min-area",
                $"只设一个园区的，建筑面积应不少于{t.SingleSiteArea:0}平方米，申报为{a.BuildingArea:0.##}平方米",
                $"A single site needs at least {t.SingleSiteArea} m².");
        if (a.Layout == MultiSite)
        {
            if (a.CoreArea is > 0) Unless(a.CoreArea >= t.CoreArea, "coreArea", "min-area",
                $"设立多个园区的，核心园区面积应不少于{t.CoreArea:0}平方米，申报为{a.CoreArea:0.##}平方米", $"The core site needs at least {t.CoreArea} m².");
            if (a.TotalArea is > 0) Unless(a.TotalArea >= t.TotalArea, "totalArea", "min-area",
                $"设立多个园区的，园区总面积应不少于{t.TotalArea:0}平方米，申报为{a.TotalArea:0.##}平方米", $"The sites together need at least {t.TotalArea} m².");
            if (a.BranchSites is >= 1) Unless(a.BranchSites <= t.MaxBranchSites, "branchSites", "max-branch-sites",
                $"分园区原则上不超过{t.MaxBranchSites}个，申报为{a.BranchSites}个", $"At most {t.MaxBranchSites} branch sites.");
        }
        var institutions = a.Institutions ?? [];
        if (institutions.Count > 0) Unless(institutions.Count >= t.Institutions, "institutions", "min-institutions",
            $"入驻人力资源服务机构应不少于{t.Institutions}家，申报为{institutions.Count}家", $"At least {t.Institutions} resident institutions are needed.");
        var commercialTotal = institutions.Where(x => x.Commercial).Sum(x => x.RevenueLastYear ?? 0);
        var large = institutions.Count(x => x.RevenueLastYear > LargeRevenue);
        var veryLarge = institutions.Count(x => x.RevenueLastYear > VeryLargeRevenue);
        // Judged only on complete figures: a missing revenue is already reported on its own field.
        if (institutions.Count > 0 && institutions.All(x => x.RevenueLastYear is >= 0))
            Unless(commercialTotal >= t.TotalRevenue || large >= LargeInstitutions || veryLarge >= VeryLargeInstitutions,
                "institutions", "revenue",
            $"上一年度营业收入（含代收代付）条件均未达到：入驻经营性机构合计{Wan(commercialTotal)}万元（应不少于{Wan(t.TotalRevenue)}万元），" +
            $"或超过250万元的机构{large}家（应不少于3家），或超过500万元的机构{veryLarge}家（应不少于1家）",
            "None of the revenue conditions is met.");
        return unmet;
    }

    private static string Wan(decimal yuan) => (yuan / 10_000m).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The panel recommends when at least <paramref name="numerator"/>/<paramref name="denominator"/> of its seats do.</summary>
    public static bool PanelRecommends(int recommends, int panelSize, int numerator, int denominator) =>
        recommends * denominator >= numerator * panelSize;

    /// <summary>第十七条: what follows a comprehensive assessment, given the previous cycle's grade.</summary>
    public static AssessmentConsequence AfterAssessment(string grade, string? previousGrade) => grade switch
    {
        AssessmentGrades.Excellent => AssessmentConsequence.Commend,
        AssessmentGrades.Unqualified when previousGrade == AssessmentGrades.Unqualified => AssessmentConsequence.Revoke,
        AssessmentGrades.Unqualified => AssessmentConsequence.Rectify,
        _ => AssessmentConsequence.None,
    };
}

public enum AssessmentConsequence { None, Commend, Rectify, Revoke }

public static class AssessmentGrades
{
    public const string Excellent = "优秀";
    public const string Qualified = "合格";
    public const string Unqualified = "不合格";
}
