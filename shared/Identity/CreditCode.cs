namespace LinfenFlows.Shared.Identity;

/// <summary>统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character over the first 17.</summary>
public static class CreditCode
{
    // The code's alphabet: digits and capital letters without I, O, Z, S, V; a character's value is its position.
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    public static bool IsValid(string? code)
    {
        if (code is null) return false;
        code = code.Trim().ToUpperInvariant();
        if (code.Length != 18 || code.Any(c => Alphabet.IndexOf(c) < 0)) return false;
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += Alphabet.IndexOf(code[i]) * Weights[i];
        var check = (31 - sum % 31) % 31;
        return code[17] == Alphabet[check];
    }
}
