using System.Text.Json;
using LinfenFlows.LocalHost;

namespace LinfenFlows.Tests.LocalHost;

/// <summary>
/// The local host refuses to start on what the Azure Functions host refuses when it indexes an app, decided as that host
/// decides it (azure-functions-host ScriptHost.ValidateHttpFunction / HttpRoutesConflict, WebJobsCoreScriptBindingProvider,
/// WorkerFunctionMetadataProvider, WebScriptHostHttpRoutesManager).
/// </summary>
public class FunctionIndexRulesTests
{
    private static InvalidOperationException Refusal(params HttpFunction[] functions)
    {
        using var metadata = TestMetadata.Write(functions);
        return Assert.Throws<InvalidOperationException>(() => FunctionCatalog.Load(metadata.Path));
    }

    private static void AssertNames(InvalidOperationException refusal, string function, string rule)
    {
        Assert.Contains($"function '{function}' breaks the rule \"{rule}\"", refusal.Message);
        Assert.Single(refusal.Message.Split('\n'), line => line.Contains("breaks the rule"));
    }

    // The bad routes are put together from the reserved prefixes, so no route in the sources begins with one.
    [Theory]
    [InlineData(0, "", "/things")]
    [InlineData(0, "/", "/things", true)] // trimmed of '/', any case
    [InlineData(0, "", "istration")]      // StartsWith, no segment boundary
    [InlineData(1, "", "/things")]
    [InlineData(1, "", "S", true)]
    public void A_route_that_begins_with_a_reserved_prefix_is_refused(int prefix, string before, string after, bool upper = false)
    {
        var reserved = FunctionIndexRules.ReservedPrefixes[prefix];
        var route = before + (upper ? reserved.ToUpperInvariant() : reserved) + after;
        var refusal = Refusal(HttpFunction.Post(nameof(TestFunctions.Operate), route));
        AssertNames(refusal, nameof(TestFunctions.Operate), FunctionIndexRules.NoReservedPrefix);
        Assert.Contains("conflicts with one or more built in routes", refusal.Message);
    }

    [Fact]
    public void A_reserved_word_later_in_the_route_is_no_reserved_prefix()
    {
        var (admin, runtime) = (FunctionIndexRules.ReservedPrefixes[0], FunctionIndexRules.ReservedPrefixes[1]);
        Assert.Empty(FunctionIndexRules.Check([], [new HttpTriggerMetadata("a", "ops/" + admin, ["post"], "Function")], "api"));
        Assert.Empty(FunctionIndexRules.Check([], [new HttpTriggerMetadata("b", $"x/{runtime}/{admin}", ["post"], "Function")], "api"));
    }

    [Fact]
    public void A_function_without_a_route_is_served_under_its_name_and_so_checked_under_it()
    {
        var violations = FunctionIndexRules.Check([], [new HttpTriggerMetadata("adminTools", "  ", ["get"], null)], "api");
        Assert.Equal(FunctionIndexRules.NoReservedPrefix, Assert.Single(violations).Rule);
    }

    [Fact]
    public void Two_functions_claiming_the_same_route_and_a_common_method_are_refused()
    {
        var refusal = Refusal(
            new HttpFunction(nameof(TestFunctions.Operate), "ops/things", Methods: ["get", "post"]),
            new HttpFunction(nameof(TestFunctions.OperateAgain), "/OPS/things/", Methods: ["post", "put"]));
        AssertNames(refusal, nameof(TestFunctions.OperateAgain), FunctionIndexRules.OneFunctionPerRoute);
        Assert.Contains($"conflicts with the route defined by function '{nameof(TestFunctions.Operate)}'", refusal.Message);
    }

    [Theory]
    [InlineData(null, new[] { "post" })]  // no methods: all of them
    [InlineData(new string[0], new[] { "post" })]
    public void A_function_taking_every_method_conflicts_with_any_other_on_its_route(string[]? methods, string[] others)
    {
        var violations = FunctionIndexRules.Check([], [new("a", "ops/things", methods, null), new("b", "ops/things", others, null)], "api");
        var conflict = Assert.Single(violations);
        Assert.Equal("b", conflict.Function);
        Assert.Equal(FunctionIndexRules.OneFunctionPerRoute, conflict.Rule);
    }

    [Fact]
    public void The_same_route_with_different_methods_or_other_parameter_names_is_no_conflict_for_the_host()
    {
        Assert.Empty(FunctionIndexRules.Check([],
        [
            new("a", "ops/things", ["get"], null), new("b", "ops/things", ["post"], null),
            new("c", "things/{id}", ["get"], null), new("d", "things/{key}", ["get"], null),
        ], "api"));
    }

    [Theory]
    [InlineData("things/{id")]
    [InlineData("things/{id:nosuchconstraint}")]
    [InlineData("things/{id}/{id}")]
    [InlineData("things/{*rest}/more")]
    [InlineData("/things")] // the host prefixes 'api/' as written: 'api//things'
    public void A_route_template_that_does_not_parse_is_refused(string route)
    {
        var refusal = Refusal(HttpFunction.Post(nameof(TestFunctions.Operate), route));
        AssertNames(refusal, nameof(TestFunctions.Operate), FunctionIndexRules.TemplateParses);
    }

    [Theory]
    [InlineData("Owner")]
    [InlineData("function key")]
    public void An_auth_level_the_host_does_not_know_is_refused(string level)
    {
        var refusal = Refusal(HttpFunction.Post(nameof(TestFunctions.Operate), "ops/things", level));
        AssertNames(refusal, nameof(TestFunctions.Operate), FunctionIndexRules.KnownAuthLevel);
    }

    [Theory]
    [InlineData("anonymous", Microsoft.Azure.Functions.Worker.AuthorizationLevel.Anonymous)]
    [InlineData("ADMIN", Microsoft.Azure.Functions.Worker.AuthorizationLevel.Admin)]
    [InlineData("System", Microsoft.Azure.Functions.Worker.AuthorizationLevel.System)]
    [InlineData(null, Microsoft.Azure.Functions.Worker.AuthorizationLevel.Function)] // the host's default
    [InlineData("", Microsoft.Azure.Functions.Worker.AuthorizationLevel.Function)]
    public void The_auth_levels_the_host_knows_are_read_in_any_case(string? text, Microsoft.Azure.Functions.Worker.AuthorizationLevel level)
    {
        Assert.True(FunctionIndexRules.TryParseAuthLevel(text, out var parsed));
        Assert.Equal(level, parsed);
    }

    [Theory]
    [InlineData("host")]
    [InlineData("9lives")]
    [InlineData("with space")]
    public void A_function_name_the_host_does_not_accept_is_refused(string name)
    {
        var refusal = Refusal(HttpFunction.Post(name, "ops/things"));
        AssertNames(refusal, name, FunctionIndexRules.ValidName);
    }

    [Fact]
    public void Every_refusal_is_listed_at_once()
    {
        var refusal = Refusal(HttpFunction.Post(nameof(TestFunctions.Operate), FunctionIndexRules.ReservedPrefixes[0] + "/things"),
            HttpFunction.Post(nameof(TestFunctions.OperateAgain), "ops/things", "Owner"));
        Assert.Equal(2, refusal.Message.Split('\n').Count(line => line.Contains("breaks the rule")));
    }

    [Fact]
    public void The_apps_own_functions_metadata_passes_every_rule()
    {
        var path = FunctionCatalog.DefaultMetadataPath;
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var names = doc.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList();
        var http = doc.RootElement.EnumerateArray().SelectMany(f => f.GetProperty("bindings").EnumerateArray()
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .Select(b => new HttpTriggerMetadata(f.GetProperty("name").GetString()!, b.GetProperty("route").GetString(),
                b.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToList(),
                b.GetProperty("authLevel").GetString()))).ToList();

        Assert.Empty(FunctionIndexRules.Check(names, http, HostJson.RoutePrefix()));
        Assert.True(http.Count > 30);
        Assert.Equal(names.Count, FunctionCatalog.Load(path).Functions.Count);
    }
}
