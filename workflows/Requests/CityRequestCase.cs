using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Tasks;
using Json = LinfenFlows.Shared.Json;

namespace LinfenFlows.Workflows.Requests;

/// <summary>
/// The periods of a request's steps, in working days (the gazette sets none for a 请示: policy, configurable under
/// <c>LinfenFlows:Requests</c>), the reminders before each deadline, and the fresh period a step gets after its 督办.
/// </summary>
public sealed class CityRequestPolicy
{
    /// <summary>市政府办公室 registers the request and proposes who handles it (登记、拟办).</summary>
    [Range(1, 30)]
    public int RegistrationWorkingDays { get; set; } = 2;
    /// <summary>Each consulted department gives its opinion (会签).</summary>
    [Range(1, 30)]
    public int OpinionWorkingDays { get; set; } = 5;
    /// <summary>The responsible vice mayor decides (审签).</summary>
    [Range(1, 30)]
    public int DecisionWorkingDays { get; set; } = 5;
    /// <summary>The office drafts, checks and issues the reply (拟稿、核稿、印发).</summary>
    [Range(1, 30)]
    public int DraftingWorkingDays { get; set; } = 3;
    /// <summary>After a registration, decision or drafting deadline has passed: the fresh task's period.</summary>
    [Range(1, 30)]
    public int OverdueGraceWorkingDays { get; set; } = 2;
    public int[] RemindWorkingDaysBefore { get; set; } = [1];
}

/// <summary>Who acts on a request: roles in organisations, resolved from the directory when a task opens.</summary>
public static class CityRequestParties
{
    /// <summary>市政府办公室 / 经办 registers the request, proposes who handles it and drafts the reply.</summary>
    public static readonly Assignee Office = new(Organisations.CityGovernmentOffice, Roles.Applicant);
    /// <summary>市政府督查室 is told of every overdue step (督办).</summary>
    public static readonly Assignee Inspection = new(Organisations.CityGovernmentInspection, Roles.Supervisor);

    /// <summary>A consulted department's head gives its opinion (会签).</summary>
    public static Assignee Department(string organisation) => new(organisation, Roles.Reviewer);

    /// <summary>Whom the office may name to decide: the people of 市人民政府 holding 审批 (the vice mayors).</summary>
    public static readonly Assignee Leaders = new(Organisations.CityGovernment, Roles.Reviewer);

    /// <summary>The vice mayor the office named (分管副市长), a person of 市人民政府 holding 审批.</summary>
    public static Assignee Leader(string personId) => new(Organisations.CityGovernment, Roles.Reviewer, personId);

    /// <summary>The consulted departments are copied the reply (抄送); whoever handles their mail reads it.</summary>
    public static Assignee CopiedTo(string organisation) => new(organisation, Roles.Applicant);
}

public static class CityRequestSteps
{
    public const string Registration = "request-registration";
    public const string Opinion = "request-opinion";
    public const string Decision = "request-decision";
    public const string Drafting = "request-drafting";

    public const string OpinionPrefix = "opinion-";
    public const string DecisionPrefix = "decision-";

    public static string OpinionTask(int round, string organisation) => $"{OpinionPrefix}{round}-{organisation}";
}

/// <summary>Who handles the request, as the office proposed it when it registered it (拟办).</summary>
public sealed record CityRequestRouting(string ReceiptNumber, string LeaderId, string LeaderName, IReadOnlyList<string> Departments);

/// <summary>The request as kept on its case: who sent it, who signed it, its files, the round, and once registered its routing.</summary>
public sealed record CityRequestDetails(CityRequest Request, Recipient Submitter, string SignerName, IReadOnlyList<string> AttachmentIds,
    int Round, DateTimeOffset ReceivedAt, CityRequestRouting? Routing = null)
{
    public const string Kind = "city-request";

    public static CityRequestDetails Of(CaseEntity entity) =>
        JsonSerializer.Deserialize<CityRequestDetails>(entity.DetailsJson, Json.Options)
        ?? throw new InvalidDataException($"Case {entity.PartitionKey} has no request details.");

    public string ToJson() => JsonSerializer.Serialize(this, Json.Options);

    /// <summary>The case id follows from the requester and its document number: a retried submission is the same case.</summary>
    public static CaseId CaseIdFor(string organisation, string requestNumber)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{organisation}|{requestNumber.Trim()}"));
        return new CaseId("req-" + Convert.ToHexStringLower(hash)[..20]);
    }
}

public static class CityRequestSummary
{
    /// <summary>The stages a person following the case sees; 会签 is done once every department's opinion is in.</summary>
    public static readonly IReadOnlyList<CaseStage> Stages =
    [
        new("报送请示", "request.submitted"),
        new("市政府办公室登记、拟办", "request.registered"),
        new("有关部门会签", "request.registered", CityRequestSteps.OpinionPrefix),
        new("分管副市长审签", "request.replied", CityRequestSteps.DecisionPrefix),
        new("拟稿、核稿，印发批复", "request.replied"),
    ];

    /// <summary>The request as whoever acts on it reads it, with every opinion given so far (会签意见, 审签意见).</summary>
    public static IEnumerable<(string Label, string Value)> Lines(CityRequestDetails d, IEnumerable<TaskEntity> tasks)
    {
        var r = d.Request;
        yield return ("请示文号", r.RequestNumber ?? "");
        yield return ("请示标题", r.Title ?? "");
        yield return ("请示单位", Organisations.NameOf(r.Organisation ?? ""));
        yield return ("签发人", d.SignerName);
        yield return ("请示正文", r.Body ?? "");
        yield return ("报送次数", $"第{d.Round}次报送");
        if (d.Routing is { } routing)
        {
            yield return ("收文编号", routing.ReceiptNumber);
            yield return ("拟办", $"送{routing.LeaderName}审签" + (routing.Departments.Count == 0 ? "，不需会签"
                : $"；会签单位：{string.Join("、", routing.Departments.Select(CityRequestRules.AddresseeOf))}"));
        }
        var decided = tasks.Where(t => t.Decision is not null).OrderBy(t => t.DecidedAt).ToList();
        foreach (var t in decided.Where(t => t.TaskId.StartsWith(CityRequestSteps.OpinionPrefix, StringComparison.Ordinal)))
            yield return ($"会签意见（{t.AssigneeName}）", $"{Decisions.Label(t.Decision!)}{(t.Opinion is null ? "" : "：" + t.Opinion)}");
        foreach (var t in decided.Where(t => t.TaskId.StartsWith(CityRequestSteps.DecisionPrefix, StringComparison.Ordinal)))
            yield return ("审签意见", $"{t.DecidedByName}：{Decisions.Label(t.Decision!)}{(t.Opinion is null ? "" : "，" + t.Opinion)}");
    }
}
