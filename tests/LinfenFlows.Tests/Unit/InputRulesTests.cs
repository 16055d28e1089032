using System.Text.Json;
using LinfenFlows.Shared.Problems;

namespace LinfenFlows.Tests.Unit;

/// <summary>What no request may carry, whatever the endpoint: each breach names its field and rule.</summary>
public class InputRulesTests
{
    private static IEnumerable<string> Breaches(string json, string prefix = "") =>
        InputRules.CheckJson(JsonDocument.Parse(json).RootElement, prefix).Select(e => $"{e.Field}:{e.Rule}");

    [Theory]
    [InlineData("""{"records":[null]}""", "records[0]:required")]
    [InlineData("""{"trainers":[{"vetId":"A"},null]}""", "trainers[1]:required")]
    [InlineData("""{"name":"x\u0000y"}""", "name:control-characters")]
    [InlineData("""{"a":{"b":["ok","\u001b[31m"]}}""", "a.b[1]:control-characters")]
    [InlineData("""{"bad\u0007key":1}""", "bad\akey:control-characters")]
    public void A_null_in_a_list_or_a_control_character_is_named_by_its_path(string json, string breach) =>
        Assert.Equal([breach], Breaches(json));

    [Fact]
    public void Line_breaks_tabs_and_chinese_text_are_text()
    {
        Assert.Empty(Breaches("""{"opinion":"同意。\n\t请于3日内报送。","items":[1,2,{"x":"【督办】"}]}"""));
        Assert.Empty(InputRules.CheckText("content", "异议内容：\r\n面积不实。"));
    }

    [Fact]
    public void A_part_of_a_form_is_named_with_its_part_and_a_whole_body_without()
    {
        Assert.Equal(["request.responsiblePersons[0]:required"], Breaches("""{"responsiblePersons":[null]}""", "request"));
        Assert.Equal(["[0]:required"], Breaches("[null]"));
    }

    [Fact]
    public void Strings_and_lists_beyond_any_forms_need_are_refused()
    {
        Assert.Equal(["summary:too-long"],
            Breaches(JsonSerializer.Serialize(new { summary = new string('字', InputRules.MaxTextLength + 1) })));
        Assert.Equal(["records:too-many"], Breaches(JsonSerializer.Serialize(new { records = new int[InputRules.MaxItems + 1] })));
        Assert.Equal(["phone:control-characters"], InputRules.CheckText("phone", "139\0").Select(e => $"{e.Field}:{e.Rule}"));
        Assert.Equal(["x:control-characters"], InputRules.CheckText("x", "\ud800 unpaired").Select(e => $"{e.Field}:{e.Rule}"));
    }
}
