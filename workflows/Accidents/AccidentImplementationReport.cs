using System.Net;
using System.Text;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Workflows.Accidents;

/// <summary>
/// 落实情况报告 (reply part 4: "事故处理落实情况要及时向市应急管理局报告"), assembled from what each authority and unit reported:
/// when it was received, when and by whom it was reported, the result, the file, and whether it was late.
/// </summary>
public static class AccidentImplementationReport
{
    public static string Render(CaseEntity c, AccidentRequest r, string replyNumber, IReadOnlyList<TaskEntity> items, DateTimeOffset at)
    {
        string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        string When(DateTimeOffset? t) => t is { } v ? E(BeijingTime.Format(v)) : "—";
        var rows = new StringBuilder();
        foreach (var t in items)
        {
            var late = t.DecidedAt > t.DueAt ? "（逾期，已督办）" : "";
            rows.Append($"<tr><td>{E(t.StepName)}</td><td>{E(t.HolderNames)}</td><td>{When(t.DueAt)}</td>" +
                        $"<td>{(t.ReceiptFirst ? When(t.ReceivedAt) : "—")}</td><td>{When(t.DecidedAt)}{late}</td>" +
                        $"<td>{E(PersonalData.Mask(t.Opinion))}</td><td>{E(t.ResultFileName)}</td></tr>");
        }
        var lateCount = items.Count(t => t.DecidedAt > t.DueAt);
        return $$"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>{{E(replyNumber)}}落实情况报告</title>
            <style>body{font-family:"FangSong","Noto Serif CJK SC",serif;max-width:60em;margin:2em auto;line-height:1.8}
            h1{text-align:center;font-family:"SimHei","Noto Sans CJK SC",sans-serif;font-weight:normal}
            table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.3em .5em;vertical-align:top}</style></head>
            <body>
            <h1>关于{{E(r.Enterprise)}}{{E(r.AccidentType)}}处理落实情况的报告</h1>
            <div>市应急管理局：</div>
            <p>根据《临汾市人民政府关于{{E(r.Enterprise)}}{{E(r.AccidentType)}}调查报告的批复》（{{E(replyNumber)}}），对有关责任人员和责任单位的处理意见已移送各有关机关办理，
            事故防范和整改措施已督促落实，处理意见已向社会公布。共{{items.Count}}项，全部办结{{(lateCount > 0 ? $"，其中{lateCount}项逾期办结（已督办）" : "")}}。具体情况如下：</p>
            <table><tr><th>事项</th><th>承办单位</th><th>办理期限</th><th>签收时间</th><th>报告时间</th><th>办理结果</th><th>附件</th></tr>
            {{rows}}</table>
            <p>办件编号：{{E(c.PartitionKey)}}。生成时间：{{E(BeijingTime.Format(at))}}（北京时间），由临汾市政务流程平台根据各单位报告汇总。</p>
            </body></html>
            """;
    }
}
