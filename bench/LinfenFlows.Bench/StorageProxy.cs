using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Bench;

/// <summary>
/// Counts storage requests at the client side of the wire: a pass-through proxy in front of each Azurite service. Both the
/// Durable engine and LinfenFlows reach storage through it, so the baseline and the workload are counted the same way.
/// </summary>
public sealed class StorageProxy : IAsyncDisposable
{
    private readonly List<WebApplication> apps = [];
    private readonly HttpClient forward =
        new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, UseCookies = false, AllowAutoRedirect = false });
    private long requests, excluded;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> purposes = new();

    public string ConnectionString { get; private set; } = "";
    public long Requests => Interlocked.Read(ref requests);

    /// <summary>
    /// Requests made on behalf of an HTTP call that carried <see cref="ExcludedTrace"/> (the bench's own status probe): the trace
    /// context flows from the incoming call into the storage client's requests (see Program's activity listener), so what the
    /// probe costs is left out of the workload's figures and counted here instead.
    /// </summary>
    public long Excluded => Interlocked.Read(ref excluded);

    public static readonly System.Diagnostics.ActivityTraceId ExcludedTrace = System.Diagnostics.ActivityTraceId.CreateRandom();

    /// <summary>Requests since the last reset by purpose (see <see cref="StoragePurpose"/>).</summary>
    public IReadOnlyDictionary<string, long> ByPurpose => new Dictionary<string, long>(purposes);

    public void Reset()
    {
        Interlocked.Exchange(ref requests, 0);
        Interlocked.Exchange(ref excluded, 0);
        purposes.Clear();
    }

    /// <summary>The same account, each service endpoint replaced by its counting proxy.</summary>
    public static async Task<StorageProxy> StartAsync(string azurite)
    {
        var proxy = new StorageProxy();
        var parts = azurite.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).ToList();
        var rewritten = new List<string>();
        foreach (var part in parts)
        {
            if (part[0] is "BlobEndpoint" or "QueueEndpoint" or "TableEndpoint")
            {
                var target = new Uri(part[1]);
                var service = part[0][..^"Endpoint".Length].ToLowerInvariant();
                var port = await proxy.ListenAsync(new Uri(target.GetLeftPart(UriPartial.Authority)), service);
                rewritten.Add($"{part[0]}=http://127.0.0.1:{port}{target.AbsolutePath}");
            }
            else rewritten.Add(string.Join('=', part));
        }
        proxy.ConnectionString = string.Join(';', rewritten) + ";";
        return proxy;
    }

    private async Task<int> ListenAsync(Uri target, string service)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => { k.Listen(IPAddress.Loopback, 0); k.Limits.MaxRequestBodySize = null; });
        var app = builder.Build();
        app.Run(ctx => RelayAsync(ctx, target, service));
        await app.StartAsync();
        apps.Add(app);
        return new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
    }

    private Task RelayAsync(HttpContext ctx, Uri target, string service)
    {
        if (ctx.Request.Headers["traceparent"].ToString().Contains(ExcludedTrace.ToHexString(), StringComparison.Ordinal))
            Interlocked.Increment(ref excluded);
        else Count(service, ctx.Request);
        return RelayCoreAsync(ctx, target);
    }

    private void Count(string service, HttpRequest request)
    {
        Interlocked.Increment(ref requests);
        var purpose = StoragePurpose.Of(service, request.Method, request.Path.Value ?? "",
            Uri.UnescapeDataString(request.QueryString.Value ?? ""));
        purposes.AddOrUpdate(purpose, 1, (_, n) => n + 1);
    }

    private async Task RelayCoreAsync(HttpContext ctx, Uri target)
    {
        var request = new HttpRequestMessage(new HttpMethod(ctx.Request.Method),
            new Uri(target, ctx.Request.Path + ctx.Request.QueryString));
        if (ctx.Request.ContentLength > 0 || ctx.Request.Headers.TransferEncoding.Count > 0)
            request.Content = new StreamContent(ctx.Request.Body);
        foreach (var (name, values) in ctx.Request.Headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        using var response = await forward.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ctx.RequestAborted);
        ctx.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) ctx.Response.Headers[name] = values.ToArray();
        await response.Content.CopyToAsync(ctx.Response.Body, ctx.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in apps) await app.DisposeAsync();
        forward.Dispose();
    }
}
