using System.Globalization;
using System.Runtime.Serialization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Tasks;
using Json = LinfenFlows.Shared.Json;

namespace LinfenFlows.Workflows.Parks;

/// <summary>An expert of the pool left out of a park's draw, and why (回避 by rule).</summary>
public sealed record ExcludedExpert(string PersonId, string Name, string Reason);

/// <summary>
/// 专家抽取: the panel's draw, kept in the case partition (row <see cref="Key"/>) so it can be re-checked: the seed, every
/// candidate of the pool, who was excluded and why, and the order the draw gave — the first seats sit, the rest replace
/// an expert who declines, in that order.
/// </summary>
public sealed class PanelDrawEntity : TableRow
{
    public const string Key = "panel-draw";

    public string Seed { get; set; } = "";
    public string CandidatesJson { get; set; } = "[]";
    public string ExcludedJson { get; set; } = "[]";
    /// <summary>Person ids in drawn order.</summary>
    public string Order { get; set; } = "";
    public DateTimeOffset DrawnAt { get; set; }

    [IgnoreDataMember]
    public IReadOnlyList<string> Drawn => Order.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>The draw's rules, pure: who conflicts with the applicant, and the order a seed gives.</summary>
public static class ExpertDraw
{
    /// <summary>
    /// An expert who lives in the park's county, or works for the applying bureau, the park or one of its institutions, steps aside.
    /// </summary>
    public static string? ConflictOf(Person expert, ParkCaseDetails d, string applicantName)
    {
        var e = expert.Expertise;
        if (e?.County is { } county && county == d.County.Name) return $"所在县（市、区）与申报园区相同（{county}）";
        if (e?.Employer is not { Length: > 0 } employer) return null;
        var parties = new[] { applicantName, d.Application.ParkName ?? "" }
            .Concat((d.Application.Institutions ?? []).Select(i => i.Name ?? ""));
        var hit = parties.FirstOrDefault(p => p.Length > 0 && (Same(p, employer)));
        return hit is null ? null : $"工作单位与申报方有关（{employer}）";
    }

    /// <summary>The draw's order: candidates sorted by SHA-256(seed|person id) — anyone with the seed and the list can check it.</summary>
    public static IReadOnlyList<string> Order(string seed, IEnumerable<string> candidateIds) =>
        candidateIds.OrderBy(id => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}|{id}"))),
            StringComparer.Ordinal).ToList();

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.Ordinal);
}

/// <summary>Reads a case's draw (the seat → expert mapping the panel's tasks use).</summary>
public sealed class PanelDraws(CaseJournal journal)
{
    public async Task<string> ExpertAtAsync(string caseId, int seat)
    {
        var draw = await journal.FindRowAsync<PanelDrawEntity>(new CaseId(caseId), PanelDrawEntity.Key)
                   ?? throw new InvalidOperationException($"Case {caseId} has no panel draw.");
        return draw.Drawn[seat];
    }
}

/// <summary>The expert panel's activities: the draw from the pool, and the combination of the experts' decisions.</summary>
public sealed class ParkPanelActivities(CaseJournal journal, StaffDirectory directory, ParkPolicy policy,
    PublicUrls urls, TimeProvider clock)
{
    public const string PlanExpertPanel = nameof(PlanExpertPanel);
    public const string CombinePanel = nameof(CombinePanel);

    /// <summary>
    /// Draws the panel at random from the city HR bureau's pool (in this activity, so the workflow stays deterministic),
    /// excludes experts who conflict with the applicant, and records seed, candidates, exclusions and order. Run again,
    /// it returns the draw already made.
    /// </summary>
    public async Task<PanelPlan> PlanAsync(string caseIdText)
    {
        var caseId = new CaseId(caseIdText);
        if (await journal.FindRowAsync<PanelDrawEntity>(caseId, PanelDrawEntity.Key) is { } drawn)
            return new PanelPlan(Math.Min(policy.PanelSize, drawn.Drawn.Count), drawn.Drawn.Count);
        var c = await journal.GetAsync(caseId);
        var details = ParkCaseDetails.Of(c);
        var pool = (await directory.MembersAsync(Organisations.CityHrExpertPool)).Where(p => p.Holds(Roles.Expert)).ToList();
        var applicant = await directory.NameOfAsync(c.ApplicantOrganisation);
        var excluded = pool.Select(p => (p, Reason: ExpertDraw.ConflictOf(p, details, applicant))).Where(x => x.Reason is not null)
            .Select(x => new ExcludedExpert(x.p.Id, x.p.Name, x.Reason!)).ToList();
        var eligible = pool.Where(p => excluded.All(x => x.PersonId != p.Id)).ToList();
        var seed = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var order = ExpertDraw.Order(seed, eligible.Select(p => p.Id));
        var names = eligible.ToDictionary(p => p.Id, p => p.Name);
        var size = Math.Min(policy.PanelSize, order.Count);
        var shortfall = policy.PanelSize - size;
        var draw = new PanelDrawEntity
        {
            RowKey = PanelDrawEntity.Key, Seed = seed, Order = string.Join(',', order), DrawnAt = clock.GetUtcNow(),
            CandidatesJson = JsonSerializer.Serialize(pool.Select(p => new { p.Id, p.Name, p.Expertise?.Field }), Json.Options),
            ExcludedJson = JsonSerializer.Serialize(excluded, Json.Options),
        };
        var drawnNames = string.Join("、", order.Take(size).Select(id => names[id]));
        var reserves = string.Join("、", order.Skip(size).Select(id => names[id]));
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = "evaluation-started",
            Event = new CaseEventDraft("park.evaluation",
                $"县级推荐，市人社局会同市发改委、市财政局组织专家评估：从专家库{pool.Count}名专家中随机抽取{size}名（{drawnNames}）" +
                (reserves.Length == 0 ? "" : $"，备选依次为{reserves}") +
                (excluded.Count == 0 ? "" : $"；依规回避{excluded.Count}名（{string.Join("；", excluded.Select(x => $"{x.Name}：{x.Reason}"))}）") +
                (shortfall > 0 ? $"；专家库可抽取的专家不足，{shortfall}个席位空缺（计为不推荐）" : "") +
                $"。抽取种子 {seed}，顺序为各专家“种子|标识”SHA-256 值升序，可复核。",
                Actor.System, clock.GetUtcNow()),
            Update = e => { e.AddParty(Organisations.CityDevelopmentReform); e.AddParty(Organisations.CityFinanceBureau); },
            Rows = [draw],
            Notifications =
            [
                new Notification("evaluation-fgw", ParkParties.DevelopmentReform, "【会同评估】市级人力资源服务产业园认定",
                    $"市人社局已组织专家对{details.Application.ParkName}进行书面评估，请派员参加实地考察。", urls.Absolute(Routes.CaseProgressPath(caseIdText))),
                new Notification("evaluation-czj", ParkParties.Finance, "【会同评估】市级人力资源服务产业园认定",
                    $"市人社局已组织专家对{details.Application.ParkName}进行书面评估，请派员参加实地考察。", urls.Absolute(Routes.CaseProgressPath(caseIdText))),
            ],
        });
        return new PanelPlan(size, order.Count);
    }

    /// <summary>Combines the experts' recommendations by the panel's rule and records the scores' averages.</summary>
    public async Task<PanelVerdict> CombineAsync(CombinePanelInput input)
    {
        var caseId = new CaseId(input.CaseId);
        var tasks = new List<TaskEntity>();
        foreach (var id in input.TaskIds) tasks.Add(await journal.DecidedTaskAsync(caseId, id));
        // Every seat of the policy counts: a seat the pool could not fill counts against, never for.
        var size = policy.PanelSize;
        var recommends = tasks.Count(t => t.Decision == Decisions.Recommend);
        var needed = (int)Math.Ceiling(size * (decimal)policy.RecommendNumerator / policy.RecommendDenominator);
        var passed = ParkRules.PanelRecommends(recommends, size, policy.RecommendNumerator, policy.RecommendDenominator);
        var averages = string.Join("，", ParkActivities.ExpertScores.Select(f =>
        {
            var scores = tasks.Select(t => t.Values.TryGetValue(f.Key, out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : (int?)null)
                .OfType<int>().ToList();
            return $"{f.Label[..3]}平均{(scores.Count == 0 ? "—" : scores.Average().ToString("0.0", CultureInfo.InvariantCulture))}分";
        }));
        var label = $"专家书面评估：{size}个席位中{recommends}名专家推荐（须不少于{needed}名，{policy.RecommendNumerator}/{policy.RecommendDenominator}），" +
                    $"{(passed ? "通过" : "未通过")}；{averages}";
        await journal.RecordAsync(caseId, new CaseChange
        {
            Key = "panel-combined",
            Event = new CaseEventDraft("park.panel", label, Actor.System, clock.GetUtcNow()),
        });
        return new PanelVerdict(passed, recommends, needed, size);
    }
}
