using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.Json;

namespace LinfenFlows.Shared.Time;

/// <summary>
/// The working-day calendar as it stands: the official arrangement of every year whose State Council notice is loaded
/// (shipped with LinfenFlows or imported by operators), and for any other year from 2025 to 2100 a provisional (暂定)
/// calendar of the statutory holidays only (<see cref="StatutoryHolidays"/>). Nothing is refused because a notice is not
/// loaded; a deadline records which years it counted on which calendar (<see cref="CalendarBasis"/>). Immutable: an import
/// makes a new calendar.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly FrozenDictionary<int, CalendarYear> official;
    private readonly ConcurrentDictionary<int, YearDays> days = new();

    private WorkingCalendar(IEnumerable<CalendarYear> officialYears) => official = officialYears.ToFrozenDictionary(y => y.Year);

    /// <summary>The notices shipped with LinfenFlows (validated; a broken file throws at start-up).</summary>
    public static WorkingCalendar Official { get; } = FromYears(Shipped());

    public static WorkingCalendar FromYears(IEnumerable<CalendarYear> data)
    {
        var list = data.ToList();
        foreach (var year in list) Validate(year);
        var duplicate = list.GroupBy(y => y.Year).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidDataException($"Calendar year {duplicate.Key} is defined twice.");
        return new WorkingCalendar(list);
    }

    /// <summary>This calendar with imported notices added (an import of a year imported before replaces it).</summary>
    public WorkingCalendar With(IEnumerable<CalendarYear> imported)
    {
        var years = official.Values.ToDictionary(y => y.Year);
        foreach (var y in imported)
        {
            Validate(y);
            years[y.Year] = y;
        }
        return new WorkingCalendar(years.Values);
    }

    public IReadOnlyCollection<int> OfficialYears => official.Keys;

    public bool IsOfficial(int year) => official.ContainsKey(year);

    /// <summary>The years a deadline can fall in: the first official year through the last provisional one.</summary>
    public bool Covers(int year) => official.ContainsKey(year) || StatutoryHolidays.Covers(year);

    /// <summary>The year's arrangement: the official notice, or the provisional calendar of the law.</summary>
    public CalendarYear YearOf(int year) =>
        official.TryGetValue(year, out var y) ? y
            : StatutoryHolidays.Covers(year) ? StatutoryHolidays.Provisional(year) : throw new CalendarOutOfRangeException(year);

    public bool IsWorkingDay(DateOnly day)
    {
        var year = DaysOf(day.Year);
        if (year.MakeUp.Contains(day)) return true;
        if (year.Holidays.ContainsKey(day)) return false;
        return day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    public string? HolidayName(DateOnly day) => DaysOf(day.Year).Holidays.GetValueOrDefault(day);

    public int WorkingDaysIn(int year) => Days(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)).Count(IsWorkingDay);

    /// <summary>The working day on which a period of <paramref name="count"/> working days ends.</summary>
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
        return NextWorkingDay(start.AddDays(days));
    }

    /// <summary>The first working day on or after <paramref name="day"/>.</summary>
    public DateOnly NextWorkingDay(DateOnly day)
    {
        while (!IsWorkingDay(day)) day = day.AddDays(1);
        return day;
    }

    /// <summary>The working day <paramref name="count"/> working days before <paramref name="day"/> (for reminders).</summary>
    public DateOnly WorkingDaysBefore(DateOnly day, int count)
    {
        for (var n = 0; n < count;)
        {
            day = day.AddDays(-1);
            if (IsWorkingDay(day)) n++;
        }
        return day;
    }

    /// <summary>Which calendar the days from <paramref name="from"/> to <paramref name="to"/> were counted on.</summary>
    public CalendarBasis BasisOf(DateOnly from, DateOnly to)
    {
        var years = Enumerable.Range(from.Year, to.Year - from.Year + 1).ToList();
        return new CalendarBasis(years.Where(official.ContainsKey).ToList(), years.Where(y => !official.ContainsKey(y)).ToList());
    }

    /// <summary>A period's deadline: the end (24:00 Beijing) of its last day, with the calendar it was counted on.</summary>
    public Deadline Compute(Period p)
    {
        var last = p.Kind switch
        {
            PeriodKind.WorkingDays => AddWorkingDays(p.From, p.Count, p.StartCounts),
            PeriodKind.Days => EndOfPeriodInDays(p.From, p.Count),
            PeriodKind.DaysToWorkingDay => NextWorkingDay(p.From.AddDays(p.Count)),
            _ => throw new ArgumentOutOfRangeException(nameof(p), p.Kind, "Unknown period kind."),
        };
        return new Deadline(BeijingTime.EndOf(last), BasisOf(p.From, last), p);
    }

    /// <summary>
    /// A deadline counted again on this calendar (after a notice replaced a provisional year), by the rule for whom it binds:
    /// a period that binds the administration takes the new value, earlier or later; a period that protects the public or an
    /// applicant never ends earlier than it was announced. A fixed deadline stays as it is.
    /// </summary>
    public Recounted Recount(Deadline d)
    {
        if (d.Period is not { } p) return new Recounted(d, DeadlineMove.Unchanged);
        var counted = Compute(p);
        if (counted.At == d.At) return new Recounted(counted, DeadlineMove.Unchanged);
        if (counted.At < d.At && p.Binds == PeriodBinds.Public)
            return new Recounted(counted with { At = d.At }, DeadlineMove.KeptForPublic);
        return new Recounted(counted, counted.At > d.At ? DeadlineMove.Later : DeadlineMove.Earlier);
    }

    /// <summary>Checks a notice before it is taken: the shape of every file (shipped or imported) and, for an import, the law.</summary>
    public static void Validate(CalendarYear y)
    {
        string Where(string what) => $"Calendar {y.Year}: {what}";
        if (y.Holidays.Count == 0) throw new InvalidDataException(Where("no holidays."));
        foreach (var h in y.Holidays)
        {
            if (h.To < h.From) throw new InvalidDataException(Where($"{h.Name} ends before it starts."));
            // 元旦 may start on 31 December of the year before (2023's notice does).
            if (h.To.Year != y.Year || h.From.Year < y.Year - 1) throw new InvalidDataException(Where($"{h.Name} lies outside the year."));
            if ((h.To.DayNumber - h.From.DayNumber) > 10)
                throw new InvalidDataException(Where($"{h.Name} is longer than any official holiday."));
        }
        foreach (var d in y.MakeUpWorkdays)
        {
            if (d.Year != y.Year) throw new InvalidDataException(Where($"make-up working day {d} lies outside the year."));
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                throw new InvalidDataException(Where($"make-up working day {d} is not a weekend day."));
            if (y.Holidays.Any(h => d >= h.From && d <= h.To))
                throw new InvalidDataException(Where($"{d} is both a holiday and a make-up working day."));
        }
    }

    private YearDays DaysOf(int year) => days.GetOrAdd(year, y =>
    {
        var data = YearOf(y);
        // A notice's 元旦 may begin in the year before; those days belong to that year's question too.
        var before = official.TryGetValue(y + 1, out var next) ? next.Holidays.Where(h => h.From.Year == y) : [];
        var holidays = data.Holidays.Concat(before).SelectMany(h => Days(h.From, h.To).Select(d => (d, h.Name)))
            .Where(x => x.d.Year == y).GroupBy(x => x.d).ToFrozenDictionary(g => g.Key, g => g.First().Name);
        return new YearDays(holidays, data.MakeUpWorkdays.ToFrozenSet());
    });

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

    public static CalendarYear Read(Stream stream, string name)
    {
        using (stream)
            return JsonSerializer.Deserialize<CalendarYear>(stream, JsonSerializerOptions.Web)
                   ?? throw new InvalidDataException($"Calendar file {name} is empty.");
    }

    private sealed record YearDays(FrozenDictionary<DateOnly, string> Holidays, FrozenSet<DateOnly> MakeUp);
}

/// <summary>How a recounted deadline moved.</summary>
public enum DeadlineMove { Unchanged, Later, Earlier, KeptForPublic }

public sealed record Recounted(Deadline Deadline, DeadlineMove Move);

/// <summary>
/// One calendar year. <see cref="NoticeDate"/> is the date of the State Council's notice, or null for a provisional year
/// computed from the law (<see cref="StatutoryHolidays.Provisional"/>), which has no notice.
/// </summary>
public sealed record CalendarYear(
    int Year, string Source, DateOnly? NoticeDate, IReadOnlyList<CalendarHoliday> Holidays, IReadOnlyList<DateOnly> MakeUpWorkdays);

public sealed record CalendarHoliday(string Name, DateOnly From, DateOnly To);
