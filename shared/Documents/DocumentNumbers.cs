using Azure.Data.Tables;
using LinfenFlows.Shared.Storage;

namespace LinfenFlows.Shared.Documents;

/// <summary>A document number (文号) such as 临政函〔2026〕12号: issuer prefix, year, sequence.</summary>
public sealed record DocumentNumber(string Prefix, int Year, int Sequence)
{
    public override string ToString() => $"{Prefix}〔{Year}〕{Sequence}号";
}

/// <summary>The issuers' prefixes that more than one process numbers from: one sequence per issuer and year.</summary>
public static class Issuers
{
    /// <summary>The city government's letters (函), among them its replies (批复) to requests: 临政函〔2022〕70号.</summary>
    public const string CityGovernmentLetter = "临政函";
}

/// <summary>
/// Allocates document numbers per issuer and year, gap-free: the counter row and the row that binds a number to its case
/// are written in one batch under ETag concurrency, so concurrent allocations never share a number and asking again for
/// the same case returns the number it already has.
/// </summary>
public sealed class DocumentNumbers(StorageAccount storage)
{
    private readonly TableClient table = storage.Table(StorageNames.DocumentNumbers);

    /// <summary>The number a case was given in a year, if it was, and when.</summary>
    public async Task<(DocumentNumber Number, DateTimeOffset At)?> FindAsync(string prefix, int year, string caseId,
        CancellationToken ct = default)
    {
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(prefix, $"{year}-case-{caseId}", cancellationToken: ct);
        return existing.HasValue
            ? (new DocumentNumber(prefix, year, existing.Value!.GetInt32("Sequence")!.Value),
                existing.Value.Timestamp ?? DateTimeOffset.MinValue)
            : null;
    }

    public async Task<DocumentNumber> AllocateAsync(string prefix, int year, string caseId, CancellationToken ct = default)
    {
        var partition = prefix;
        var counterKey = $"{year}";
        var bindingKey = $"{year}-case-{caseId}";
        while (true)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, bindingKey, cancellationToken: ct);
            if (existing.HasValue) return new DocumentNumber(prefix, year, existing.Value!.GetInt32("Sequence")!.Value);

            var counter = await table.GetEntityIfExistsAsync<TableEntity>(partition, counterKey, cancellationToken: ct);
            var next = (counter.HasValue ? counter.Value!.GetInt32("Last")!.Value : 0) + 1;
            var counterRow = new TableEntity(partition, counterKey) { ["Last"] = next };
            var actions = new List<TableTransactionAction>
            {
                counter.HasValue
                    ? new(TableTransactionActionType.UpdateReplace, counterRow, counter.Value!.ETag)
                    : new(TableTransactionActionType.Add, counterRow),
                new(TableTransactionActionType.Add, new TableEntity(partition, bindingKey) { ["Sequence"] = next, ["CaseId"] = caseId }),
            };
            try
            {
                await table.SubmitTransactionAsync(actions, ct);
                return new DocumentNumber(prefix, year, next);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                // Another allocation won the counter (or this case's binding): read again.
            }
        }
    }
}
