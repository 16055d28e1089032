using System.Net.Http.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace LinfenFlows.Shared.Notifications.Delivery;

/// <summary>The SMTP server notifications are sent through (the city's mail relay; locally the development mail server).</summary>
public sealed class MailOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 25;
    /// <summary>None, StartTls or SslOnConnect.</summary>
    public string Security { get; set; } = "StartTls";
    public string? UserName { get; set; }
    /// <summary>From Key Vault in Azure (secret mail-password).</summary>
    public string? Password { get; set; }
    public string From { get; set; } = "noreply@linfen.gov.cn";
    public string FromName { get; set; } = "临汾市政务流程平台";

    public bool Configured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>
/// The city's 政务短信 platform: LinfenFlows posts one JSON request per message to <see cref="Endpoint"/>
/// (<c>{"messageId","mobile","content","signature"}</c>, header <c>Authorization: Bearer {ApiKey}</c>); the gateway answers
/// 2xx when it has taken the message (a repeat of a message id must be a no-op on its side too), 4xx when it refuses it
/// for good, 5xx when it may be retried.
/// </summary>
public sealed class SmsOptions
{
    public Uri? Endpoint { get; set; }
    /// <summary>From Key Vault in Azure (secret sms-api-key).</summary>
    public string? ApiKey { get; set; }
    public string Signature { get; set; } = "【临汾市政务】";

    public bool Configured => Endpoint is not null;
}

/// <summary>Why a delivery failed: for good (no retry helps: no address, a refusal), or for now (the server is down).</summary>
public sealed class DeliveryFailedException(string reason, bool permanent, Exception? inner = null) : Exception(reason, inner)
{
    public bool Permanent { get; } = permanent;
}

public interface IMailChannel
{
    Task SendAsync(OutgoingMessage m, CancellationToken ct);
}

public interface ISmsChannel
{
    Task SendAsync(OutgoingMessage m, CancellationToken ct);
}

/// <summary>Mail over SMTP with MailKit: the subject, the text, and the link.</summary>
public sealed class SmtpMailChannel(MailOptions options) : IMailChannel
{
    public async Task SendAsync(OutgoingMessage m, CancellationToken ct)
    {
        if (!options.Configured) throw new DeliveryFailedException("未配置邮件服务器（LinfenFlows:Mail:Host）", permanent: false);
        if (m.RecipientMail is not { Length: > 0 } to) throw new DeliveryFailedException("单位目录中没有此人的电子邮箱", permanent: true);
        var mail = new MimeMessage { Subject = m.Subject, MessageId = $"{m.MessageId}@linfenflows" };
        mail.From.Add(new MailboxAddress(options.FromName, options.From));
        mail.To.Add(new MailboxAddress(m.RecipientName, to));
        var text = m.Body + (m.Link is null ? "" : $"\n\n办理链接：{m.Link}") + "\n\n（此邮件由临汾市政务流程平台自动发送，请勿直接回复。）";
        var html = $"<p>{System.Net.WebUtility.HtmlEncode(m.Body).Replace("\n", "<br>")}</p>" +
                   (m.Link is null ? "" : $"<p><a href=\"{System.Net.WebUtility.HtmlEncode(m.Link)}\">打开办理页面</a></p>") +
                   "<p style=\"color:#666\">此邮件由临汾市政务流程平台自动发送，请勿直接回复。</p>";
        mail.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(options.Host!, options.Port, Enum.Parse<SecureSocketOptions>(options.Security, ignoreCase: true), ct);
            if (options.UserName is { Length: > 0 }) await client.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
            await client.SendAsync(mail, ct);
            await client.DisconnectAsync(true, ct);
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500)
        {
            throw new DeliveryFailedException($"邮件服务器拒收：{e.StatusCode}", permanent: true, e);
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException
            or AuthenticationException)
        {
            throw new DeliveryFailedException($"邮件服务器暂不可用：{e.GetType().Name}", permanent: false, e);
        }
    }
}

/// <summary>SMS through the city's gateway over HTTP, by the contract of <see cref="SmsOptions"/>.</summary>
public sealed class HttpSmsChannel(SmsOptions options, HttpClient http) : ISmsChannel
{
    public const int MaxLength = 300;

    public async Task SendAsync(OutgoingMessage m, CancellationToken ct)
    {
        if (!options.Configured) throw new DeliveryFailedException("未配置短信网关（LinfenFlows:Sms:Endpoint）", permanent: false);
        if (m.RecipientMobile is not { Length: > 0 } mobile) throw new DeliveryFailedException("没有此人的手机号码", permanent: true);
        var content = $"{m.Subject}{m.Body}{(m.Link is null ? "" : " " + m.Link)}";
        if (content.Length > MaxLength) content = content[..(MaxLength - 1)] + "…";
        using var request = new HttpRequestMessage(HttpMethod.Post, options.Endpoint)
        {
            Content = JsonContent.Create(new { messageId = m.MessageId, mobile, content, signature = options.Signature }),
        };
        if (options.ApiKey is { Length: > 0 } key) request.Headers.Authorization = new("Bearer", key);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryFailedException("短信网关不可达", permanent: false, e);
        }
        using (response)
        {
            if (response.IsSuccessStatusCode) return;
            var status = (int)response.StatusCode;
            throw new DeliveryFailedException($"短信网关返回 {status}", permanent: status is >= 400 and < 500 and not 408 and not 429);
        }
    }
}
