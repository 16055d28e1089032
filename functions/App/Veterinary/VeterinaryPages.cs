using System.Text;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Veterinary;
using Microsoft.AspNetCore.Mvc;

namespace LinfenFlows.Functions.Veterinary;

public sealed record HourView(string Date, string Source, string Title, decimal Hours, string? CertificateNumber, bool PreJob);

public sealed record YearView(int Year, decimal Hours, decimal TeachingHours, decimal HoursRequired, decimal TeachingRequired, bool Met,
    string? Result, int PendingCertificates, bool ExamTaken, bool ExamPassed, IReadOnlyList<HourView> Records);

/// <summary>
/// A vet's training file as the vet, the county bureau and the city see it: pre-job state, each year with the records behind it.
/// </summary>
public sealed record VetView(string VetId, string Name, string County, string Role, string QualifiedOn, string? PreJobDue,
    decimal PreJobHours, bool PreJobExamPassed, string? ClearedAt, IReadOnlyList<YearView> Years, IReadOnlyList<string> History)
{
    public static VetView Of(CaseEntity c, IReadOnlyList<VetYearEntity> years, IReadOnlyList<VetHourEntity> hours,
        IReadOnlyList<CaseEventEntity> timeline)
    {
        var v = VetProfile.Of(c);
        return new VetView(v.VetId, v.Name, v.County, VetRoles.Label(v.Role), BeijingTime.FormatDate(v.QualifiedOn),
            c.DueAt is { } due ? BeijingTime.Format(due) : null,
            v.PreJobHours, v.PreJobExamPassed, v.ClearedAt is { } at ? BeijingTime.Format(at) : null,
            years.OrderByDescending(y => y.Year).Select(y =>
            {
                var s = TrainingRules.Standing(v.Role, (decimal)y.Hours, (decimal)y.TeachingHours);
                return new YearView(y.Year, (decimal)y.Hours, (decimal)y.TeachingHours, TrainingRules.YearlyHours,
                    v.Role == VetRoles.Trainer ? TrainingRules.TrainerTeachingHours : 0,
                    s.Met, y.Result, y.PendingCertificates, y.ExamTaken, y.ExamPassed,
                    hours.Where(h => h.Year == y.Year).OrderBy(h => h.Date)
                        .Select(h => new HourView(BeijingTime.FormatDate(BeijingTime.DateOf(h.Date)),
                            HourSources.Label(h.Source), h.Title, (decimal)h.Hours, h.CertificateNumber, h.PreJob)).ToList());
            }).ToList(),
            timeline.Select(e => $"{BeijingTime.Format(e.At)} {e.Label}").ToList());
    }
}

/// <summary>The training pages: a vet's file, and the year's statistics (考核评价) per county and city-wide.</summary>
public static class VeterinaryPages
{
    private static string E(string? s) => HtmlPage.E(s);

    public static ContentResult File(VetView v)
    {
        var html = new StringBuilder($"<h1>{E(v.Name)} 培训档案</h1>" +
                                     $"<p class=\"sub\">{E(v.County)} · {E(v.Role)} · 编号 {E(v.VetId)} · {E(v.QualifiedOn)}资格确认</p><table>");
        html.Append(v.ClearedAt is not null
            ? $"<tr><th>岗前培训</th><td class=\"done\">已完成，可上岗（{E(v.ClearedAt)}）</td></tr>"
            : $"<tr><th>岗前培训</th>" +
              $"<td>{TrainingRules.Hours(v.PreJobHours)}/40学时，考试{(v.PreJobExamPassed ? "合格" : "未合格")}，期限 {E(v.PreJobDue)}</td></tr>");
        html.Append("</table>");
        foreach (var y in v.Years)
        {
            var state = y.Result ?? (y.Met ? "已达标（年度未结束）" : "未达标（年度未结束）");
            html.Append($"<h2>{y.Year}年度：<span class=\"{(y.Met ? "done" : "overdue")}\">{E(state)}</span></h2>");
            html.Append($"<p>学时 {TrainingRules.Hours(y.Hours)}/{TrainingRules.Hours(y.HoursRequired)}" +
                        (y.TeachingRequired > 0
                            ? $"，授课 {TrainingRules.Hours(y.TeachingHours)}/{TrainingRules.Hours(y.TeachingRequired)}"
                            : "") +
                        (y.PendingCertificates > 0 ? $"，{y.PendingCertificates}份证书待核验" : "") + "</p>");
            html.Append("<table class=\"records\"><tr><th>日期</th><th>来源</th><th>培训</th><th>学时</th><th>证书</th></tr>");
            foreach (var r in y.Records)
                html.Append($"<tr><td>{E(r.Date)}</td><td>{E(r.Source)}</td><td>{E(r.Title)}{(r.PreJob ? "（岗前）" : "")}</td>" +
                            $"<td>{TrainingRules.Hours(r.Hours)}</td><td>{E(r.CertificateNumber ?? "—")}</td></tr>");
            html.Append("</table>");
        }
        return HtmlPage.Render(200, $"{v.Name} 培训档案", html.ToString());
    }

    public static ContentResult Statistics(int year, IReadOnlyList<CountyStatistics> counties, TrainingRates city, int citySessions)
    {
        static string Pct(decimal p) => $"{p:0.0}%";
        var html = new StringBuilder($"<h1>{year}年度官方兽医培训考核评价</h1>");
        html.Append("<p class=\"sub\">参训率、完训率（目标100%）、考试合格率（目标≥90%），报市畜牧发展中心 · " +
                    $"<a href=\"{E(Routes.VetStatisticsCsvPath(year))}\">导出CSV</a></p>");
        html.Append("<table class=\"stats\"><tr><th>县（市、区）</th><th>在册</th><th>参训率</th><th>完训率</th><th>考试合格率</th><th>培训场次</th></tr>");
        foreach (var c in counties)
        {
            var r = c.Rates;
            // A county with nobody registered has no rate to miss: "—", not a red 0.0 %.
            var none = r.Vets == 0;
            html.Append($"<tr data-county=\"{E(c.County.Name)}\"><td>{E(c.County.Name)}</td>" +
                        $"<td>{r.Vets}</td><td>{(none ? "—" : Pct(r.ParticipationRate))}</td>" +
                        $"<td class=\"{(none ? "" : r.CompletionTargetMet ? "done" : "overdue")}\">" +
                        $"{(none ? "—" : Pct(r.CompletionRate))}</td>" +
                        $"<td class=\"{(r.ExamTaken == 0 ? "" : r.PassTargetMet ? "done" : "overdue")}\">" +
                        $"{(r.ExamTaken == 0 ? "—" : Pct(r.PassRate))}</td>" +
                        $"<td class=\"{(c.SessionsHeld >= c.SessionsRequired ? "done" : "overdue")}\">" +
                        $"{c.SessionsHeld}/{c.SessionsRequired}</td></tr>");
        }
        html.Append($"<tr class=\"city\"><th>全市</th><th>{city.Vets}</th>" +
                    $"<th>{(city.Vets == 0 ? "—" : Pct(city.ParticipationRate))}</th>" +
                    $"<th>{(city.Vets == 0 ? "—" : Pct(city.CompletionRate))}</th>" +
                    $"<th>{(city.ExamTaken == 0 ? "—" : Pct(city.PassRate))}</th>" +
                    $"<th>市级 {citySessions}/{TrainingRules.CitySessions}</th></tr></table>");
        return HtmlPage.Render(200, $"{year}年度官方兽医培训考核评价", html.ToString());
    }
}
