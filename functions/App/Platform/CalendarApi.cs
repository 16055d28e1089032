using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Platform;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace LinfenFlows.Functions.Platform;

/// <summary>A State Council notice as an operator imports it: the shipped files' format plus the notice's document number.</summary>
public sealed record CalendarNotice(int Year, string? Source, string? DocumentNumber, DateOnly? NoticeDate,
    IReadOnlyList<CalendarHoliday>? Holidays, IReadOnlyList<DateOnly>? MakeUpWorkdays);

/// <summary>What an import did: the year taken, and how many open deadlines were counted again on it.</summary>
public sealed record CalendarImported(int Year, int Recounted);

/// <summary>
/// 节假日安排: operators import next year's official arrangement when the State Council publishes it (stored in Table Storage,
/// no redeploy); every open deadline counted on that year's provisional calendar is then counted again.
/// </summary>
public sealed class CalendarApi(WorkingCalendars calendars, CalendarRecount recount, CalendarWatch watch, SignIn signIn, TimeProvider clock)
{
    [Function(nameof(ShowCalendar))]
    [ApiOperation("运维", "节假日安排页面", Description = "已有国务院通知的年份（内置或导入，何人何时导入）、按法定假日暂定计算的年份，以及导入表单。",
        ResponseContentType = "text/html", Statuses = [200, 401, 403])]
    public Task<IActionResult> ShowCalendar(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.CalendarPage)] HttpRequest req) =>
        HtmlPage.Handle(req, async () =>
        {
            await OperatorAsync(req);
            return await PageAsync(req, null);
        });

    [Function(nameof(ImportCalendarYear))]
    [ApiOperation("运维", "导入国务院节假日安排",
        Description = "JSON：year、source（通知名称）、documentNumber（文号）、noticeDate、holidays[{name,from,to}]、makeUpWorkdays[]。逐项校验：" +
                      "放假安排包含全部法定假日、调休上班日为周末、日期均在当年；导入后未办结事项的期限按规则重算。",
        RequestContentType = "application/json", RequestType = typeof(CalendarNotice), FormType = typeof(CalendarForm), PageForm = true,
        ResponseType = typeof(CalendarImported),
        Statuses = [200, 400, 401, 403])]
    public Task<IActionResult> ImportCalendarYear(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.CalendarYears)] HttpRequest req,
        [DurableClient] DurableTaskClient client)
    {
        var fromPage = req.HasFormContentType;
        async Task<IActionResult> Body()
        {
            var caller = await OperatorAsync(req);
            var ct = req.HttpContext.RequestAborted;
            CalendarNotice? notice;
            if (fromPage)
            {
                if (!Api.SameOrigin(req)) throw Problem.Forbidden("请从节假日安排页面提交。");
                notice = Api.ReadJson<CalendarNotice>((await Api.ReadFormAsync(req, 256 * 1024, "notice"))["notice"], "notice");
            }
            else notice = await Api.ReadBodyAsync<CalendarNotice>(req);
            var year = notice is null
                ? null
                : new CalendarYear(notice.Year, notice.Source ?? "", notice.NoticeDate, notice.Holidays ?? [], notice.MakeUpWorkdays ?? []);
            await calendars.ImportAsync(year, notice?.DocumentNumber, caller, ct);
            var result = new CalendarImported(year!.Year, (await recount.RunAsync(client, ct)).Recounted);
            return fromPage ? await PageAsync(req, result) : Api.Json(result);
        }
        return fromPage ? HtmlPage.Handle(req, Body) : Api.Handle(req, Body);
    }

    private async Task<Caller> OperatorAsync(HttpRequest req)
    {
        var caller = await signIn.CallerAsync(req) ?? throw Problem.Unauthenticated();
        return caller.IsIn(Roles.Operator) ? caller : throw Problem.Forbidden("只有运维人员可以导入节假日安排。");
    }

    private async Task<IActionResult> PageAsync(HttpRequest req, CalendarImported? imported)
    {
        string E(string? s) => HtmlPage.E(s);
        var ct = req.HttpContext.RequestAborted;
        var calendar = await calendars.CurrentAsync(ct);
        var byYear = (await calendars.ImportedAsync(ct)).ToDictionary(r => int.Parse(r.RowKey, CultureInfo.InvariantCulture));
        var state = await watch.StateAsync(ct);
        var html = new StringBuilder("<h1>节假日安排</h1>");
        if (imported is not null)
            html.Append($"<p class=\"done\" role=\"status\">已导入{imported.Year}年节假日安排，{imported.Recounted}项未办结事项的期限已按规则重算。</p>");
        html.Append($"<p>{E(state.Summary)}。</p><table><caption>已有国务院通知的年份</caption>" +
                    "<tr><th scope=\"col\">年份</th><th scope=\"col\">通知</th>" +
                    "<th scope=\"col\">来源</th><th scope=\"col\">工作日</th></tr>");
        foreach (var y in calendar.OfficialYears.Order())
        {
            var data = calendar.YearOf(y);
            var from = byYear.TryGetValue(y, out var row)
                ? $"{row.ImportedByName}于{BeijingTime.Format(row.ImportedAt)}导入（{row.DocumentNumber}）"
                : "随系统内置";
            html.Append($"<tr><td>{y}</td><td>{E(data.Source)}</td><td>{E(from)}</td><td>{calendar.WorkingDaysIn(y)}天</td></tr>");
        }
        html.Append("</table><h2>暂定年份（按《全国年节及纪念日放假办法》的法定假日计算）</h2><ul>");
        var thisYear = BeijingTime.DateOf(clock.GetUtcNow()).Year;
        foreach (var y in Enumerable.Range(thisYear, 3).Where(y => !calendar.IsOfficial(y) && StatutoryHolidays.Covers(y)))
            html.Append($"<li>{y}年：").Append(E(string.Join("；", StatutoryHolidays.Of(y).Select(h => h.From == h.To
                ? $"{h.Name} {h.From:M月d日}" : $"{h.Name} {h.From:M月d日}至{h.To:M月d日}")))).Append("；周六、周日休息，无调休。</li>");
        html.Append("</ul><h2>导入通知</h2><p class=\"note\">按内置文件的格式填写（JSON），例如：</p><pre>")
            .Append(E("{\"year\":2027,\"source\":\"国务院办公厅关于2027年部分节假日安排的通知\",\"documentNumber\":\"国办发明电〔2026〕X号\",\n" +
                      " \"noticeDate\":\"2026-11-10\",\"holidays\":[{\"name\":\"元旦\",\"from\":\"2027-01-01\",\"to\":\"2027-01-03\"}, …]," +
                      "\"makeUpWorkdays\":[\"2027-02-20\", …]}"))
            .Append("</pre>")
            .Append($"<form method=\"post\" action=\"/{Routes.Prefix}/{Routes.CalendarYears}\" enctype=\"multipart/form-data\">" +
                    "<label for=\"notice\">节假日安排（JSON）</label><textarea id=\"notice\" name=\"notice\" rows=\"12\" required></textarea>" +
                    "<button type=\"submit\">校验并导入</button></form>");
        return HtmlPage.Render(200, "节假日安排", html.ToString());
    }
}

/// <summary>The calendar page's form (for the API document): the notice as JSON in one field.</summary>
public sealed record CalendarForm([Required] CalendarNotice Notice);
