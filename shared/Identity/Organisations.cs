namespace LinfenFlows.Shared.Identity;

/// <summary>The roles a person holds in an organisation; tasks are addressed to a role in an organisation.</summary>
public static class Roles
{
    /// <summary>经办: staff who submit, receive hand-offs and follow their organisation's cases.</summary>
    public const string Applicant = "applicant";
    /// <summary>审批: decides the organisation's reviews (a county's recommendation, the city government's reply).</summary>
    public const string Reviewer = "reviewer";
    /// <summary>督办: told when tasks are overdue or have no holder; may read every case of the city and reassign tasks.</summary>
    public const string Supervisor = "supervisor";
    /// <summary>An expert of the city HR bureau's pool (评估专家).</summary>
    public const string Expert = "expert";
    /// <summary>An official vet (or trainer, or assistant inspector) acting on their own training file.</summary>
    public const string Vet = "vet";
    /// <summary>师资: a trainer who teaches official vets.</summary>
    public const string Trainer = "trainer";
    /// <summary>培训组织: registers offline training sessions.</summary>
    public const string Organiser = "organiser";
    /// <summary>运维: manages the directory, the calendar and cases in trouble.</summary>
    public const string Operator = "operator";

    public static readonly IReadOnlyList<string> All = [Applicant, Reviewer, Supervisor, Expert, Vet, Trainer, Organiser, Operator];

    public static string Label(string role) => role switch
    {
        Applicant => "经办",
        Reviewer => "审批",
        Supervisor => "督办",
        Expert => "评估专家",
        Vet => "官方兽医",
        Trainer => "师资",
        Organiser => "培训组织",
        Operator => "运维",
        _ => role,
    };

    /// <summary>A role as written in a CSV file or form: its code or its Chinese label.</summary>
    public static string? Parse(string? text) =>
        text is null ? null : All.FirstOrDefault(r => r == text.Trim() || Label(r) == text.Trim());
}

/// <summary>What kind of body an organisation is.</summary>
public static class OrganisationKinds
{
    public const string Government = "人民政府";
    public const string Office = "办事机构";
    public const string Bureau = "工作部门";
    public const string Desk = "内设机构";
    public const string PartyGroup = "党组";
    public const string ExpertPool = "专家库";
    /// <summary>An enterprise or other unit outside the government, created when a case first names it.</summary>
    public const string Unit = "外部单位";
}

/// <summary>An organisation: a stable id, its Chinese name, its parent and its county (for county bodies and units).</summary>
public sealed record Organisation(string Id, string Name, string Kind, string? Parent = null, string? County = null,
    string? CreditCode = null);

/// <summary>
/// The bodies of Linfen that the processes name, with stable ids (the built-in organisation chart). Outside units
/// (enterprises, 负责整改的单位) are not here: the directory creates them when a case first names them.
/// </summary>
public static class Organisations
{
    public const string CityGovernment = "linfen-gov";
    public const string CityGovernmentOffice = "linfen-gov-office";
    /// <summary>市政府督查室: supervises the city government's own deadlines (督办).</summary>
    public const string CityGovernmentInspection = "linfen-gov-dcs";
    public const string CityEmergencyBureau = "linfen-yjj";
    public const string CityEmergencyEnforcement = "linfen-yjj-zf";
    public const string CityEmergencyDisclosure = "linfen-yjj-gk";
    public const string DisciplineCommission = "linfen-jw";
    public const string PublicSecurity = "linfen-ga";
    public const string CityHrBureau = "linfen-rsj";
    public const string CityHrPartyGroup = "linfen-rsj-party";
    /// <summary>市人社局人力资源流动管理科: the bureau's desk for HR service parks.</summary>
    public const string CityHrMobilityDivision = "linfen-rsj-ldk";
    public const string CityHrExpertPool = "linfen-rsj-experts";
    public const string CityDevelopmentReform = "linfen-fgw";
    public const string CityFinanceBureau = "linfen-czj";
    public const string CityAgricultureBureau = "linfen-nyj";
    public const string CityLivestockCentre = "linfen-xmzx";
    public const string CityEcologyBureau = "linfen-sthjj";
    public const string CityNaturalResourcesBureau = "linfen-zrzyj";
    /// <summary>市大气办: the office of the city's air-pollution control leading group, housed in the ecology bureau.</summary>
    public const string CityAirOffice = "linfen-dqb";

    public static readonly IReadOnlyList<Organisation> Chart = Build();

    private static readonly Dictionary<string, Organisation> ById = Chart.ToDictionary(o => o.Id);

    public static Organisation? Find(string? id) => id is null ? null : ById.GetValueOrDefault(id);

    public static bool IsBuiltIn(string id) => ById.ContainsKey(id);

    /// <summary>The Chinese name of a built-in organisation; outside units carry their own names where they are shown.</summary>
    public static string NameOf(string id) => Find(id)?.Name ?? id;

    private static List<Organisation> Build()
    {
        const string Gov = OrganisationKinds.Government, Bureau = OrganisationKinds.Bureau, Desk = OrganisationKinds.Desk;
        var chart = new List<Organisation>
        {
            new(CityGovernment, "临汾市人民政府", Gov),
            new(CityGovernmentOffice, "临汾市人民政府办公室", OrganisationKinds.Office, CityGovernment),
            new(CityGovernmentInspection, "临汾市人民政府督查室", Desk, CityGovernmentOffice),
            new(CityEmergencyBureau, "临汾市应急管理局", Bureau, CityGovernment),
            new(CityEmergencyEnforcement, "临汾市应急管理综合行政执法支队", Desk, CityEmergencyBureau),
            new(CityEmergencyDisclosure, "临汾市应急管理局办公室（政务公开）", Desk, CityEmergencyBureau),
            new(DisciplineCommission, "临汾市纪委监委", Bureau),
            new(PublicSecurity, "临汾市公安局", Bureau, CityGovernment),
            new(CityHrBureau, "临汾市人力资源和社会保障局", Bureau, CityGovernment),
            new(CityHrPartyGroup, "中共临汾市人力资源和社会保障局党组", OrganisationKinds.PartyGroup, CityHrBureau),
            new(CityHrMobilityDivision, "临汾市人力资源和社会保障局人力资源流动管理科", Desk, CityHrBureau),
            new(CityHrExpertPool, "临汾市人力资源服务产业园评估专家库", OrganisationKinds.ExpertPool, CityHrBureau),
            new(CityDevelopmentReform, "临汾市发展和改革委员会", Bureau, CityGovernment),
            new(CityFinanceBureau, "临汾市财政局", Bureau, CityGovernment),
            new(CityAgricultureBureau, "临汾市农业农村局", Bureau, CityGovernment),
            new(CityLivestockCentre, "临汾市畜牧发展中心", OrganisationKinds.Office, CityAgricultureBureau),
            new(CityEcologyBureau, "临汾市生态环境局", Bureau, CityGovernment),
            new(CityNaturalResourcesBureau, "临汾市自然资源局", Bureau, CityGovernment),
            new(CityAirOffice, "临汾市大气污染防治工作领导小组办公室", OrganisationKinds.Office, CityEcologyBureau),
        };
        foreach (var c in Counties.All)
        {
            chart.Add(new(c.Government, c.IsZone ? $"{c.Name}管理委员会" : $"{c.Name}人民政府", Gov, CityGovernment, c.Name));
            chart.Add(new(c.HrBureau, $"{c.Name}人力资源和社会保障局", Bureau, c.Government, c.Name));
            chart.Add(new(c.AgricultureBureau, $"{c.Name}农业农村局", Bureau, c.Government, c.Name));
            chart.Add(new(c.EmergencyBureau, $"{c.Name}应急管理局", Bureau, c.Government, c.Name));
        }
        return chart;
    }
}
