using LinfenFlows.Shared.Time;

namespace LinfenFlows.Tests.Support;

/// <summary>
/// Dates for tests whose workflows wait on durable timers. The app's clock can be set anywhere, but the engine's timers keep
/// real time: a deadline the app computes must still lie ahead of today, or its timer fires at once. So such a test plays
/// out next year (whichever year that is when it runs), in weeks no statutory holiday of any year falls in.
/// </summary>
public static class TestDates
{
    public static int NextYear => DateTime.UtcNow.Year + 1;

    /// <summary>The first <paramref name="day"/> on or after the given month and day of next year.</summary>
    public static DateOnly NextYears(DayOfWeek day, int month, int onOrAfter)
    {
        var date = new DateOnly(NextYear, month, onOrAfter);
        while (date.DayOfWeek != day) date = date.AddDays(1);
        return date;
    }

    /// <summary>That day at the given Beijing time.</summary>
    public static DateTimeOffset At(this DateOnly date, int hour, int minute = 0) =>
        new(date.Year, date.Month, date.Day, hour, minute, 0, BeijingTime.Offset);

    /// <summary>The day as collection and case ids carry it (yyyyMMdd).</summary>
    public static string Key(this DateOnly date) => date.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
}
