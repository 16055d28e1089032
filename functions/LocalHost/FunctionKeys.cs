using System.Security.Cryptography;
using System.Text;
using Microsoft.Azure.Functions.Worker;

namespace LinfenFlows.LocalHost;

/// <summary>
/// Function keys as the Functions host checks them (azure-functions-host: AuthenticationLevelHandler, SecretManager,
/// AuthUtility.PrincipalHasAuthLevelClaim): the key comes from the <c>x-functions-key</c> header or, only when that header
/// is absent, the <c>code</c> query; the master key grants Admin, which passes every level; a function (host) key grants
/// Function. A level is met by Admin or by exactly that level, so an Admin-level function takes the master key only.
/// A key that is not configured matches nothing: its level is unreachable, never open.
/// </summary>
public static class FunctionKeys
{
    public const string Header = "x-functions-key";
    public const string Query = "code";

    public static string? Presented(HttpRequest request) =>
        request.Headers.TryGetValue(Header, out var header) ? header.FirstOrDefault()
        : request.Query.TryGetValue(Query, out var code) ? code.FirstOrDefault()
        : null;

    /// <summary>No system keys exist here (Azure creates them for extensions): System-level functions take the master key only.</summary>
    public static AuthorizationLevel Granted(string? key, LocalHostOptions options) =>
        string.IsNullOrEmpty(key) ? AuthorizationLevel.Anonymous
        : Matches(key, options.MasterKey) ? AuthorizationLevel.Admin
        : Matches(key, options.FunctionKey) ? AuthorizationLevel.Function
        : AuthorizationLevel.Anonymous;

    public static bool Allows(AuthorizationLevel required, AuthorizationLevel granted) =>
        required == AuthorizationLevel.Anonymous || granted == AuthorizationLevel.Admin || granted == required;

    public static bool Authorised(AuthorizationLevel required, HttpRequest request, LocalHostOptions options) =>
        Allows(required, Granted(Presented(request), options));

    private static bool Matches(string presented, string? configured) =>
        !string.IsNullOrEmpty(configured)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(configured));
}
