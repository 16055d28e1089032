using System.ComponentModel.DataAnnotations;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using Validator = LinfenFlows.Shared.Problems.Validator;

namespace LinfenFlows.Workflows.Accidents;

/// <summary>
/// The emergency bureau's request (请示) for approval of an accident investigation report, as submitted. Every field may
/// arrive empty so that <see cref="AccidentRules.Validate"/> names all that are missing at once; the annotations state
/// its rules for the API document.
/// </summary>
public sealed record AccidentRequest(
    [Required, MinLength(1), MaxLength(60)] string? RequestNumber,
    [Required, MinLength(1), MaxLength(100)] string? Enterprise,
    [Required, MinLength(1), MaxLength(30)] string? County,
    [Required] DateOnly? OccurredOn,
    [Required, MinLength(1), MaxLength(30)] string? AccidentType,
    [Required, AllowedValues("一般", "较大", "重大", "特别重大")] string? Level,
    [Required, MinLength(1), MaxLength(4000)] string? Summary,
    IReadOnlyList<ResponsibleParty>? ResponsiblePersons,
    IReadOnlyList<ResponsibleParty>? ResponsibleUnits,
    [Required, MinLength(1)] IReadOnlyList<PreventionMeasure>? PreventionMeasures,
    string? EnterpriseCreditCode = null);

/// <summary>A responsible person or unit and the handling the investigation proposes.</summary>
public sealed record ResponsibleParty(string? Name, string? Position, string? Handling, string? Detail);

/// <summary>A prevention and rectification measure (防范整改措施): what, which unit implements it, by when (policy default if none).</summary>
public sealed record PreventionMeasure([Required, MinLength(1), MaxLength(1000)] string? Content,
    [Required, MinLength(1), MaxLength(100)] string? ResponsibleUnit, DateOnly? DueOn);

/// <summary>The accident levels of 《生产安全事故报告和调查处理条例》 and the handling channels of the reply.</summary>
public static class AccidentRules
{
    public const string General = "一般";
    public const string Larger = "较大";
    public const string Major = "重大";
    public const string ExtraordinarilyMajor = "特别重大";
    public static readonly IReadOnlyList<string> Levels = [General, Larger, Major, ExtraordinarilyMajor];

    /// <summary>A kind of handling (reply part 2): who carries it out, and its code in the hand-off's task id.</summary>
    public sealed record Handling(string Name, string Authority, string Code);

    /// <summary>The kinds of handling, in the order the reply names them.</summary>
    public static readonly IReadOnlyList<Handling> HandlingKinds =
    [
        new("党纪政务处分", "纪委监委", "discipline"),
        new("刑事责任", "公安机关", "criminal"),
        new("企业内部处理", "企业", "enterprise"),
        new("行政处罚", "应急管理部门", "penalty"),
    ];

    /// <summary>Who carries out each kind of handling, by its name.</summary>
    public static readonly IReadOnlyDictionary<string, string> Handlings = HandlingKinds.ToDictionary(h => h.Name, h => h.Authority);

    /// <summary>第三十二条: in special cases the reply period may be extended, by at most 30 days.</summary>
    public const int MaxExtensionDays = 30;

    /// <summary>第三十二条: the reply is due within 15 days of receiving the report, 30 for 特别重大.</summary>
    public static int ReplyPeriodDays(string level) => level == ExtraordinarilyMajor ? 30 : 15;

    /// <summary>Every broken rule at once (一次性告知); a valid request passes silently.</summary>
    public static void Validate(AccidentRequest? r, DateOnly today)
    {
        var v = new Validator();
        if (r is null)
        {
            v.Add(new FieldError("request", "required", "请示内容不能为空。", "The request body is required."));
            v.ThrowIfInvalid();
            return;
        }
        v.Required(r.RequestNumber, "requestNumber", "请示文号", 60)
         .Required(r.Enterprise, "enterprise", "事故单位", 100)
         .Required(r.County, "county", "事故发生地（县、市、区）", 30)
         .Required(r.AccidentType, "accidentType", "事故类型", 30)
         .Required(r.Summary, "summary", "事故概况", 4000);
        v.Require(r.EnterpriseCreditCode is null || CreditCode.IsValid(r.EnterpriseCreditCode), "enterpriseCreditCode", "credit-code",
            "事故单位统一社会信用代码应为18位且校验位正确。", "enterpriseCreditCode is not a valid unified social credit code.");
        if (r.Level is not null && !Levels.Contains(r.Level))
            v.Add(new FieldError("level", "allowed-level", "事故等级只能是：一般、较大、重大、特别重大。", "level must be one of 一般, 较大, 重大, 特别重大."));
        else v.Required(r.Level, "level", "事故等级");
        v.Require(r.OccurredOn is not null, "occurredOn", "required", "事故发生日期不能为空。", "occurredOn is required.");
        v.Require(r.OccurredOn is null || r.OccurredOn <= today, "occurredOn", "not-in-future", "事故发生日期不能晚于今天。",
            "occurredOn must not be in the future.");
        v.Require(r.ResponsiblePersons is { Count: > 0 } || r.ResponsibleUnits is { Count: > 0 }, "responsiblePersons", "required",
            "至少列明一名责任人员或一个责任单位及处理意见。", "At least one responsible person or unit is required.");
        CheckParties(v, "responsiblePersons", "责任人员", r.ResponsiblePersons);
        CheckParties(v, "responsibleUnits", "责任单位", r.ResponsibleUnits);
        v.Require(r.PreventionMeasures is { Count: > 0 }, "preventionMeasures", "required",
            "请列明事故防范和整改措施。", "At least one prevention measure is required.");
        for (var i = 0; i < (r.PreventionMeasures?.Count ?? 0); i++)
        {
            var m = r.PreventionMeasures![i];
            v.Required(m.Content, $"preventionMeasures[{i}].content", $"防范整改措施第{i + 1}项的内容", 1000)
             .Required(m.ResponsibleUnit, $"preventionMeasures[{i}].responsibleUnit", $"防范整改措施第{i + 1}项的责任单位", 100);
            v.Require(m.DueOn is null || m.DueOn > today, $"preventionMeasures[{i}].dueOn", "in-future",
                $"防范整改措施第{i + 1}项的完成期限应晚于今天。", $"preventionMeasures[{i}].dueOn must be after today.");
        }
        v.ThrowIfInvalid();
    }

    private static void CheckParties(Validator v, string field, string label, IReadOnlyList<ResponsibleParty>? parties)
    {
        if (parties is null) return;
        for (var i = 0; i < parties.Count; i++)
        {
            var p = parties[i];
            v.Required(p.Name, $"{field}[{i}].name", $"{label}第{i + 1}项的名称", 100);
            if (p.Handling is null || !Handlings.ContainsKey(p.Handling))
                v.Add(new FieldError($"{field}[{i}].handling", "allowed-handling",
                    $"{label}第{i + 1}项的处理方式只能是：{string.Join("、", Handlings.Keys)}。",
                    $"{field}[{i}].handling must be one of {string.Join(", ", Handlings.Keys)}."));
        }
    }
}
