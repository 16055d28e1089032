using LinfenFlows.Shared.Identity;

namespace LinfenFlows.Shared.People;

/// <summary>
/// Whether the principal header can be believed. Only App Service authentication makes it so: the platform then strips
/// any such header a client sends, puts its own, and sets <c>WEBSITE_AUTH_ENABLED=True</c>. Without it anyone can send one,
/// so it is ignored and every staff endpoint answers 401 — unless development principals are on, which the app allows in
/// the Development environment only.
/// </summary>
public sealed record PrincipalTrust(bool Trusted, string Reason)
{
    public const string AuthEnabledSetting = "WEBSITE_AUTH_ENABLED";
    public const string DevelopmentSetting = "LinfenFlows:Identity:DevelopmentPrincipals";

    public static PrincipalTrust From(string? authEnabled, bool developmentPrincipals) =>
        string.Equals(authEnabled, "true", StringComparison.OrdinalIgnoreCase)
            ? new(true, "App Service authentication is enabled (WEBSITE_AUTH_ENABLED=True): X-MS-CLIENT-PRINCIPAL is set by the platform.")
            : developmentPrincipals
                ? new(true,
                    "Development principals are on (LinfenFlows:Identity:DevelopmentPrincipals): X-MS-CLIENT-PRINCIPAL is taken as sent.")
                : new(false, "App Service authentication is not enabled for this app (WEBSITE_AUTH_ENABLED is not True): " +
                             "X-MS-CLIENT-PRINCIPAL is ignored and every staff endpoint answers 401.");
}

/// <summary>
/// The signed-in principal mapped to the person of the directory: organisation and roles (the directory's and the token's).
/// </summary>
public sealed class SignIn(StaffDirectory directory, PrincipalTrust trust)
{
    public bool Trusted => trust.Trusted;

    /// <summary>Null for an anonymous caller (no header, an unreadable one, or one that cannot be trusted here).</summary>
    public async Task<Caller?> CallerAsync(string? principalHeader, CancellationToken ct = default)
    {
        if (!trust.Trusted || Principal.Parse(principalHeader) is not { } principal) return null;
        var person = await directory.FindAsync(principal.Id, ct);
        if (person is not { Active: true }) return new Caller(principal.Id, principal.Name, "", principal.Roles);
        return new Caller(person.Id, person.Name, person.Organisation, person.Roles.Union(principal.Roles).ToHashSet(), person.VetId);
    }
}
