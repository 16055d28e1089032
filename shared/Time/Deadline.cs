namespace LinfenFlows.Shared.Time;

/// <summary>
/// Which calendar a deadline was counted on: the years whose official notice it used, and the years it had to count on the
/// provisional calendar (the statutory holidays only) because their notice was not imported yet.
/// </summary>
public sealed record CalendarBasis(IReadOnlyList<int> OfficialYears, IReadOnlyList<int> ProvisionalYears)
{
    /// <summary>What people read next to a provisional deadline.</summary>
    public const string ProvisionalNote = "（按暂定节假日安排计算，国务院通知发布后自动更新）";

    /// <summary>
    /// A deadline set by a rule on a fixed day (31 March, 20 December) or an instant given by a person: no calendar counted.
    /// </summary>
    public static readonly CalendarBasis Fixed = new([], []);

    public bool IsProvisional => ProvisionalYears.Count > 0;

    public string Note => IsProvisional ? ProvisionalNote : "";

    /// <summary>
    /// Stored with the deadline: "official:2026", "provisional:2027", "official:2026;provisional:2027", or "" when fixed.
    /// </summary>
    public string Code => string.Join(';', new[]
    {
        OfficialYears.Count > 0 ? "official:" + string.Join(',', OfficialYears) : null,
        ProvisionalYears.Count > 0 ? "provisional:" + string.Join(',', ProvisionalYears) : null,
    }.OfType<string>());

    public static CalendarBasis Parse(string? code)
    {
        if (string.IsNullOrEmpty(code)) return Fixed;
        List<int> Years(string kind) => code.Split(';').Where(p => p.StartsWith(kind + ":", StringComparison.Ordinal))
            .SelectMany(p => p[(kind.Length + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).ToList();
        return new CalendarBasis(Years("official"), Years("provisional"));
    }

    /// <summary>How the basis reads on a page: 按国务院2026年节假日安排 / 按2027年暂定节假日安排.</summary>
    public string Describe() =>
        IsProvisional ? $"按{string.Join("、", ProvisionalYears)}年暂定节假日安排计算（国务院通知发布后自动更新）"
        : OfficialYears.Count > 0 ? $"按国务院{string.Join("、", OfficialYears)}年节假日安排计算" : "";

    public bool Equals(CalendarBasis? other) => other is not null && Code == other.Code;

    public override int GetHashCode() => Code.GetHashCode(StringComparison.Ordinal);
}

public enum PeriodKind
{
    /// <summary>n working days (工作日) on the official calendar.</summary>
    WorkingDays,
    /// <summary>n calendar days (日) per 民法典 第二百零一、二百零三条: the start day does not count; a last day that is a rest day moves on.</summary>
    Days,
    /// <summary>n calendar days from the start, moved to the next working day when the last one is a rest day (a policy period).</summary>
    DaysToWorkingDay,
}

/// <summary>
/// Whom a period's deadline protects, which decides how it may move when the official calendar replaces a provisional one.
/// </summary>
public enum PeriodBinds
{
    /// <summary>A period the administration must keep (a reply, a review): it takes the official value, earlier or later.</summary>
    Administration,
    /// <summary>
    /// A period that protects the public or an applicant (an objection window, pre-job training, a filing): never earlier than announced.
    /// </summary>
    Public,
}

/// <summary>How a deadline was counted, so it can be counted again on another calendar: what, from which day, how long, for whom.</summary>
public sealed record Period(PeriodKind Kind, DateOnly From, int Count, PeriodBinds Binds = PeriodBinds.Administration,
    bool StartCounts = false);

/// <summary>
/// A deadline as LinfenFlows computes it: the instant (24:00 Beijing of its last day), its calendar basis, and its period.
/// </summary>
public sealed record Deadline(DateTimeOffset At, CalendarBasis Basis, Period? Period = null)
{
    /// <summary>An instant no calendar decided (a fixed date in a rule, a grace period set by a person).</summary>
    public static Deadline FixedAt(DateTimeOffset at) => new(at, CalendarBasis.Fixed);

    /// <summary>The deadline as a line of text, with the provisional note when it applies.</summary>
    public string Display => BeijingTime.Format(At) + Basis.Note;
}
