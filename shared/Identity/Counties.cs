namespace LinfenFlows.Shared.Identity;

/// <summary>A county-level division of Linfen (县、市、区) and the code its bodies' organisation ids start with.</summary>
public sealed record County(string Code, string Name)
{
    /// <summary>The county's government (县级人民政府; 临汾经济开发区: its administrative committee).</summary>
    public string Government => $"{Code}-gov";

    /// <summary>The county's HR and social security bureau (县级人社部门).</summary>
    public string HrBureau => $"{Code}-rsj";

    /// <summary>The county's agriculture and rural affairs bureau (县级农业农村局), which trains and supervises its vets.</summary>
    public string AgricultureBureau => $"{Code}-nyj";

    /// <summary>The county's emergency management bureau (县级应急管理局).</summary>
    public string EmergencyBureau => $"{Code}-yjj";

    /// <summary>A development zone is not a county: it has an administrative committee rather than a people's government.</summary>
    public bool IsZone => Code == "kaifaqu";
}

/// <summary>The county-level divisions of Linfen, in the order the city lists them: 17 counties and the development zone.</summary>
public static class Counties
{
    public static readonly IReadOnlyList<County> All =
    [
        new("yaodu", "尧都区"), new("houma", "侯马市"), new("huozhou", "霍州市"), new("quwo", "曲沃县"), new("yicheng", "翼城县"),
        new("xiangfen", "襄汾县"), new("hongtong", "洪洞县"), new("guxian", "古县"), new("anze", "安泽县"), new("fushan", "浮山县"),
        new("jixian", "吉县"), new("xiangning", "乡宁县"), new("daning", "大宁县"), new("xixian", "隰县"), new("yonghe", "永和县"),
        new("puxian", "蒲县"), new("fenxi", "汾西县"), new("kaifaqu", "临汾经济开发区"),
    ];

    private static readonly Dictionary<string, County> ByName = All.ToDictionary(c => c.Name);
    private static readonly Dictionary<string, County> ByHrBureau = All.ToDictionary(c => c.HrBureau);
    private static readonly Dictionary<string, County> ByAgricultureBureau = All.ToDictionary(c => c.AgricultureBureau);

    public static County? Named(string? name) => name is null ? null : ByName.GetValueOrDefault(name.Trim());

    /// <summary>The county whose HR bureau this organisation is, if it is one.</summary>
    public static County? OfHrBureau(string organisation) => ByHrBureau.GetValueOrDefault(organisation);

    public static County? OfAgricultureBureau(string organisation) => ByAgricultureBureau.GetValueOrDefault(organisation);
}
