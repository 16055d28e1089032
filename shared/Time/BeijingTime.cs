namespace LinfenFlows.Shared.Time;

/// <summary>Deadlines are stated in Beijing time (UTC+8, no daylight saving); instants are stored in UTC.</summary>
public static class BeijingTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset ToBeijing(DateTimeOffset instant) => instant.ToOffset(Offset);

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToBeijing(instant).DateTime);

    /// <summary>The instant a Beijing calendar day ends (24:00), in UTC.</summary>
    public static DateTimeOffset EndOf(DateOnly day) => StartOf(day.AddDays(1));

    /// <summary>The Beijing day a deadline falls on: one that ends at midnight belongs to the day that ends there.</summary>
    public static DateOnly LastDayOf(DateTimeOffset deadline) => DateOf(deadline.AddTicks(-1));

    /// <summary>Whole Beijing days from today to a deadline's last day: 0 on that day, negative once it is past.</summary>
    public static int DaysLeft(DateTimeOffset deadline, DateTimeOffset now) => LastDayOf(deadline).DayNumber - DateOf(now).DayNumber;

    public static DateTimeOffset StartOf(DateOnly day) =>
        new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();

    /// <summary>Midnight is shown as 24:00 of the day that ends, as deadlines are written (12月14日24时, not 12月15日0时).</summary>
    public static string Format(DateTimeOffset instant)
    {
        var local = ToBeijing(instant);
        return local.TimeOfDay == TimeSpan.Zero
            ? local.AddDays(-1).ToString("yyyy年M月d日") + " 24:00"
            : local.ToString("yyyy年M月d日 HH:mm");
    }

    public static string FormatDate(DateOnly day) => day.ToString("yyyy年M月d日");
}
