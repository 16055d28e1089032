using System.Text.Json;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Tests.Support;

/// <summary>
/// TEST DATA, not an official notice: plain weekends (and 元旦) for this year and the next two wherever the shipped calendar
/// has no official data, loaded through the same additional-years setting operators use. Workflow and end-to-end tests run
/// on the real clock, and a 15-day reply period starting in late December reaches into a year whose notice may not be out
/// yet; without this they would fail every December. The official calendar's refusal of such a year is tested in
/// WorkingCalendarTests.
/// </summary>
public static class TestCalendar
{
    public static string Directory { get; } = Create();

    private static string Create()
    {
        var dir = Path.Combine(Path.GetTempPath(), "linfenflows-test-calendar-" + Environment.ProcessId);
        System.IO.Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => System.IO.Directory.Delete(dir, recursive: true);
        var thisYear = DateTime.UtcNow.Year;
        foreach (var y in Enumerable.Range(thisYear, 3).Where(y => !WorkingCalendar.Official.HasYear(y)))
        {
            var year = new CalendarYear(y, "测试数据（非官方）", new DateOnly(y - 1, 11, 1),
                [new CalendarHoliday("元旦", new DateOnly(y, 1, 1), new DateOnly(y, 1, 1))], []);
            File.WriteAllText(Path.Combine(dir, $"{y}.json"), JsonSerializer.Serialize(year, JsonSerializerOptions.Web));
        }
        return dir;
    }
}
