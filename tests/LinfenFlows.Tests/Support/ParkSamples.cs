using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Workflows.Parks;

namespace LinfenFlows.Tests.Support;

/// <summary>Applications and people of the park process: a normal county (尧都区) and a small county (永和县, under 200k people).</summary>
public static class ParkSamples
{
    public static readonly County Yaodu = Counties.Named("尧都区")!;
    public static readonly County Yonghe = Counties.Named("永和县")!;

    /// <summary>The county HR bureau's 经办 of the sample directory (尧都区, 浮山县, 安泽县, 古县, 永和县 have one).</summary>
    public static Caller ClerkOf(County county) => People.Get($"{county.Code}-clerk");

    public static readonly Caller YaoduClerk = ClerkOf(Yaodu);

    /// <summary>
    /// Ten institutions whose revenues total exactly 25,000,000 元, none above 2,500,000: the normal thresholds, just met.
    /// </summary>
    public static IReadOnlyList<ResidentInstitution> Institutions(int count = 10, decimal each = 2_500_000) =>
        Enumerable.Range(1, count).Select(i => new ResidentInstitution($"临汾人力资源服务机构{i}号", $"晋人服证字〔2024〕{i:D3}号", each)).ToList();

    /// <summary>A single-site park in 尧都区 that meets every condition exactly at its threshold; its name is unique per call.</summary>
    public static ParkApplication Application(string? name = null) => new(
        ParkName: name ?? $"尧都区人力资源服务产业园{Guid.NewGuid():N}"[..24],
        County: "尧都区",
        SmallCounty: false,
        OperatingSince: new DateOnly(2024, 6, 1),
        Layout: ParkRules.SingleSite,
        BuildingArea: 2500,
        CoreArea: null,
        TotalArea: null,
        BranchSites: null,
        Institutions: Institutions(),
        Contact: new ParkContact("张主任", "13912345678"));

    public static ParkApplication MultiSite(bool small = false) => Application() with
    {
        County = small ? "永和县" : "尧都区",
        SmallCounty = small,
        Layout = ParkRules.MultiSite,
        BuildingArea = null,
        CoreArea = small ? 1200 : 1500,
        TotalArea = small ? 2400 : 3000,
        BranchSites = 3,
        Institutions = Institutions(small ? 8 : 10, small ? 2_500_000 : 2_500_000),
    };

    /// <summary>Materials 1–6 (7 is optional), each a small PDF.</summary>
    public static Dictionary<string, UploadedFile> Materials() =>
        ParkMaterials.All.Where(m => m.Required).ToDictionary(m => m.Field, m => new UploadedFile($"{m.Field}.pdf", Samples.Pdf(m.Label)));
}
