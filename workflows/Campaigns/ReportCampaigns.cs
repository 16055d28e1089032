using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;
using Json = LinfenFlows.Shared.Json;
using Validator = LinfenFlows.Shared.Problems.Validator;

namespace LinfenFlows.Workflows.Campaigns;

/// <summary>
/// What the office sends to start a campaign: its title and document, the period, the weekday reports are due (ISO: 1 Monday
/// … 5 Friday; default 4, Thursday), the participants (organisations of the directory) and, optionally, the day their work
/// plan and task list (工作方案和任务清单) is due.
/// </summary>
public sealed record CampaignRequest([Required, MinLength(1), MaxLength(100)] string? Title,
    [Required, MinLength(1), MaxLength(50)] string? DocumentNumber, [Required] DateOnly? From, [Required] DateOnly? To,
    [Range(1, 5)] int? Weekday, [Required, MinLength(1), MaxLength(CampaignRules.MaxParticipants)] IReadOnlyList<string>? Participants,
    DateOnly? TaskListDueOn);

public sealed record CampaignDetails(string Title, string DocumentNumber, DateOnly From, DateOnly To, int Weekday,
    IReadOnlyList<string> Participants, DateOnly? TaskListDueOn, string CreatedByName)
{
    public const string Kind = "report-campaign";

    public static CampaignDetails Of(CaseEntity c) => JsonSerializer.Deserialize<CampaignDetails>(c.DetailsJson, Json.Options)!;

    public string ToJson() => JsonSerializer.Serialize(this, Json.Options);

    public string WeekdayName => CampaignRules.WeekdayName(Weekday);
}

/// <summary>One report day of a campaign: the weekday it was set for and the day reports are due (moved off rest days).</summary>
public sealed record ReportDay(int Week, DateOnly Scheduled, DateOnly Due)
{
    public bool Moved => Scheduled != Due;
}

/// <summary>
/// 定期报送的规则: reports are due on the campaign's weekday; a weekday that is a rest day on the official calendar moves to
/// the next working day (as 民法典 第二百零三条 moves a last day that falls on a holiday), and two weeks moved to the same
/// day are one report. A week's collection opens six days before its day and takes late reports until the end of the
/// next working day.
/// </summary>
public static class CampaignRules
{
    public const int OpensDaysBefore = 6;
    public const int MaxParticipants = 60;
    public const int MaxDays = 366;
    public const string MovedRule = "报送日逢法定节假日或休息日的，顺延至其后第一个工作日；两周顺延至同一日的，合并报送一次。";

    public static string WeekdayName(int weekday) => $"周{"一二三四五六日"[weekday - 1]}";

    public static IReadOnlyList<ReportDay> ReportDays(DateOnly from, DateOnly to, int weekday, WorkingCalendar calendar)
    {
        var days = new List<ReportDay>();
        var first = from.AddDays(((weekday % 7) - (int)from.DayOfWeek + 7) % 7);
        for (var s = first; s <= to; s = s.AddDays(7))
        {
            var due = calendar.NextWorkingDay(s);
            if (days.Count > 0 && days[^1].Due == due) continue;
            days.Add(new ReportDay(days.Count + 1, s, due));
        }
        return days;
    }

    /// <summary>The report days whose collection should be open on <paramref name="today"/>.</summary>
    public static IEnumerable<ReportDay> Opening(IEnumerable<ReportDay> days, DateOnly today) =>
        days.Where(d => d.Due >= today && d.Due.DayNumber - today.DayNumber <= OpensDaysBefore);

    /// <summary>Late reports are taken until the end of the first working day after the report day.</summary>
    public static DateOnly LastLateDay(DateOnly due, WorkingCalendar calendar) => calendar.NextWorkingDay(due.AddDays(1));

    public static void Validate(CampaignRequest? r, DateOnly today)
    {
        var v = new Validator();
        v.Required(r?.Title, "title", "专项工作名称", 100);
        v.Required(r?.DocumentNumber, "documentNumber", "文件文号", 50);
        v.Require(r?.From is not null, "from", "required", "请填写开始日期。", "from is required.");
        v.Require(r?.To is not null, "to", "required", "请填写结束日期。", "to is required.");
        if (r?.From is { } from && r.To is { } to)
        {
            v.Require(from <= to, "to", "after-from", "结束日期不能早于开始日期。", "to must not be before from.");
            v.Require(to >= today, "to", "not-past", "结束日期已过。", "to is in the past.");
            v.Require(to.DayNumber - from.DayNumber <= MaxDays, "to", "max-period", "报送期不能超过一年。", "The period is at most a year.");
        }
        v.Require(r?.Weekday is null or (>= 1 and <= 5), "weekday", "working-weekday",
            "报送日应为周一至周五（1至5）。", "weekday must be 1 (Monday) to 5 (Friday).");
        var participants = r?.Participants ?? [];
        v.Require(participants.Count is > 0 and <= MaxParticipants, "participants", "count",
            $"请列出报送单位（1至{MaxParticipants}个）。", $"List 1 to {MaxParticipants} participants.");
        for (var i = 0; i < participants.Count; i++)
        {
            var id = participants[i];
            v.Require(Organisations.Find(id) is not null && id != Organisations.CityAirOffice, $"participants[{i}]", "known-organisation",
                $"“{id}”不是组织机构名录中的单位。", $"'{id}' is not an organisation of the directory.");
            v.Require(participants.Take(i).All(p => p != id), $"participants[{i}]", "distinct",
                "报送单位重复。", "A participant is listed twice.");
        }
        if (r?.TaskListDueOn is { } plan)
            v.Require(plan >= today && (r.To is not { } end || plan <= end), "taskListDueOn", "within-period",
                "任务清单报送日期应在今天至结束日期之间。", "taskListDueOn must be between today and to.");
        v.ThrowIfInvalid();
    }
}

public static class CampaignParties
{
    public static readonly Assignee Office = new(Organisations.CityAirOffice, Roles.Applicant);
    public static readonly Assignee OfficeSupervisor = new(Organisations.CityAirOffice, Roles.Supervisor);

    public static Assignee Reporter(string organisation) => new(organisation, Roles.Applicant);
}

/// <summary>A collection of the campaign (a week's progress, or the task list), listed in the campaign's partition.</summary>
public sealed class CollectionEntity : TableRow
{
    public const string Prefix = "collection-";

    public static string KeyOf(DateOnly due, int week) => $"{Prefix}{due:yyyyMMdd}-{week:D3}";

    public static CollectionEntity Of(string campaignId, CollectionDetails d, string caseId) => new()
    {
        PartitionKey = campaignId, RowKey = KeyOf(d.Due, d.Week), CaseId = caseId, Label = d.Label, Week = d.Week,
        DueAt = BeijingTime.EndOf(d.Due), Moved = d.Scheduled != d.Due,
    };

    public string CaseId { get; set; } = "";
    public string Label { get; set; } = "";
    public int Week { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public bool Moved { get; set; }
    public bool Closed { get; set; }
    /// <summary>When closed: the participants who never reported (organisation ids, comma-separated).</summary>
    public string Missing { get; set; } = "";
}

public static class CampaignIds
{
    public static CaseId Of(string documentNumber)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{Organisations.CityAirOffice}|{documentNumber.Trim()}"));
        return new CaseId("cmp-" + Convert.ToHexStringLower(hash)[..20]);
    }

    public static string CollectionOf(string campaignId, ReportDay day) => $"{campaignId}-w{day.Due:yyyyMMdd}";

    public static string TaskListOf(string campaignId) => $"{campaignId}-plan";
}
