using LinfenFlows.Shared.Documents;
using LinfenFlows.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Tests.Integration;

public class DocumentNumberTests
{
    private readonly DocumentNumbers numbers = TestServices.Build().GetRequiredService<DocumentNumbers>();

    [Fact]
    public async Task Concurrent_allocations_get_every_number_once_with_no_gap()
    {
        var issuer = "测试函" + Guid.NewGuid().ToString("N")[..6];
        var allocated = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => numbers.AllocateAsync(issuer, 2026, $"case-{i}")));

        Assert.Equal(Enumerable.Range(1, 25), allocated.Select(n => n.Sequence).Order());
    }

    [Fact]
    public async Task Asking_again_for_the_same_case_returns_its_number()
    {
        var issuer = "测试函" + Guid.NewGuid().ToString("N")[..6];
        var first = await numbers.AllocateAsync(issuer, 2026, "case-a");
        await numbers.AllocateAsync(issuer, 2026, "case-b");
        var again = await numbers.AllocateAsync(issuer, 2026, "case-a");

        Assert.Equal(first, again);
        Assert.Equal($"{issuer}〔2026〕1号", again.ToString());
    }

    [Fact]
    public async Task Each_year_starts_again_at_one()
    {
        var issuer = "测试函" + Guid.NewGuid().ToString("N")[..6];
        await numbers.AllocateAsync(issuer, 2026, "case-a");
        Assert.Equal(1, (await numbers.AllocateAsync(issuer, 2027, "case-b")).Sequence);
    }
}
