using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Documents;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Notifications;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;
using Microsoft.DurableTask;

namespace LinfenFlows.Workflows.Veterinary;

public sealed record CountyYearInput(int Year, string County);
public sealed record CountyClosed(string County, int Met, int NotMet, int Pending);
public sealed record TrainingYearInput(int Year);

/// <summary>
/// 20 December (学时提交截止): at the end of the day the year closes. One activity per county fixes each vet's result from the
/// statistics index (达标/未达标, or 待核验 while a certificate submitted in time is being verified) and opens the next year;
/// then the year's figures go to the city livestock centre. Started once per year (instance <c>vet-year-{yyyy}</c>).
/// </summary>
public static class TrainingYearClose
{
    public static string InstanceIdOf(int year) => $"vet-year-{year}";

    public static async Task<IReadOnlyList<CountyClosed>> RunAsync(TaskOrchestrationContext context, TrainingYearInput input)
    {
        var counties = Counties.All.Select(c => context.CallAsync<CountyClosed>(TrainingYearActivities.CloseCountyYear,
            new CountyYearInput(input.Year, c.Code)));
        CountyClosed[] closed = await Task.WhenAll(counties);
        await context.CallAsync(TrainingYearActivities.ReportTrainingYear, input);
        return closed;
    }
}

public sealed record CountyStatistics(County County, TrainingRates Rates, int SessionsHeld, int SessionsRequired);

/// <summary>The year's figures per county and for the city, from the statistics index and the session index.</summary>
public sealed class TrainingStatistics(VetYearIndex index, TrainingIntake intake)
{
    /// <summary>
    /// The year a caller may see the figures of: statistics are for the agriculture bureaus, the livestock centre and the
    /// city's supervisors; a year outside 2022 to next year is one that does not exist.
    /// </summary>
    public static int YearFor(Caller? caller, string? year, DateTimeOffset now)
    {
        if (caller is null) throw Problem.Unauthenticated();
        var allowed = caller.ReadsEveryCase
            || caller.Organisation is Organisations.CityAgricultureBureau or Organisations.CityLivestockCentre
            || Counties.OfAgricultureBureau(caller.Organisation) is not null;
        if (!allowed) throw Problem.Forbidden("培训统计仅供农业农村部门、市畜牧发展中心查看。");
        var thisYear = BeijingTime.DateOf(now).Year;
        return int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y >= 2022 && y <= thisYear + 1
            ? y : throw Problem.NotFound("年度", "Year");
    }

    public async Task<(IReadOnlyList<CountyStatistics> Counties, TrainingRates City, int CitySessions)> ForYearAsync(int year,
        CancellationToken ct = default)
    {
        var rows = await Task.WhenAll(Counties.All.Select(async c => new CountyStatistics(c, await index.RatesAsync(year, c, ct),
            await intake.SessionsHeldAsync(year, c.AgricultureBureau, ct), TrainingRules.CountySessions)));
        return (rows, TrainingRates.Sum(rows.Select(r => r.Rates)),
            await intake.SessionsHeldAsync(year, Organisations.CityAgricultureBureau, ct));
    }

    public async Task<string> CsvAsync(int year, CancellationToken ct = default)
    {
        var (counties, city, _) = await ForYearAsync(year, ct);
        var csv = new StringBuilder("县（市、区）,在册人数,参训人数,参训率(%),完训人数,完训率(%),参考人数,合格人数,考试合格率(%),本年培训场次,应办场次\n");
        string Line(string name, TrainingRates r, string held, string required) => string.Join(',', name, r.Vets, r.Participated,
            r.ParticipationRate.ToString("0.0", CultureInfo.InvariantCulture), r.Completed,
            r.CompletionRate.ToString("0.0", CultureInfo.InvariantCulture), r.ExamTaken, r.ExamPassed,
            r.PassRate.ToString("0.0", CultureInfo.InvariantCulture), held, required);
        foreach (var c in counties) csv.AppendLine(Line(c.County.Name, c.Rates, $"{c.SessionsHeld}", $"{c.SessionsRequired}"));
        csv.AppendLine(Line("全市", city, "", ""));
        return csv.ToString();
    }
}

/// <summary>
/// The year's close, and the morning training sweep: pre-job reminders, the December reminders, trainers' rotation, organisers' duty.
/// </summary>
public sealed class TrainingYearActivities(VetYearIndex index, TrainingRecords records, TrainingStatistics statistics,
    DocumentNumbers numbers,
    TrainingIntake intake, StorageAccount storage, Notifier notifier, WorkingCalendars calendars, TrainingPolicy policy,
    PublicUrls urls, TimeProvider clock)
{
    public const string CloseCountyYear = nameof(CloseCountyYear);
    public const string ReportTrainingYear = nameof(ReportTrainingYear);
    private const int LookBackDays = 15;
    private readonly TableClient reminders = storage.Table(StorageNames.VetReminders);

    /// <summary>Fixes each of the county's vets' results for the year and opens the next year for them; safe to run again.</summary>
    public async Task<CountyClosed> CloseCountyAsync(CountyYearInput input)
    {
        var county = Counties.All.Single(c => c.Code == input.County);
        var rows = await index.ReadAsync(input.Year, county);
        var results = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (row, ct) =>
            results.Add(await records.CloseYearAsync(row.RowKey, input.Year, ct)));
        return new CountyClosed(county.Name, results.Count(r => r == YearResults.Met), results.Count(r => r == YearResults.NotMet),
            results.Count(r => r == YearResults.Pending));
    }

    /// <summary>
    /// The year's figures to the city livestock centre (市畜牧发展中心): the letter is numbered now (临农函, once per year),
    /// and the notice links it and the statistics page.
    /// </summary>
    public async Task ReportAsync(TrainingYearInput input)
    {
        var (_, city, _) = await statistics.ForYearAsync(input.Year);
        var number = await numbers.AllocateAsync(TrainingYearReport.NumberPrefix, BeijingTime.DateOf(clock.GetUtcNow()).Year,
            TrainingYearClose.InstanceIdOf(input.Year));
        await notifier.SendAsync(new Notification($"vet-year-{input.Year}-report", TrainingParties.LivestockCentre,
            $"【考核评价】{input.Year}年度官方兽医培训情况（{number}）",
            $"{input.Year}年度学时已于12月20日截止。全市在册{city.Vets}人，参训率{city.ParticipationRate:0.0}%，完训率{city.CompletionRate:0.0}%" +
            $"（目标100%），考试合格率{city.PassRate:0.0}%（目标不低于90%）。函件（{number}）及各县（市、区）明细见链接，可导出CSV。",
            urls.Absolute(Routes.VetTrainingReportPath(input.Year))), TrainingYearClose.InstanceIdOf(input.Year));
    }

    /// <summary>The letter of a year whose figures were reported (null before): its number, the figures as they stand now.</summary>
    public async Task<OfficialDocumentModel?> ReportModelAsync(int year, CancellationToken ct = default)
    {
        var caseId = TrainingYearClose.InstanceIdOf(year);
        // Numbered in the year of the close (a late close is numbered in the year after).
        if ((await numbers.FindAsync(TrainingYearReport.NumberPrefix, year, caseId, ct)
             ?? await numbers.FindAsync(TrainingYearReport.NumberPrefix, year + 1, caseId, ct)) is not var (number, at)) return null;
        var (counties, city, sessions) = await statistics.ForYearAsync(year, ct);
        return TrainingYearReport.Model(year, counties, city, sessions, number, BeijingTime.DateOf(at));
    }

    /// <summary>
    /// The morning sweep (09:00 Beijing): reads only the reminder rows due and, on the policy days, the vets below their hours.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var today = BeijingTime.DateOf(now);
        var calendar = await calendars.CurrentAsync(ct);
        if (!calendar.IsWorkingDay(today)) return 0;
        var sent = 0;
        for (var day = today.AddDays(-LookBackDays); day <= today; day = day.AddDays(1))
            await foreach (var row in reminders.QueryAsync<VetReminderEntity>(r => r.PartitionKey == day.ToString("yyyyMMdd"),
                cancellationToken: ct))
            {
                if (await records.PreJobReminderAsync(row.VetId, row.Kind, row.RowKey, row.DueAt, ct)) sent++;
                await reminders.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, ct);
            }
        var year = today.Year;
        // A December reminder day that fell on a rest day is sent on the next working day, before the close.
        var reminderDay = policy.YearEndReminderDays.Select(d => new DateOnly(year, 12, d))
            .FirstOrDefault(d => d <= today && calendar.NextWorkingDay(d) == today);
        if (reminderDay != default && TrainingRules.YearOpen(year, now))
            foreach (var county in Counties.All)
            {
                var below = await index.ReadAsync(year, county, "Completed eq false", ct);
                foreach (var row in below) if (await records.YearReminderAsync(row.RowKey, year, reminderDay, ct)) sent++;
                if (below.Count > 0)
                    await notifier.SendAsync(new Notification($"vet-below-{year}-{reminderDay:MMdd}-{county.Code}",
                        TrainingParties.CountyBureau(county), $"【学时提醒】本县尚有{below.Count}人未达到年度学时",
                        $"截至{BeijingTime.FormatDate(today)}，{county.Name}尚有{below.Count}人未达到{year}年度学时要求，12月20日24:00截止，请督促。",
                        urls.Absolute(Routes.VetStatisticsPagePath(year))), ct: ct);
            }
        sent += await OrganisersBehindAsync(calendar, today, ct);
        return sent;
    }

    /// <summary>
    /// (policy) After each quarter and on 20 November, an organiser with fewer trainings than its share of the year's is told.
    /// </summary>
    private async Task<int> OrganisersBehindAsync(WorkingCalendar calendar, DateOnly today, CancellationToken ct)
    {
        var checkDays = new[] { new DateOnly(today.Year, 4, 1), new DateOnly(today.Year, 7, 1), new DateOnly(today.Year, 10, 1),
            new DateOnly(today.Year, 11, 20) };
        if (!checkDays.Any(d => calendar.NextWorkingDay(d) == today)) return 0;
        var told = 0;
        var organisers = Counties.All
            .Select(c => (Org: c.AgricultureBureau, Name: c.Name, To: TrainingParties.CountyBureau(c),
                Required: TrainingRules.CountySessions))
            .Append((Org: Organisations.CityAgricultureBureau, Name: "市级", To: TrainingParties.CityBureau,
                Required: TrainingRules.CitySessions));
        foreach (var o in organisers)
        {
            var held = await intake.SessionsHeldAsync(today.Year, o.Org, ct);
            var expected = TrainingRules.SessionsExpectedBy(o.Required, today);
            if (held >= expected) continue;
            await notifier.SendAsync(new Notification($"vet-organiser-{today:yyyyMMdd}-{o.Org}", o.To, "【培训进度】本年度培训场次滞后",
                $"{o.Name}本年度已举办官方兽医培训{held}场，按计划截至目前应不少于{expected}场（全年不少于{o.Required}场），请抓紧组织。",
                urls.Absolute(Routes.VetStatisticsPagePath(today.Year))), ct: ct);
            told++;
        }
        return told;
    }
}
