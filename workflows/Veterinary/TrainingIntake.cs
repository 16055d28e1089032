using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;
using Validator = LinfenFlows.Shared.Problems.Validator;

namespace LinfenFlows.Workflows.Veterinary;

/// <summary>One vet's online hours in a batch from the online training platform.</summary>
public sealed record OnlineHours([Required] string? VetId, [Required] DateOnly? Date, decimal? Hours,
    [Required, MinLength(1), MaxLength(100)] string? Course);

/// <summary>A batch pushed by the online training platform; the same batch id twice counts once.</summary>
public sealed record OnlineBatch([Required, MinLength(1), MaxLength(64)] string? BatchId,
    [Required, MinLength(1), MaxLength(5000)] IReadOnlyList<OnlineHours>? Records);

/// <summary>A trainer's teaching at a session.</summary>
public sealed record SessionTrainer(string? VetId, decimal? TeachingHours);

/// <summary>An offline training registered by its organiser (the city bureau or a county bureau) with who attended.</summary>
public sealed record TrainingSession([Required, MinLength(1), MaxLength(100)] string? Title, [Required] DateOnly? Date,
    decimal? Hours, [Required, MinLength(1), MaxLength(2000)] IReadOnlyList<string>? Attendees, IReadOnlyList<SessionTrainer>? Trainers);

public sealed record SessionRecorded(string SessionId, int Attendees, IReadOnlyList<string> Certificates);

/// <summary>An offline training as the organisers' duty counts it (partition <c>{year}|{organiser}</c>).</summary>
public sealed class VetSessionEntity : TableRow
{
    public string Title { get; set; } = "";
    public DateTimeOffset Date { get; set; }
    public double Hours { get; set; }
    public int Attendees { get; set; }
    public string Organiser { get; set; } = "";

    public static string PartitionOf(int year, string organiser) => $"{year}|{organiser}";
}

/// <summary>
/// Hours arriving from outside a vet's file: online batches (system to system) and offline sessions (by organisers). Every
/// record of a request is checked first — unknown vets, negative or absurd hours, future dates, a closed year — and one bad
/// record refuses the whole request, naming it; then each vet's hours are recorded, idempotently by the request's key.
/// </summary>
public sealed class TrainingIntake(TrainingRecords records, StorageAccount storage)
{
    private readonly TableClient sessions = storage.Table(StorageNames.VetSessions);
    private static readonly Actor Platform = new("online-platform", "兽医卫生综合信息平台（线上学习）", "system", "linfen-nyj-platform");

    /// <returns>How many records were new (a batch sent again records none).</returns>
    public async Task<int> RecordOnlineAsync(OnlineBatch? batch, CancellationToken ct = default)
    {
        var v = new Validator();
        v.Require(batch?.BatchId is { Length: > 0 and <= 64 } id && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), "batchId",
            "batch-id", "批次号应为不超过64位的字母、数字、连字符或下划线。", "batchId must be at most 64 letters, digits, dashes or underscores.");
        v.Require(batch?.Records is { Count: > 0 and <= 5000 }, "records", "count", "每批应有1至5000条记录。", "A batch carries 1 to 5000 records.");
        v.ThrowIfInvalid();
        var entries = new List<(string VetId, HourEntry Entry)>();
        var vets = await LookUpAsync(batch!.Records!.Select(r => r.VetId), ct);
        for (var i = 0; i < batch.Records!.Count; i++)
        {
            var r = batch.Records[i];
            var field = $"records[{i}]";
            if (!Known(v, field, r.VetId, vets)) continue;
            v.Require(r.Date is not null, $"{field}.date", "required", $"第{i + 1}条记录缺少学习日期。", "date is required.");
            v.Required(r.Course, $"{field}.course", $"第{i + 1}条记录的课程名称", 100);
            if (r.Date is null) continue;
            var entry = new HourEntry($"online-{batch.BatchId}-{i}", r.Date.Value, r.Hours ?? 0, HourSources.Online,
                r.Course ?? "", batch.BatchId);
            records.Check(v, field, entry);
            entries.Add((r.VetId!, entry));
        }
        v.ThrowIfInvalid();
        return await RecordAllAsync(entries, vets, Platform, ct);
    }

    /// <summary>
    /// Each vet's entries in order, different vets side by side; returns how many were new. A vet's first entry is planned on
    /// the file as the look-up read it; each later one reads it again (the entry before changed it).
    /// </summary>
    private async Task<int> RecordAllAsync(IReadOnlyList<(string VetId, HourEntry Entry)> entries,
        IReadOnlyDictionary<string, (CaseEntity Case, VetProfile Vet)> vets, Actor by, CancellationToken ct)
    {
        var recorded = 0;
        await Parallel.ForEachAsync(entries.GroupBy(e => e.VetId),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (vet, ct2) =>
        {
            var read = vets[vet.Key].Case;
            foreach (var (vetId, entry) in vet)
            {
                if (await records.RecordHoursAsync(vetId, entry, by, read, ct2)) Interlocked.Increment(ref recorded);
                read = null;
            }
        });
        return recorded;
    }

    /// <summary>Registers the session, counts it for the organiser, and gives each attendee the hours and a certificate number.</summary>
    public async Task<SessionRecorded> RecordSessionAsync(Caller? caller, TrainingSession? session, CancellationToken ct = default)
    {
        var bureau = VetRegistration.RequireBureau(caller);
        var v = new Validator();
        if (session is null)
        {
            v.Add(new FieldError("body", "required", "培训信息不能为空。", "The body is required."));
            v.ThrowIfInvalid();
        }
        v.Required(session!.Title, "title", "培训名称", 100);
        v.Require(session.Date is not null, "date", "required", "培训日期不能为空。", "date is required.");
        v.Require(session.Attendees is { Count: > 0 and <= 2000 }, "attendees", "count", "参训人员应为1至2000人。",
            "attendees must list 1 to 2000 vets.");
        var date = session.Date ?? default;
        var sessionId = "s" + Convert.ToHexStringLower(
            SHA256.HashData(Encoding.UTF8.GetBytes($"{caller!.Organisation}|{session.Title}|{date:yyyyMMdd}")))[..12];
        var organiser = bureau.Organisation;
        var entries = new List<(string VetId, HourEntry Entry)>();
        var vets = await LookUpAsync((session.Attendees ?? []).Concat((session.Trainers ?? []).Select(t => t.VetId)), ct);
        for (var i = 0; i < (session.Attendees?.Count ?? 0); i++)
        {
            var vetId = session.Attendees![i];
            if (!Known(v, $"attendees[{i}]", vetId, vets, bureau)) continue;
            var certificate = $"{sessionId.ToUpperInvariant()}-{i + 1:D4}";
            var entry = new HourEntry($"session-{sessionId}", date, session.Hours ?? 0, HourSources.Session, session.Title ?? "",
                sessionId, certificate);
            if (session.Date is not null) records.Check(v, $"attendees[{i}]", entry);
            entries.Add((vetId, entry));
        }
        for (var i = 0; i < (session.Trainers?.Count ?? 0); i++)
        {
            var t = session.Trainers![i];
            if (!Known(v, $"trainers[{i}].vetId", t.VetId, vets)) continue;
            var entry = new HourEntry($"teaching-{sessionId}", date, t.TeachingHours ?? 0, HourSources.Teaching,
                $"授课：{session.Title}", sessionId);
            if (session.Date is not null) records.Check(v, $"trainers[{i}]", entry);
            entries.Add((t.VetId!, entry));
        }
        v.Require(entries.Select(e => (e.VetId, e.Entry.Source)).Distinct().Count() == entries.Count, "attendees", "unique",
            "参训人员或授课人员名单中有重复。", "A vet is listed twice.");
        v.ThrowIfInvalid();

        var by = new Actor(caller.UserId, caller.Name, Roles.Applicant, caller.Organisation);
        await sessions.UpsertEntityAsync(new VetSessionEntity
        {
            PartitionKey = VetSessionEntity.PartitionOf(date.Year, organiser), RowKey = sessionId, Title = session.Title!,
            Date = BeijingTime.StartOf(date), Hours = (double)session.Hours!, Attendees = session.Attendees!.Count, Organiser = organiser,
        }, TableUpdateMode.Replace, ct);
        await RecordAllAsync(entries, vets, by, ct);
        return new SessionRecorded(sessionId, session.Attendees!.Count,
            [.. entries.Where(e => e.Entry.CertificateNumber is not null).Select(e => e.Entry.CertificateNumber!)]);
    }

    /// <summary>The organiser's trainings of a year.</summary>
    public async Task<int> SessionsHeldAsync(int year, string organiser, CancellationToken ct = default)
    {
        var count = 0;
        await foreach (var _ in sessions.QueryAsync<VetSessionEntity>(s => s.PartitionKey == VetSessionEntity.PartitionOf(year, organiser),
            select: ["RowKey"], cancellationToken: ct))
            count++;
        return count;
    }

    /// <summary>The registered vets among the ids (read side by side: a batch names thousands).</summary>
    private async Task<IReadOnlyDictionary<string, (CaseEntity Case, VetProfile Vet)>> LookUpAsync(IEnumerable<string?> ids,
        CancellationToken ct)
    {
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, (CaseEntity Case, VetProfile Vet)>();
        await Parallel.ForEachAsync(ids.OfType<string>().Distinct(),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (id, ct2) =>
        {
            try
            {
                found[id] = await records.FindAsync(id, ct2);
            }
            catch (ProblemException)
            {
                // Not registered: reported where it is named.
            }
        });
        return found;
    }

    /// <summary>A registered vet (of the county given, when a county bureau acts); otherwise the record is named as refused.</summary>
    private static bool Known(Validator v, string field, string? vetId, IReadOnlyDictionary<string, (CaseEntity Case, VetProfile Vet)> vets,
        TrainingBureau? bureau = null)
    {
        if (vetId is null || !vets.TryGetValue(vetId, out var found))
        {
            v.Add(new FieldError(field, "unknown-vet", $"人员编号 {vetId} 未登记。", $"No vet is registered as {vetId}."));
            return false;
        }
        var vet = found.Vet;
        if (bureau is null || bureau.Covers(vet.County)) return true;
        v.Add(new FieldError(field, "own-county", $"{vet.Name}（{vetId}）不是本县（市、区）登记的人员。", $"{vetId} is registered in another county."));
        return false;
    }
}
