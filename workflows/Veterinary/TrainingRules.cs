using System.Globalization;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Workflows.Veterinary;

/// <summary>Who is trained: official vets (官方兽医), trainers (师资), and assistant inspectors (协检员, 参照执行).</summary>
public static class VetRoles
{
    public const string Official = "official";
    public const string Trainer = "trainer";
    public const string Inspector = "inspector";
    public static readonly IReadOnlyList<string> All = [Official, Trainer, Inspector];

    public static string Label(string role) => role switch { Trainer => "师资", Inspector => "协检员", _ => "官方兽医" };
}

/// <summary>Where hours come from.</summary>
public static class HourSources
{
    /// <summary>Pushed by the online training platform (system to system).</summary>
    public const string Online = "online";
    /// <summary>An offline session registered by its organiser, which issues a certificate to each attendee.</summary>
    public const string Session = "session";
    /// <summary>Teaching hours of a trainer at a session.</summary>
    public const string Teaching = "teaching";
    /// <summary>A vet's own certificate of training elsewhere, counted once the county bureau has verified it.</summary>
    public const string Certificate = "certificate";

    public static string Label(string source) => source switch
    {
        Online => "线上学习",
        Session => "线下培训",
        Teaching => "授课",
        Certificate => "外部培训证书",
        _ => source,
    };
}

public static class YearResults
{
    public const string Met = "达标";
    public const string NotMet = "未达标";
    /// <summary>Certificates submitted before the deadline are still being verified: fixed when they are.</summary>
    public const string Pending = "待核验";
}

/// <summary>A vet's year as the rules judge it.</summary>
public sealed record YearStanding(decimal Hours, decimal TeachingHours, bool Met, decimal HoursShort, decimal TeachingShort);

/// <summary>A county's (or the city's) training figures for a year, against the plan's targets.</summary>
public sealed record TrainingRates(int Vets, int Participated, int Completed, int ExamTaken, int ExamPassed)
{
    public decimal ParticipationRate => Rate(Participated, Vets);
    public decimal CompletionRate => Rate(Completed, Vets);
    public decimal PassRate => Rate(ExamPassed, ExamTaken);
    /// <summary>考核评价 targets by 2025: 完训率 100 %, 考试合格率 ≥ 90 %.</summary>
    public bool CompletionTargetMet => Vets > 0 && Completed == Vets;
    public bool PassTargetMet => ExamTaken > 0 && PassRate >= 90;

    private static decimal Rate(int part, int whole) => whole == 0 ? 0 : Math.Round(part * 100m / whole, 1);

    public static TrainingRates Sum(IEnumerable<TrainingRates> parts) => parts.Aggregate(new TrainingRates(0, 0, 0, 0, 0),
        (a, b) => new(a.Vets + b.Vets, a.Participated + b.Participated, a.Completed + b.Completed, a.ExamTaken + b.ExamTaken,
            a.ExamPassed + b.ExamPassed));
}

/// <summary>《2022—2025年临汾市官方兽医培训计划》 (临农牧发〔2023〕8号) as rules: pure, tested with the plan's numbers.</summary>
public static class TrainingRules
{
    public const decimal PreJobHours = 40, YearlyHours = 30, TrainerTeachingHours = 6;
    public const int PreJobDays = 60;
    /// <summary>The most hours one record may carry (a week-long course); more is a typing error.</summary>
    public const decimal MaxHoursPerRecord = 80;
    /// <summary>Trainings the city (2) and each county (3) must hold in a year.</summary>
    public const int CitySessions = 2, CountySessions = 3;
    /// <summary>Trainers are rotated every 2–3 years: reminded after 2, overdue after 3.</summary>
    public const int RotationDueYears = 2, RotationOverdueYears = 3;

    /// <summary>
    /// 资格确认后60日内: the end of the 60th day after confirmation (start day not counted, a holiday end moves on). The period
    /// is the vet's: once announced it never ends earlier.
    /// </summary>
    public static Deadline PreJobDue(WorkingCalendar calendar, DateOnly qualifiedOn) =>
        calendar.Compute(new Period(PeriodKind.Days, qualifiedOn, PreJobDays, PeriodBinds.Public));

    /// <summary>考试合格后方可正式上岗: at least 40 hours and the exam passed.</summary>
    public static bool ClearedForDuty(decimal preJobHours, bool examPassed) => preJobHours >= PreJobHours && examPassed;

    /// <summary>Submissions for a year close at the end of 20 December, Beijing time.</summary>
    public static DateTimeOffset SubmissionDeadline(int year) => BeijingTime.EndOf(new DateOnly(year, 12, 20));

    public static bool YearOpen(int year, DateTimeOffset now) => now < SubmissionDeadline(year);

    /// <summary>≥ 30 hours; a trainer also teaches ≥ 6 hours.</summary>
    public static YearStanding Standing(string role, decimal hours, decimal teachingHours)
    {
        var teachingNeeded = role == VetRoles.Trainer ? TrainerTeachingHours : 0;
        var hoursShort = Math.Max(0, YearlyHours - hours);
        var teachingShort = Math.Max(0, teachingNeeded - teachingHours);
        return new YearStanding(hours, teachingHours, hoursShort == 0 && teachingShort == 0, hoursShort, teachingShort);
    }

    /// <summary>What a trainer's rotation (轮训) needs this year: null when not due.</summary>
    public static string? Rotation(int? lastRotationYear, int year) => (year - lastRotationYear) switch
    {
        null => "尚无轮训记录，请安排轮训",
        >= RotationOverdueYears => $"上次轮训为{lastRotationYear}年，已超过3年，请尽快轮训",
        >= RotationDueYears => $"上次轮训为{lastRotationYear}年，本年度应安排轮训",
        _ => null,
    };

    /// <summary>
    /// (policy) The share of the year's required trainings an organiser should have held by a day: a quarter's worth of the
    /// year's number, rounded down, by the end of each quarter, all of them by 20 November (before the 20 December close).
    /// </summary>
    public static int SessionsExpectedBy(int required, DateOnly day)
    {
        if (day >= new DateOnly(day.Year, 11, 20)) return required;
        var quartersDone = (day.Month - 1) / 3;
        return required * quartersDone / 4;
    }

    public static string Hours(decimal h) => h.ToString("0.#", CultureInfo.InvariantCulture);
}
