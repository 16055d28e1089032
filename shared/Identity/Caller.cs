using System.Text;
using System.Text.Json;

namespace LinfenFlows.Shared.Identity;

/// <summary>
/// The signed-in person, as App Service authentication (Entra ID) states it in <c>X-MS-CLIENT-PRINCIPAL</c>:
/// base64 JSON with <c>auth_typ</c>, <c>name_typ</c>, <c>role_typ</c> and <c>claims</c> [{typ, val}].
/// LinfenFlows reads the user id, display name, organisation (claim <c>org</c>) and roles.
/// </summary>
public sealed record Caller(string UserId, string Name, string Organisation, IReadOnlySet<string> Roles)
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string OrganisationClaim = "org";
    private const string ObjectIdClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier";

    public bool IsIn(string role) => Roles.Contains(role);

    /// <summary>Null when the header is absent or unreadable: the caller is anonymous.</summary>
    public static Caller? FromPrincipalHeader(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
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
            var id = First(ObjectIdClaim, "oid", "sub", nameType);
            var org = First(OrganisationClaim);
            if (string.IsNullOrWhiteSpace(id) || string.IsNullOrWhiteSpace(org)) return null;
            var roles = claims.Where(c => c.Type == roleType || c.Type == "roles").Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
            return new Caller(id, First(nameType, "name") ?? id, org, roles);
        }
        catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The header App Service would send for this caller (used by the development identity and tests).</summary>
    public string ToPrincipalHeader()
    {
        var claims = new List<object>
        {
            new { typ = ObjectIdClaim, val = UserId },
            new { typ = "name", val = Name },
            new { typ = OrganisationClaim, val = Organisation },
        };
        claims.AddRange(Roles.Select(r => new { typ = "roles", val = r }));
        var json = JsonSerializer.Serialize(new { auth_typ = "aad", name_typ = "name", role_typ = "roles", claims });
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    }
}

/// <summary>The roles LinfenFlows authorises against, and the organisations of the accident process.</summary>
public static class Roles
{
    /// <summary>Staff who submit and follow their organisation's cases.</summary>
    public const string Applicant = "applicant";
    /// <summary>Supervisors (督办) may read every case.</summary>
    public const string Supervisor = "supervisor";
    /// <summary>An official vet (or trainer, or assistant inspector) acting on their own training file; the user id is the vet's id.</summary>
    public const string Vet = "vet";
}

public static class Organisations
{
    public const string CityEmergencyBureau = "linfen-yjj";
    public const string CityGovernment = "linfen-gov";
    public const string CityGovernmentOffice = "linfen-gov-office";
    public const string DisciplineCommission = "linfen-jw";
    public const string PublicSecurity = "linfen-ga";
    public const string CityHrBureau = "linfen-rsj";
    public const string CityHrPartyGroup = "linfen-rsj-party";
    public const string CityDevelopmentReform = "linfen-fgw";
    public const string CityFinanceBureau = "linfen-czj";
    public const string CityAgricultureBureau = "linfen-nyj";
    public const string CityLivestockCentre = "linfen-xmzx";

    private static readonly Dictionary<string, string> Names = new()
    {
        [CityEmergencyBureau] = "临汾市应急管理局",
        [CityGovernment] = "临汾市人民政府",
        [CityGovernmentOffice] = "临汾市人民政府办公室（督查室）",
        [DisciplineCommission] = "临汾市纪委监委",
        [PublicSecurity] = "临汾市公安局",
        [CityHrBureau] = "临汾市人力资源和社会保障局",
        [CityHrPartyGroup] = "临汾市人力资源和社会保障局党组",
        [CityDevelopmentReform] = "临汾市发展和改革委员会",
        [CityFinanceBureau] = "临汾市财政局",
        [CityAgricultureBureau] = "临汾市农业农村局",
        [CityLivestockCentre] = "临汾市畜牧发展中心",
    };

    public static string NameOf(string code) =>
        Names.TryGetValue(code, out var name) ? name
        : Counties.OfHrBureau(code) is { } county ? $"{county.Name}人力资源和社会保障局"
        : Counties.OfAgricultureBureau(code) is { } farming ? $"{farming.Name}农业农村局"
        : code;
}
