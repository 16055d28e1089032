using System.Text.RegularExpressions;

namespace LinfenFlows.Shared.Identity;

/// <summary>
/// Masks personal data in text bound for logs: 18-digit resident ID numbers (居民身份证号) keep their first 6 and last 4
/// characters, mobile numbers their first 3 and last 4 digits.
/// </summary>
public static partial class PersonalData
{
    [GeneratedRegex(@"(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9Xx])")]
    private static partial Regex IdNumber();

    [GeneratedRegex(@"(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])")]
    private static partial Regex MobileNumber();

    [GeneratedRegex(@"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$")]
    private static partial Regex PhoneNumber();

    [GeneratedRegex(@"^1[3-9][0-9]{9}$")]
    private static partial Regex Mobile();

    /// <summary>An 11-digit mainland mobile number, which can receive SMS.</summary>
    public static bool IsMobileNumber(string? text) => text is not null && Mobile().IsMatch(text.Trim());

    /// <summary>A mail address as SMTP takes it (one address, no display name).</summary>
    public static bool IsMailAddress(string? text) =>
        text is { Length: > 0 and <= 254 } && System.Net.Mail.MailAddress.TryCreate(text.Trim(), out var m) && m.Address == text.Trim();

    /// <summary>A mobile number, or a landline with its area code (0357-1234567).</summary>
    public static bool IsPhoneNumber(string? text) => text is not null && PhoneNumber().IsMatch(text.Trim());

    /// <summary>A mail address as logs may show it: the first character and the domain (z***@linfen.gov.cn).</summary>
    public static string MaskMail(string? mail)
    {
        var at = mail?.IndexOf('@') ?? -1;
        return at < 1 ? "" : mail![0] + "***" + mail[at..];
    }

    public static string Mask(string? text) =>
        text is null ? "" : MobileNumber().Replace(IdNumber().Replace(text, "$1********$2"), "$1****$2");
}
