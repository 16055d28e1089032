using System.Text.Json;
using Azure.Data.Tables;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;
using Json = LinfenFlows.Shared.Json;

namespace LinfenFlows.Workflows.Veterinary;

/// <summary>A vet as registered by the county bureau; kept on the vet's training file (the case <c>vet-{id}</c>).</summary>
/// <param name="PreJobDueBasis">
/// The calendar the pre-job deadline (the file's due instant) was counted on (<see cref="CalendarBasis.Code"/>).
/// </param>
public sealed record VetProfile(string VetId, string Name, string County, string Role, DateOnly QualifiedOn, string? Phone,
    int? LastRotationYear, decimal PreJobHours = 0, bool PreJobExamPassed = false, DateTimeOffset? ClearedAt = null,
    string PreJobDueBasis = "")
{
    /// <summary>（按暂定节假日安排计算…） when the pre-job deadline was counted on a provisional year.</summary>
    public string PreJobDueNote => Cleared ? "" : CalendarBasis.Parse(PreJobDueBasis).Note;

    public County CountyOf => Counties.Named(County)!;
    public bool Cleared => ClearedAt is not null;

    public static VetProfile Of(CaseEntity c) => JsonSerializer.Deserialize<VetProfile>(c.DetailsJson, Json.Options)!;

    public string ToJson() => JsonSerializer.Serialize(this, Json.Options);

    /// <summary>The vet as a notification's recipient: known from the roster, reached by the mobile number it gives.</summary>
    public Recipient Recipient => new(VetId, Name, CountyOf.AgricultureBureau, PersonalData.IsMobileNumber(Phone) ? Phone!.Trim() : null);
}

/// <summary>One record of hours on a vet's file (row <c>hours-{key}</c>): where it came from and what proves it.</summary>
public sealed class VetHourEntity : TableRow
{
    public const string Prefix = "hours-";

    public int Year { get; set; }
    public DateTimeOffset Date { get; set; }
    public double Hours { get; set; }
    public string Source { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Reference { get; set; }
    public string? CertificateNumber { get; set; }
    public bool PreJob { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>
/// A vet's year (row <c>year-yyyy</c>): hours, teaching hours, exams, certificates still being verified, the result once fixed.
/// </summary>
public sealed class VetYearEntity : TableRow
{
    public const string Prefix = "year-";

    public int Year { get; set; }
    public double Hours { get; set; }
    public double TeachingHours { get; set; }
    public bool ExamTaken { get; set; }
    public bool ExamPassed { get; set; }
    public int PendingCertificates { get; set; }
    public string? Result { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }

    public static string KeyOf(int year) => $"{Prefix}{year}";

    public static VetYearEntity New(int year) => new() { RowKey = KeyOf(year), Year = year };
}

/// <summary>
/// The statistics index (table <c>VetYears</c>): one row per vet and year in the partition <c>{year}|{county code}</c>, so a
/// county's figures read one partition and the city's eighteen — never every vet's file.
/// </summary>
public sealed class VetYearIndexEntity : TableRow
{
    public string Name { get; set; } = "";
    public string Role { get; set; } = "";
    public double Hours { get; set; }
    public double TeachingHours { get; set; }
    public bool ExamTaken { get; set; }
    public bool ExamPassed { get; set; }
    public bool Completed { get; set; }
    public int PendingCertificates { get; set; }
    public string? Result { get; set; }

    public static string PartitionOf(int year, County county) => $"{year}|{county.Code}";
}

public static class TrainingFiles
{
    public const string Kind = "vet-training-file";

    public static CaseId CaseIdOf(string vetId) => new($"vet-{vetId}");

    /// <summary>A vet id (the number on the vet's registration) is letters, digits and dashes: it is part of keys and links.</summary>
    public static bool IsWellFormedId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 40 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}

/// <summary>Keeps a vet's statistics row in step with the vet's file; safe to repeat (the file stays the truth).</summary>
public sealed class VetYearIndex(StorageAccount storage)
{
    private readonly TableClient table = storage.Table(StorageNames.VetYears);

    public Task WriteAsync(VetProfile vet, VetYearEntity year, CancellationToken ct = default)
    {
        var standing = TrainingRules.Standing(vet.Role, (decimal)year.Hours, (decimal)year.TeachingHours);
        return table.UpsertEntityAsync(new VetYearIndexEntity
        {
            PartitionKey = VetYearIndexEntity.PartitionOf(year.Year, vet.CountyOf), RowKey = vet.VetId, Name = vet.Name, Role = vet.Role,
            Hours = year.Hours, TeachingHours = year.TeachingHours, ExamTaken = year.ExamTaken, ExamPassed = year.ExamPassed,
            Completed = standing.Met, PendingCertificates = year.PendingCertificates, Result = year.Result,
        }, TableUpdateMode.Replace, ct);
    }

    public async Task<IReadOnlyList<VetYearIndexEntity>> ReadAsync(int year, County county, string? filter = null,
        CancellationToken ct = default)
    {
        var rows = new List<VetYearIndexEntity>();
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {VetYearIndexEntity.PartitionOf(year, county)}") +
            (filter is null ? "" : $" and {filter}");
        await foreach (var row in table.QueryAsync<VetYearIndexEntity>(query, cancellationToken: ct)) rows.Add(row);
        return rows;
    }

    /// <summary>A county's rates for the year, from its index partition.</summary>
    public async Task<TrainingRates> RatesAsync(int year, County county, CancellationToken ct = default)
    {
        var rows = await ReadAsync(year, county, ct: ct);
        return new TrainingRates(rows.Count, rows.Count(r => r.Hours > 0), rows.Count(r => r.Completed), rows.Count(r => r.ExamTaken),
            rows.Count(r => r.ExamPassed));
    }
}
