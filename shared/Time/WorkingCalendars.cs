using System.Runtime.Serialization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Shared.Time;

/// <summary>A State Council notice an operator imported (table CalendarYears, partition <see cref="Partition"/>, row: the year).</summary>
public sealed class CalendarYearEntity : TableRow
{
    public const string Partition = "notice";

    public string Json { get; set; } = "";
    /// <summary>The notice's document number (e.g. 国办发明电〔2026〕8号), as the operator gave it.</summary>
    public string DocumentNumber { get; set; } = "";
    public string ImportedById { get; set; } = "";
    public string ImportedByName { get; set; } = "";
    public DateTimeOffset ImportedAt { get; set; }

    [IgnoreDataMember]
    public CalendarYear Year => JsonSerializer.Deserialize<CalendarYear>(Json, JsonSerializerOptions.Web)!;
}

/// <summary>
/// The calendar in force: the shipped notices plus those operators imported into Table Storage (which works on a
/// read-only package), refreshed within a minute on every instance; provisional years for the rest. Reading it never
/// fails for a storage fault: the last calendar read (or the shipped one) stands in, and the fault is logged.
/// </summary>
public sealed class WorkingCalendars(StorageAccount storage, TimeProvider clock, ILogger<WorkingCalendars> logger) : IDisposable
{
    private static readonly TimeSpan Fresh = TimeSpan.FromMinutes(1);
    private readonly TableClient table = storage.Table(StorageNames.CalendarYears);
    private readonly SemaphoreSlim refresh = new(1, 1);
    private (WorkingCalendar Calendar, IReadOnlyList<CalendarYearEntity> Imported, DateTimeOffset ReadAt)? current;

    public void Dispose() => refresh.Dispose();

    public async Task<WorkingCalendar> CurrentAsync(CancellationToken ct = default) => (await SnapshotAsync(ct)).Calendar;

    /// <summary>The imported notices with who imported them and when.</summary>
    public async Task<IReadOnlyList<CalendarYearEntity>> ImportedAsync(CancellationToken ct = default) =>
        (await SnapshotAsync(ct)).Imported;

    /// <summary>
    /// Checks and stores a notice. Refused, naming the rule: a year that ships with LinfenFlows, a holiday outside the year,
    /// a make-up day that is not a weekend day or is also a holiday, and (from 2025) a notice that leaves out a statutory day.
    /// </summary>
    public async Task<WorkingCalendar> ImportAsync(CalendarYear? year, string? documentNumber, Caller by, CancellationToken ct = default)
    {
        Check(year, documentNumber);
        var entity = new CalendarYearEntity
        {
            PartitionKey = CalendarYearEntity.Partition, RowKey = year!.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Json = JsonSerializer.Serialize(year, JsonSerializerOptions.Web), DocumentNumber = documentNumber!.Trim(),
            ImportedById = by.UserId, ImportedByName = by.Name, ImportedAt = clock.GetUtcNow(),
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
        logger.LogInformation("Calendar {Year} imported by {Operator}: {Source} ({Number})", year.Year, by.UserId, year.Source,
            entity.DocumentNumber);
        current = null;
        return await CurrentAsync(ct);
    }

    public static void Check(CalendarYear? y, string? documentNumber)
    {
        var v = new Validator();
        if (y is null) throw Problem.Invalid("notice", "required", "请提交节假日安排（JSON）。", "The notice is required.");
        v.Require(y.Year is >= StatutoryHolidays.FirstYear and <= StatutoryHolidays.LastYear, "year", "year-range",
            $"年份应在{StatutoryHolidays.FirstYear}至{StatutoryHolidays.LastYear}之间。",
            $"year must be {StatutoryHolidays.FirstYear}–{StatutoryHolidays.LastYear}.");
        v.Require(!WorkingCalendar.Official.IsOfficial(y.Year), "year", "shipped",
            $"{y.Year}年的节假日安排已随系统内置，不能导入。", $"The {y.Year} notice ships with LinfenFlows.");
        v.Required(y.Source, "source", "通知名称", 100);
        v.Required(documentNumber, "documentNumber", "通知文号", 60);
        v.Require(y.NoticeDate is not null, "noticeDate", "required", "请填写通知发布日期。", "noticeDate is required.");
        v.Require(y.NoticeDate is null || y.NoticeDate.Value.Year is var n && (n == y.Year || n == y.Year - 1), "noticeDate", "notice-date",
            "通知发布日期应在当年或上一年。", "noticeDate must be in that year or the year before.");
        var holidays = y.Holidays ?? [];
        var makeUp = y.MakeUpWorkdays ?? [];
        v.Require(holidays.Count > 0, "holidays", "required", "请列出各节日的放假日期。", "holidays are required.");
        for (var i = 0; i < holidays.Count; i++)
        {
            var h = holidays[i];
            var f = $"holidays[{i}]";
            if (h is null) { v.Add(new FieldError(f, "required", $"第{i + 1}项放假安排为空。", $"{f} is null.")); continue; }
            v.Required(h.Name, $"{f}.name", $"第{i + 1}项节日名称", 20);
            v.Require(h.To >= h.From, $"{f}.to", "order", $"{h.Name}的放假结束日期早于开始日期。", $"{f} ends before it starts.");
            v.Require(h.To.Year == y.Year && (h.From.Year == y.Year || (h.From.Month == 12 && h.From.Year == y.Year - 1)), $"{f}.from",
                "in-year", $"{h.Name}的放假日期不在{y.Year}年内（元旦可自上年12月底起）。", $"{f} lies outside the year.");
            v.Require(h.To.DayNumber - h.From.DayNumber <= 10, $"{f}.to", "length", $"{h.Name}放假超过11天，不符合任何节日安排。", $"{f} is too long.");
        }
        for (var i = 0; i < makeUp.Count; i++)
        {
            var d = makeUp[i];
            var f = $"makeUpWorkdays[{i}]";
            v.Require(d.Year == y.Year, f, "in-year", $"调休上班日 {d:yyyy-MM-dd} 不在{y.Year}年内。", $"{f} lies outside the year.");
            v.Require(d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, f, "weekend", $"调休上班日 {d:yyyy-MM-dd} 不是周六或周日。",
                $"{f} is not a weekend day.");
            v.Require(!holidays.Any(h => h is not null && d >= h.From && d <= h.To), f, "not-holiday",
                $"{d:yyyy-MM-dd} 既是放假日又是调休上班日。", $"{f} is also a holiday.");
        }
        if (StatutoryHolidays.Covers(y.Year))
            foreach (var s in StatutoryHolidays.Of(y.Year))
                for (var d = s.From; d <= s.To; d = d.AddDays(1))
                {
                    var day = d;
                    v.Require(holidays.Any(h => h is not null && day >= h.From && day <= h.To), "holidays", "statutory-days",
                        $"{s.Name}的法定假日 {day:yyyy-MM-dd} 不在放假安排内（《全国年节及纪念日放假办法》）。",
                        $"The statutory day {day:yyyy-MM-dd} ({s.Name}) is missing.");
                }
        v.ThrowIfInvalid();
    }

    private async Task<(WorkingCalendar Calendar, IReadOnlyList<CalendarYearEntity> Imported, DateTimeOffset ReadAt)> SnapshotAsync(
        CancellationToken ct)
    {
        if (current is { } c && clock.GetUtcNow() - c.ReadAt < Fresh) return c;
        await refresh.WaitAsync(ct);
        try
        {
            if (current is { } again && clock.GetUtcNow() - again.ReadAt < Fresh) return again;
            var imported = new List<CalendarYearEntity>();
            await foreach (var row in table.QueryAsync<CalendarYearEntity>(r => r.PartitionKey == CalendarYearEntity.Partition,
                cancellationToken: ct))
                imported.Add(row);
            var snapshot = (WorkingCalendar.Official.With(imported.Select(r => r.Year)),
                (IReadOnlyList<CalendarYearEntity>)imported, clock.GetUtcNow());
            current = snapshot;
            return snapshot;
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or InvalidDataException)
        {
            logger.LogError(e, "The imported calendar years could not be read; using the calendar read last");
            return current ?? (WorkingCalendar.Official, [], DateTimeOffset.MinValue);
        }
        finally
        {
            refresh.Release();
        }
    }
}
