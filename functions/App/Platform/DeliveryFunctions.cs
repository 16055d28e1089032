using System.Text;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Notifications.Delivery;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Functions.Platform;

/// <summary>
/// Delivers notifications: every minute (and on an operator's call) mail over SMTP from the topic's <c>mail</c>
/// subscription and SMS through the city's gateway from the <c>sms</c> subscription. A Service Bus trigger would be the
/// usual way; its Functions extension is not among the packages this project can build with, so a timer drains the
/// subscriptions with the Service Bus SDK instead — the same peek-lock, retry and dead-letter behaviour, at most a minute later.
/// </summary>
public sealed class DeliveryFunctions(NotificationDelivery delivery, SignIn signIn, ILogger<DeliveryFunctions> logger)
{
    public const string EveryMinute = "0 * * * * *";

    [Function(nameof(DeliverNotifications))]
    public async Task DeliverNotifications([TimerTrigger(EveryMinute)] TimerInfo timer)
    {
        var run = await delivery.DrainAsync(TimeSpan.FromSeconds(50));
        if (run.Sent + run.Failed + run.DeadLettered > 0)
            logger.LogInformation("Delivered {Sent}, failed {Failed} (retried later), dead-lettered {Dead}",
                run.Sent, run.Failed, run.DeadLettered);
    }

    [Function(nameof(RunNotificationDelivery))]
    [ApiOperation("运维", "立即投递通知", Description = "与每分钟一次的定时投递相同（邮件、短信）；已送达的不会重复发送。", ResponseType = typeof(DeliveryRun),
        Statuses = [200, 401])]
    public Task<IActionResult> RunNotificationDelivery(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Routes.NotificationDeliveries)] HttpRequest req) =>
        Api.Handle(req, async () => Api.Json(await delivery.DrainAsync(TimeSpan.FromSeconds(50), req.HttpContext.RequestAborted)));

    [Function(nameof(ShowDeliveryFailures))]
    [ApiOperation("运维", "通知投递失败记录", Description = "本月和上月投递失败的通知：收件人、事项、渠道、原因、尝试次数。", ResponseContentType = "text/html",
        Statuses = [200, 401, 403])]
    public Task<IActionResult> ShowDeliveryFailures(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.DeliveryFailures)] HttpRequest req) =>
        HtmlPage.Handle(req, async () =>
        {
            var caller = await signIn.CallerAsync(req) ?? throw Problem.Unauthenticated();
            if (!caller.IsIn(Roles.Operator)) throw Problem.Forbidden("只有运维人员可以查看投递记录。");
            var failures = await delivery.FailuresAsync(req.HttpContext.RequestAborted);
            var html = new StringBuilder($"<h1>通知投递失败记录</h1><p class=\"sub\">共 {failures.Count} 条</p>");
            if (failures.Count > 0)
            {
                html.Append("<table><caption>投递失败</caption>" +
                            "<tr><th scope=\"col\">时间</th><th scope=\"col\">收件人</th><th scope=\"col\">事项</th>" +
                            "<th scope=\"col\">渠道</th><th scope=\"col\">状态</th><th scope=\"col\">原因</th></tr>");
                foreach (var f in failures)
                    html.Append($"<tr><td>{HtmlPage.E(BeijingTime.Format(f.At))}</td><td>{HtmlPage.E(f.RecipientName)}</td>" +
                                $"<td>{HtmlPage.E(f.Subject)}</td>" +
                                $"<td>{(f.Channel == Channels.Mail ? "邮件" : "短信")}</td><td>{HtmlPage.E(f.Status)}（第{f.Attempts}次）</td>" +
                                $"<td>{HtmlPage.E(f.Reason)}</td></tr>");
                html.Append("</table>");
            }
            return HtmlPage.Render(200, "通知投递失败记录", html.ToString());
        });
}
