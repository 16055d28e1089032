using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;

namespace LinfenFlows.Shared.Time;

/// <summary>
/// The official working-day calendar (国务院办公厅 部分节假日安排的通知), one data file per year.
/// A question about a year without data is refused, never guessed: the next year's notice is only published in Q4.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly FrozenSet<int> years;
    private readonly FrozenDictionary<DateOnly, string> holidays;
    private readonly FrozenSet<DateOnly> makeUpWorkdays;

    private WorkingCalendar(IEnumerable<CalendarYear> data)
    {
        var list = data.ToList();
        years = list.Select(y => y.Year).ToFrozenSet();
        holidays = list.SelectMany(y => y.Holidays.SelectMany(h => Days(h.From, h.To).Select(d => (d, h.Name))))
            .GroupBy(x => x.d).ToFrozenDictionary(g => g.Key, g => g.First().Name);
        makeUpWorkdays = list.SelectMany(y => y.MakeUpWorkdays).ToFrozenSet();
    }

    public IReadOnlyCollection<int> Years => years;

    /// <summary>The calendar shipped with LinfenFlows (validated; throws at start-up when a file is inconsistent).</summary>
    public static WorkingCalendar Official { get; } = FromEmbeddedData();

    public static WorkingCalendar FromEmbeddedData() => FromYears(Shipped());

    /// <summary>
    /// The shipped calendar plus the year files (yyyy.json, same format) in <paramref name="directory"/>: operators add next
    /// year's notice there when the State Council publishes it, without waiting for a release.
    /// </summary>
    public static WorkingCalendar WithDirectory(string directory) =>
        FromYears(Shipped().Concat(System.IO.Directory.GetFiles(directory, "*.json").Order().Select(path => Read(File.OpenRead(path), path))));

    public static WorkingCalendar FromYears(IEnumerable<CalendarYear> data)
    {
        var list = data.ToList();
        foreach (var year in list) Validate(year);
        var duplicate = list.GroupBy(y => y.Year).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidDataException($"Calendar year {duplicate.Key} is defined twice.");
        return new WorkingCalendar(list);
    }

    public bool HasYear(int year) => years.Contains(year);

    public bool IsWorkingDay(DateOnly day)
    {
        EnsureLoaded(day);
        if (makeUpWorkdays.Contains(day)) return true;
        if (holidays.ContainsKey(day)) return false;
        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    public string? HolidayName(DateOnly day) => holidays.GetValueOrDefault(day);

    public int WorkingDaysIn(int year)
    {
        var first = new DateOnly(year, 1, 1);
        return Days(first, new DateOnly(year, 12, 31)).Count(IsWorkingDay);
    }

    /// <summary>The working day on which a period of <paramref name="count"/> working days ends.</summary>
    /// <param name="start">The day the period is counted from.</param>
    /// <param name="startCounts">Whether <paramref name="start"/> itself counts when it is a working day.</param>
    public DateOnly AddWorkingDays(DateOnly start, int count, bool startCounts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var day = startCounts ? start : start.AddDays(1);
        var counted = 0;
        while (true)
        {
            if (IsWorkingDay(day) && ++counted == count) return day;
            day = day.AddDays(1);
        }
    }

    /// <summary>
    /// The last day of a period of <paramref name="days"/> calendar days (民法典 第二百零一、二百零三条): the start day is not
    /// counted; a period whose last day is a rest day (法定休假日, which in practice includes weekends that are not make-up
    /// working days) ends on the first working day after it.
    /// </summary>
    public DateOnly EndOfPeriodInDays(DateOnly start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var last = start.AddDays(days);
        while (!IsWorkingDay(last)) last = last.AddDays(1);
        return last;
    }

    /// <summary>The first working day on or after <paramref name="day"/>.</summary>
    public DateOnly NextWorkingDay(DateOnly day)
    {
        while (!IsWorkingDay(day)) day = day.AddDays(1);
        return day;
    }

    private void EnsureLoaded(DateOnly day)
    {
        if (!years.Contains(day.Year)) throw new CalendarYearMissingException(day.Year);
    }

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1)) yield return d;
    }

    private static IEnumerable<CalendarYear> Shipped()
    {
        var assembly = typeof(WorkingCalendar).Assembly;
        return assembly.GetManifestResourceNames().Where(n => n.StartsWith("calendar/", StringComparison.Ordinal)).Order()
            .Select(name => Read(assembly.GetManifestResourceStream(name)!, name));
    }

    private static CalendarYear Read(Stream stream, string name)
    {
        using (stream)
            return JsonSerializer.Deserialize<CalendarYear>(stream, JsonSerializerOptions.Web)
                   ?? throw new InvalidDataException($"Calendar file {name} is empty.");
    }

    private static void Validate(CalendarYear y)
    {
        string Where(string what) => $"Calendar {y.Year}: {what}";
        if (y.Holidays.Count == 0) throw new InvalidDataException(Where("no holidays."));
        foreach (var h in y.Holidays)
        {
            if (h.To < h.From) throw new InvalidDataException(Where($"{h.Name} ends before it starts."));
            // 元旦 may start on 31 December of the year before (2023's notice does).
            if (h.To.Year != y.Year || h.From.Year < y.Year - 1) throw new InvalidDataException(Where($"{h.Name} lies outside the year."));
            if ((h.To.DayNumber - h.From.DayNumber) > 10) throw new InvalidDataException(Where($"{h.Name} is longer than any official holiday."));
        }
        foreach (var d in y.MakeUpWorkdays)
        {
            if (d.Year != y.Year) throw new InvalidDataException(Where($"make-up working day {d} lies outside the year."));
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)) throw new InvalidDataException(Where($"make-up working day {d} is not a weekend day."));
            if (y.Holidays.Any(h => d >= h.From && d <= h.To)) throw new InvalidDataException(Where($"{d} is both a holiday and a make-up working day."));
        }
    }
}

/// <summary>
/// One calendar year. <see cref="NoticeDate"/> is the date of the State Council's notice, or null for a provisional year
/// computed from the law (<see cref="StatutoryHolidays.Provisional"/>), which has no notice.
/// </summary>
public sealed record CalendarYear(
    int Year, string Source, DateOnly? NoticeDate, IReadOnlyList<CalendarHoliday> Holidays, IReadOnlyList<DateOnly> MakeUpWorkdays);

public sealed record CalendarHoliday(string Name, DateOnly From, DateOnly To);

/// <summary>A date falls in a year whose official holiday notice is not loaded.</summary>
public sealed class CalendarYearMissingException(int year)
    : InvalidOperationException($"The official working-day calendar for {year} is not loaded (国务院 {year} 年节假日安排尚未录入); the deadline cannot be computed.")
{
    public int Year { get; } = year;
}
