using System.Text.Json;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Tests.Support;

/// <summary>
/// TEST DATA, not an official notice: a 2027 of plain weekends (and 元旦), loaded through the same additional-years setting
/// operators use, so that workflow and end-to-end tests run on the real clock keep working after mid-December 2026, when a
/// 15-day reply period first reaches into 2027. The official calendar's refusal of 2027 is tested in WorkingCalendarTests.
/// </summary>
public static class TestCalendar
{
    public static string Directory { get; } = Create();

    private static string Create()
    {
        var dir = Path.Combine(Path.GetTempPath(), "linfenflows-test-calendar");
        System.IO.Directory.CreateDirectory(dir);
        var year = new CalendarYear(2027, "测试数据（非官方）", new DateOnly(2026, 11, 1),
            [new CalendarHoliday("元旦", new DateOnly(2027, 1, 1), new DateOnly(2027, 1, 1))], []);
        File.WriteAllText(Path.Combine(dir, "2027.json"), JsonSerializer.Serialize(year, JsonSerializerOptions.Web));
        return dir;
    }
}
