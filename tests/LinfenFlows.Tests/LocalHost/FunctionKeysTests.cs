using System.Net;
using LinfenFlows.LocalHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Microsoft.Azure.Functions.Worker.AuthorizationLevel;
using Level = Microsoft.Azure.Functions.Worker.AuthorizationLevel;

namespace LinfenFlows.Tests.LocalHost;

/// <summary>Keys as the Functions host checks them: Admin takes the master key only, Function a function key or the master key.</summary>
public class FunctionKeysTests
{
    private const string FunctionKey = "key-for-functions", MasterKey = "key-for-everything";

    /// <summary>The local host's HTTP mapping of three test functions (Admin, Function, Anonymous), on a loopback port.</summary>
    private sealed class Served : IAsyncDisposable
    {
        private readonly WebApplication app;
        private readonly TestMetadata metadata;

        private Served(WebApplication app, TestMetadata metadata, Uri url)
        {
            this.app = app;
            this.metadata = metadata;
            Http = new HttpClient { BaseAddress = url };
        }

        public HttpClient Http { get; }

        public static async Task<Served> StartAsync(string masterKey = MasterKey)
        {
            var metadata = TestMetadata.Write(
                HttpFunction.Post(nameof(TestFunctions.AdminOnly), "ops/restarts", "Admin"),
                HttpFunction.Post(nameof(TestFunctions.Operate), "ops/things", "function"),
                new HttpFunction(nameof(TestFunctions.Open), "things/{id}", "Anonymous", ["get"]));
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var options = new LocalHostOptions { FunctionKey = FunctionKey, MasterKey = masterKey };
            app.MapHttpFunctions(FunctionCatalog.Load(metadata.Path), options);
            await app.StartAsync();
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new Served(app, metadata, new Uri(url));
        }

        public async Task<HttpStatusCode> PostAsync(string path, string? key = null)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, path);
            if (key is not null) message.Headers.Add(FunctionKeys.Header, key);
            return (await Http.SendAsync(message)).StatusCode;
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
            metadata.Dispose();
        }
    }

    [Fact]
    public async Task An_admin_level_function_refuses_the_function_key_and_takes_the_master_key()
    {
        await using var served = await Served.StartAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, await served.PostAsync("api/ops/restarts"));
        Assert.Equal(HttpStatusCode.Unauthorized, await served.PostAsync("api/ops/restarts", FunctionKey));
        Assert.Equal(HttpStatusCode.OK, await served.PostAsync("api/ops/restarts", MasterKey));
        Assert.Equal(HttpStatusCode.OK, await served.PostAsync($"api/ops/restarts?code={MasterKey}"));
    }

    [Fact]
    public async Task A_function_level_function_takes_the_function_key_or_the_master_key()
    {
        await using var served = await Served.StartAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, await served.PostAsync("api/ops/things"));
        Assert.Equal(HttpStatusCode.Unauthorized, await served.PostAsync("api/ops/things", "a-guess"));
        Assert.Equal(HttpStatusCode.OK, await served.PostAsync("api/ops/things", FunctionKey));
        Assert.Equal(HttpStatusCode.OK, await served.PostAsync("api/ops/things", MasterKey));
        Assert.Equal(HttpStatusCode.OK, await served.PostAsync($"api/ops/things?code={FunctionKey}"));
        // The host reads the code query only when the header is absent.
        Assert.Equal(HttpStatusCode.Unauthorized, await served.PostAsync($"api/ops/things?code={FunctionKey}", "a-guess"));
        Assert.Equal(HttpStatusCode.OK, (await served.Http.GetAsync("api/things/7")).StatusCode);
    }

    [Fact]
    public async Task Without_a_master_key_admin_level_is_unreachable_and_never_open()
    {
        await using var served = await Served.StartAsync(masterKey: "");
        Assert.Equal(HttpStatusCode.Unauthorized, await served.PostAsync("api/ops/restarts"));
        Assert.Equal(HttpStatusCode.Unauthorized, await served.PostAsync("api/ops/restarts", ""));
        Assert.Equal(HttpStatusCode.Unauthorized, await served.PostAsync("api/ops/restarts", FunctionKey));
        Assert.Equal(HttpStatusCode.OK, await served.PostAsync("api/ops/things", FunctionKey));
    }

    [Theory]
    [InlineData(Anonymous, Anonymous, true)]
    [InlineData(Function, Function, true)]
    [InlineData(Function, Admin, true)]
    [InlineData(Admin, Function, false)]
    [InlineData(Admin, Admin, true)]
    [InlineData(Level.System, Function, false)] // a system key, which the local host has none of, or the master key
    [InlineData(Level.System, Admin, true)]
    [InlineData(User, Function, false)]
    [InlineData(Function, Anonymous, false)]
    public void A_level_is_met_by_the_master_key_or_by_exactly_that_level(
        Level required, Level granted, bool allowed) =>
        Assert.Equal(allowed, FunctionKeys.Allows(required, granted));
}
