using System.Text;
using System.Text.Json;

namespace LinfenFlows.Shared.Identity;

/// <summary>
/// Someone signed in, as LinfenFlows knows them: the person's id (the Entra object id), name, the organisation the staff
/// directory places them in and the roles they hold there (with the Entra app roles of their token), and, for an official
/// vet, the vet's registration number. An unregistered person has no organisation and can act nowhere.
/// </summary>
public sealed record Caller(string UserId, string Name, string Organisation, IReadOnlySet<string> Roles, string? VetId = null)
{
    public bool IsIn(string role) => Roles.Contains(role);

    public bool IsRegistered => Organisation.Length > 0;

    /// <summary>
    /// A supervisor (督办) of a city-level body reads every case of the city; anyone else the cases their organisation is party to.
    /// </summary>
    /// <summary>A city body's supervisors (督办) and the platform's operators (运维, who control and retry cases) read every case.</summary>
    public bool ReadsEveryCase =>
        (IsIn(Identity.Roles.Supervisor) || IsIn(Identity.Roles.Operator)) && Organisations.Find(Organisation) is { County: null };

    public bool MayRead(IEnumerable<string> parties) => ReadsEveryCase || (IsRegistered && parties.Contains(Organisation));

    /// <summary>The header App Service would send for this caller (the development identity and tests use it).</summary>
    public string ToPrincipalHeader() => Principal.HeaderFor(UserId, Name, Roles);
}

/// <summary>
/// What App Service authentication (Entra ID) says of a request in <c>X-MS-CLIENT-PRINCIPAL</c>: base64 JSON with
/// <c>auth_typ</c>, <c>name_typ</c>, <c>role_typ</c> and <c>claims</c> [{typ, val}]. Entra tokens carry the object id
/// (<c>oid</c>), the name and the app roles (<c>roles</c>); there is no organisation claim: the directory supplies it.
/// </summary>
public sealed record Principal(string Id, string Name, IReadOnlySet<string> Roles)
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";
    private const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    /// <summary>Null when the header is absent or unreadable.</summary>
    public static Principal? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > 16_384) return null;
        try
        {
            using var doc = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header)));
            var root = doc.RootElement;
            string nameType = root.TryGetProperty("name_typ", out var n) ? n.GetString() ?? "name" : "name";
            string roleType = root.TryGetProperty("role_typ", out var r) ? r.GetString() ?? "roles" : "roles";
            var claims = root.GetProperty("claims").EnumerateArray()
                .Select(c => (Type: c.GetProperty("typ").GetString() ?? "", Value: c.GetProperty("val").GetString() ?? ""))
                .ToList();
            string? First(params string[] types) => claims.FirstOrDefault(c => types.Contains(c.Type)).Value;
            var id = First(ObjectIdClaim, "oid");
            if (string.IsNullOrWhiteSpace(id)) return null;
            var roles = claims.Where(c => c.Type == roleType || c.Type == "roles").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
            return new Principal(id, First(nameType, "name", "preferred_username") ?? id, roles);
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException
            or DecoderFallbackException)
        {
            return null;
        }
    }

    public static string HeaderFor(string id, string name, IEnumerable<string> roles)
    {
        var claims = new List<object> { new { typ = ObjectIdClaim, val = id }, new { typ = "name", val = name } };
        claims.AddRange(roles.Select(r => new { typ = "roles", val = r }));
        var json = JsonSerializer.Serialize(new { auth_typ = "aad", name_typ = "name", role_typ = "roles", claims });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }
}
