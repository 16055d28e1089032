using LinfenFlows.Shared.Identity;

namespace LinfenFlows.Tests.Unit;

public class PersonalDataTests
{
    [Theory]
    [InlineData("身份证号 14102319800101123X 的李某", "身份证号 141023********123X 的李某")]
    [InlineData("联系电话13812345678。", "联系电话138****5678。")]
    [InlineData("临应急字〔2026〕9号，罚款200000元", "临应急字〔2026〕9号，罚款200000元")]
    [InlineData("流水号 1234567890123456789012", "流水号 1234567890123456789012")] // a longer number is neither
    public void Id_and_mobile_numbers_are_masked_and_other_numbers_are_left_alone(string text, string masked) =>
        Assert.Equal(masked, PersonalData.Mask(text));
}
