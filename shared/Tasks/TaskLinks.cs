using System.Security.Cryptography;
using System.Text;

namespace LinfenFlows.Shared.Tasks;

/// <summary>Opaque link tokens: 256 random bits, base64url. Only the SHA-256 of a token is stored.</summary>
public static class LinkTokens
{
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A token has exactly the shape <see cref="New"/> makes; anything else is refused before any storage read.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: 43 } && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
