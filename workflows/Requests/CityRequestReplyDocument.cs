using LinfenFlows.Shared.Documents;

namespace LinfenFlows.Workflows.Requests;

/// <summary>
/// The city government's reply (批复) to a request, in the form of 临政函〔2022〕70号: a letter of 临汾市人民政府 to the requester,
/// its text as the office issued it (one paragraph a line), copied to the departments consulted (抄送).
/// </summary>
public static class CityRequestReplyDocument
{
    public const string Issuer = "临汾市人民政府";

    /// <summary>How the reply is published (GB/T 9704 附注), by the key the office chose.</summary>
    public static readonly IReadOnlyDictionary<string, string> Disclosures = new Dictionary<string, string>
    {
        ["public"] = "此件公开发布",
        ["on-request"] = "此件依申请公开",
        ["not-public"] = "此件不予公开",
    };

    /// <summary>The reply's parts as the office issued them.</summary>
    public sealed record Issued(string Title, string Text, string Disclosure);

    public static OfficialDocumentModel Model(DocumentNumber number, CityRequest r, Issued issued, IReadOnlyList<string> consulted,
        DateOnly issuedOn) => new()
        {
            Format = DocumentFormat.Letter,
            IssuerMark = Issuer,
            Number = number,
            Title = issued.Title,
            Addressee = CityRequestRules.AddresseeOf(r.Organisation!),
            Body = issued.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(p => (DocumentBlock)new DocumentParagraph(p)).ToList(),
            Signature = Issuer,
            Date = issuedOn,
            Note = Disclosures.GetValueOrDefault(issued.Disclosure),
            CopiedTo = consulted.Select(CityRequestRules.AddresseeOf).ToList(),
        };
}
