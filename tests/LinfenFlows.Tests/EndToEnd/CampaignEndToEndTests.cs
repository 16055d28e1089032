using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LinfenFlows.Shared.Time;
using LinfenFlows.Tests.Support;

namespace LinfenFlows.Tests.EndToEnd;

/// <summary>定期报送 over HTTP on the local host: 市大气办 starts a campaign, follows it on its page; a county reads its own.</summary>
public class CampaignEndToEndTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private LocalHostProcess Host => fixture.Host;

    [Fact]
    public async Task The_air_office_starts_a_campaign_over_http_and_reads_it_as_json_and_as_its_page()
    {
        // Counted from the host's today, so it works on any day: the next two months, reports on Thursdays.
        var today = BeijingTime.DateOf(DateTimeOffset.UtcNow);
        var body = new
        {
            title = "秋冬季大气污染综合治理攻坚", documentNumber = $"临政办发〔{today.Year}〕{Random.Shared.Next(100_000, 999_999)}号",
            from = today.ToString("yyyy-MM-dd"), to = today.AddDays(60).ToString("yyyy-MM-dd"),
            participants = new[] { "yaodu-gov", "fushan-gov" },
        };
        var created = await Host.PostJsonAsync("api/campaigns", body, People.Get("dqb-clerk"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.ToString();
        var view = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("周四", view.GetProperty("weekday").GetString());
        Assert.Equal(2, view.GetProperty("participants").GetArrayLength());

        var again = await Host.PostJsonAsync("api/campaigns", body, People.Get("dqb-clerk"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var refused = await Host.PostJsonAsync("api/campaigns", body, People.Get("yaodu-gov-clerk"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var page = await Host.SendAsync(HttpMethod.Get, location + "/page", People.Get("dqb-clerk"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("秋冬季大气污染综合治理攻坚", await page.Content.ReadAsStringAsync());
        var county = await Host.SendAsync(HttpMethod.Get, location, People.Get("fushan-gov-clerk"));
        Assert.Equal(["fushan-gov"], (await county.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("participants")
            .EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await Host.SendAsync(HttpMethod.Get, location, People.Get("anze-gov-clerk"))).StatusCode);
    }
}
