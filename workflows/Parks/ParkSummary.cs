using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Workflows.Parks;

public static class ParkSummary
{
    /// <summary>The stages of recognition a person following the case sees, each done once its timeline entry is there.</summary>
    public static readonly IReadOnlyList<CaseStage> Stages =
    [
        new("县级人社部门申报", "park.submitted"),
        new("县级人社部门审核推荐", "park.evaluation"),
        new("专家书面评估、实地考察", "park.publicity"),
        new("公示（不少于5个工作日）", "park.publicity-closed"),
        new("市人社局党组审定、批复", "park.recognised"),
    ];

    /// <summary>The application as a reviewer reads it, label by label; the declared figures next to the thresholds.</summary>
    public static IEnumerable<(string Label, string Value)> Lines(ParkCaseDetails d)
    {
        var a = d.Application;
        var t = ParkRules.ThresholdsFor(d.SmallCounty);
        yield return ("产业园名称", a.ParkName ?? "");
        yield return ("所在县（市、区）", a.County ?? "");
        yield return ("人口少于20万的县", d.SmallCounty ? "是（适用放宽标准）" : "否");
        yield return ("开始运营", a.OperatingSince is { } since ? BeijingTime.FormatDate(since) : "");
        yield return ("园区布局", a.Layout == ParkRules.MultiSite
            ? $"一园多区：核心园区{a.CoreArea:0.##}㎡（≥{t.CoreArea:0}），总面积{a.TotalArea:0.##}㎡（≥{t.TotalArea:0}），" +
                $"分园区{a.BranchSites}个（≤{t.MaxBranchSites}）"
            : $"集中单一园区：建筑面积{a.BuildingArea:0.##}㎡（≥{t.SingleSiteArea:0}）");
        foreach (var (b, i) in (a.Branches ?? []).Select((b, i) => (b, i)))
            yield return ($"分园区{i + 1}", $"{b.Name}，{b.Address}，{b.Area:0.##}㎡");
        var institutions = a.Institutions ?? [];
        yield return ("入驻人力资源服务机构", $"{institutions.Count}家（≥{t.Institutions}）");
        yield return ("上一年度营业收入（含代收代付）",
            $"经营性机构合计{ParkRules.Yuan(institutions.Where(x => x.Commercial).Sum(x => x.RevenueLastYear ?? 0))}；" +
            $"超过250万元的{institutions.Count(x => x.RevenueLastYear > ParkRules.LargeRevenue)}家，" +
            $"超过500万元的{institutions.Count(x => x.RevenueLastYear > ParkRules.VeryLargeRevenue)}家");
        foreach (var x in institutions)
            yield return ("入驻机构", $"{x.Name}（{x.LicenceNumber}），{ParkRules.Yuan(x.RevenueLastYear ?? 0)}{(x.Commercial ? "" : "，公共服务机构")}");
        yield return ("第五条硬性条件", "申报时系统按所填数据核验，均已达到");
        yield return ("联系人", $"{a.Contact?.Name} {PersonalData.Mask(a.Contact?.Phone)}");
        yield return ("报送次数", $"第{d.Round}次报送");
    }

    /// <summary>For the verifier of an objection: what it says and who to contact (staff only; never on public pages).</summary>
    public static IEnumerable<(string Label, string Value)> ObjectionLines(ObjectionEntity o)
    {
        yield return ($"异议（第{o.Number}件）", o.Content);
        yield return ("异议人", o.ObjectorName);
        yield return ("联系电话", o.Phone);
        yield return ("提出时间", BeijingTime.Format(o.FiledAt));
    }

    /// <summary>The objection number an objection-verification task is about (task id <c>objection-{n}-{escalation}</c>).</summary>
    public static int? ObjectionOf(TaskEntity task) =>
        task.Step == ParkSteps.Objection && int.TryParse(task.TaskId.Split('-')[1], out var n) ? n : null;
}
