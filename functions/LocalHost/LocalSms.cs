using System.Collections.Concurrent;
using System.Text.Json;

namespace LinfenFlows.LocalHost;

/// <summary>
/// A stand-in for the city's 政务短信 gateway on one machine (the real one cannot run here): it takes requests in the
/// gateway's contract (see SmsOptions) on <see cref="Path"/> and keeps them for the mailbox page.
/// </summary>
public sealed class LocalSms
{
    public const string Path = "/localhost/sms";

    public sealed record Sms(string MessageId, string Mobile, string Content, DateTimeOffset At);

    private readonly ConcurrentDictionary<string, Sms> received = new();

    public IReadOnlyList<Sms> Received => received.Values.OrderByDescending(s => s.At).ToList();

    public void Take(Sms sms) => received.TryAdd(sms.MessageId, sms);
}

public static class LocalSmsEndpoint
{
    public static void MapLocalSms(this WebApplication app) =>
        app.MapPost(LocalSms.Path, async (HttpRequest req, LocalSms sms, TimeProvider clock) =>
        {
            using var body = await JsonDocument.ParseAsync(req.Body);
            string? Text(string name) => body.RootElement.TryGetProperty(name, out var v) ? v.GetString() : null;
            if (Text("messageId") is not { } id || Text("mobile") is not { } mobile || Text("content") is not { } content)
                return Results.BadRequest();
            sms.Take(new LocalSms.Sms(id, mobile, content, clock.GetUtcNow()));
            return Results.Ok();
        });
}
