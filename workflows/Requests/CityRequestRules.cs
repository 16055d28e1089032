using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Tasks;
using Validator = LinfenFlows.Shared.Problems.Validator;

namespace LinfenFlows.Workflows.Requests;

/// <summary>
/// A request (请示) to the city government, as submitted: its document number, title and text, the organisation that sends
/// it and the person who signed it (签发人, a person of the directory). Every field may arrive empty so that
/// <see cref="CityRequestRules.Check"/> names all that are missing at once; the annotations state its rules for the API document.
/// </summary>
public sealed record CityRequest(
    [Required, MinLength(1), MaxLength(CityRequestRules.MaxNumber)] string? RequestNumber,
    [Required, MinLength(1), MaxLength(CityRequestRules.MaxTitle)] string? Title,
    [Required, MinLength(1), MaxLength(CityRequestRules.MaxBody)] string? Body,
    [Required, MinLength(1), MaxLength(64)] string? Organisation,
    [Required, MinLength(1), MaxLength(64)] string? Signer);

/// <summary>
/// 请示 → 批复 (临政函〔2022〕70号): who may ask the city government, what a request must say, and how the reply addresses the
/// requester. The gazette sets no time limit for this kind of case: the periods are policy (<see cref="CityRequestPolicy"/>).
/// </summary>
public static partial class CityRequestRules
{
    public const int MaxNumber = 60;
    public const int MaxTitle = 100;
    public const int MaxBody = 5000;
    public const int MaxAttachments = 3;

    /// <summary>A county government or a working department of the city government may send the city government a request.</summary>
    public static bool MayRequest(string? organisation) => Organisations.Find(organisation) is
    { Parent: Organisations.CityGovernment, Kind: OrganisationKinds.Government or OrganisationKinds.Bureau };

    /// <summary>The city departments a request may be sent to for their opinions (会签): every one but the requester.</summary>
    public static IReadOnlyList<Organisation> Consultable(string requester) => Organisations.Chart
        .Where(o => o is { Parent: Organisations.CityGovernment, Kind: OrganisationKinds.Bureau } && o.Id != requester).ToList();

    /// <summary>Every broken rule at once (一次性告知); <paramref name="signer"/> is the directory's person the request names.</summary>
    public static IReadOnlyList<FieldError> Check(CityRequest? r, string callerOrganisation, Person? signer, DateOnly today)
    {
        var v = new Validator();
        v.Required(r?.RequestNumber, "requestNumber", "请示文号", MaxNumber)
         .Required(r?.Title, "title", "请示标题", MaxTitle)
         .Required(r?.Body, "body", "请示正文", MaxBody)
         .Required(r?.Organisation, "organisation", "请示单位", 64)
         .Required(r?.Signer, "signer", "签发人", 64);
        if (r?.RequestNumber is { Length: > 0 } number && YearOf(number) is var year)
        {
            v.Require(year is not null, "requestNumber", "document-number", "请示文号应为“机关代字〔年份〕序号号”，如 曲政请字〔2022〕12号。",
                "requestNumber must read like 曲政请字〔2022〕12号.");
            v.Require(year is null || year <= today.Year, "requestNumber", "not-in-future", "请示文号的年份不能晚于今年。",
                "The year of requestNumber must not be after this year.");
        }
        if (r?.Title is { Length: > 0 } title)
        {
            v.Require(title.Trim().StartsWith("关于", StringComparison.Ordinal) && title.Trim().EndsWith("的请示", StringComparison.Ordinal),
                "title", "request-title", "请示标题应为“关于……的请示”。", "title must read 关于…的请示.");
            v.Require(title.Split("请示").Length <= 2, "title", "one-matter", "一文一事：一份请示只能请示一个事项。",
                "One request asks one matter (一文一事).");
        }
        if (r?.Organisation is { Length: > 0 } organisation)
            v.Require(organisation == callerOrganisation, "organisation", "own-organisation", "只能以本单位名义报送请示。",
                "A request is sent in the name of the sender's own organisation only.");
        if (r?.Signer is { Length: > 0 })
            v.Require(signer is { Active: true } && signer.Organisation == callerOrganisation && signer.Holds(Roles.Reviewer),
                "signer", "signer-of-organisation", "签发人应为本单位在人员目录中担任“审批”的负责人。",
                "signer must be a person of the sender's organisation in the directory who holds the reviewer role.");
        return v.Errors;
    }

    /// <summary>The year of a document number such as 曲政请字〔2022〕12号, or null when it does not read like one.</summary>
    public static int? YearOf(string number) =>
        DocumentNumberPattern().Match(number.Trim()) is { Success: true } m ? int.Parse(m.Groups[1].Value) : null;

    /// <summary>What the request asks, as the reply repeats it: the title without 关于 and 的请示.</summary>
    public static string SubjectOf(string title)
    {
        var t = title.Trim();
        if (t.StartsWith("关于", StringComparison.Ordinal)) t = t[2..];
        return t.EndsWith("的请示", StringComparison.Ordinal) ? t[..^3] : t;
    }

    /// <summary>The reply's title as first drafted: 关于…的批复 (the office may word it otherwise before issue).</summary>
    public static string ReplyTitleOf(string title) => $"关于{SubjectOf(title)}的批复";

    /// <summary>The requester as the reply is addressed to it: 曲沃县人民政府, 市自然资源局.</summary>
    public static string AddresseeOf(string organisation)
    {
        var name = Organisations.NameOf(organisation);
        return name.StartsWith("临汾市", StringComparison.Ordinal) ? name[2..] : name;
    }

    /// <summary>How the reply speaks to the requester: 你县, 你区, 你市 (a county-level city), 你委, 你局.</summary>
    public static string YouOf(string organisation)
    {
        var o = Organisations.Find(organisation);
        if (o is { Kind: OrganisationKinds.Government, County: { } county }) return county.EndsWith("开发区", StringComparison.Ordinal)
            ? "你委" : $"你{county[^1]}";
        var name = o?.Name ?? organisation;
        return name.EndsWith("委员会", StringComparison.Ordinal) ? "你委" : $"你{name[^1]}";
    }

    /// <summary>
    /// The reply's text as the office first drafts it from the leader's decision (同意 or 不同意), one paragraph a line, in the
    /// words of 临政函〔2022〕70号's opening; the office words the rest from the leader's and the departments' opinions.
    /// </summary>
    public static string DraftReply(CityRequest r, string decision) => string.Join('\n',
        $"{YouOf(r.Organisation!)}《{r.Title!.Trim()}》（{r.RequestNumber!.Trim()}）收悉，经研究，现批复如下：",
        decision == Decisions.Disagree ? $"不同意{SubjectOf(r.Title!)}。" : $"同意{SubjectOf(r.Title!)}。",
        "此复。");

    [GeneratedRegex(@"^\S+〔(\d{4})〕\d+号$")]
    private static partial Regex DocumentNumberPattern();
}
