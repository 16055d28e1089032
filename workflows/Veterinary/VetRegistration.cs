using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Azure.Data.Tables;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;
using Validator = LinfenFlows.Shared.Problems.Validator;

namespace LinfenFlows.Workflows.Veterinary;

/// <summary>One vet to register, as a county bureau states it (one CSV row, or the JSON of one registration).</summary>
public sealed record VetRegistrationRequest([Required, MinLength(1), MaxLength(40)] string? VetId,
    [Required, MinLength(1), MaxLength(30)] string? Name, [Required, MinLength(1), MaxLength(30)] string? County, [Required] string? Role,
    [Required] DateOnly? QualifiedOn,
    string? Phone = null, int? LastRotationYear = null, bool OnDuty = false);

/// <summary>What an import did, line by line: the vet of each line and whether it registered them now or found them registered.</summary>
/// <summary>An exam result as a county bureau enters it.</summary>
public sealed record ExamRequest(int? Year, bool PreJob, [Required] bool? Passed, decimal? Score);

public sealed record ImportResult(int Registered, int AlreadyRegistered, IReadOnlyList<ImportedRow> Rows);

public sealed record ImportedRow(int Line, string VetId, string Name, bool Registered);

/// <summary>The agriculture bureau acting: a county's (for its own vets) or, with no county, the city's (for every county's).</summary>
public sealed record TrainingBureau(County? County)
{
    public string Organisation => County?.AgricultureBureau ?? Organisations.CityAgricultureBureau;

    public bool Covers(string countyName) => County is null || County.Name == countyName;
}

/// <summary>A pre-job reminder or overdue notice due on a Beijing date (partition yyyyMMdd), read by the morning training sweep.</summary>
public sealed class VetReminderEntity : TableRow
{
    public string VetId { get; set; } = "";
    public string Kind { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }

    public const string PreJobReminder = "prejob-reminder";
    public const string PreJobOverdue = "prejob-overdue";
}

/// <summary>
/// Registering vets: one at a time, or a county's whole roster as CSV. Every row is checked first and every problem is
/// reported by row and column; if any row is wrong nothing is registered. A vet already registered is left as is.
/// </summary>
public sealed class VetRegistration(CaseJournal journal, StorageAccount storage, WorkingCalendars calendars, TrainingRecords records,
    TrainingPolicy policy, ProvisionalDeadlines provisional, PublicUrls urls, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> CsvColumns =
        ["vetId", "name", "county", "role", "qualifiedOn", "phone", "lastRotationYear", "onDuty"];
    private readonly TableClient reminders = storage.Table(StorageNames.VetReminders);

    public const string TrackedKind = "prejob";

    public async Task<ImportResult> ImportCsvAsync(Caller? caller, string? csv, CancellationToken ct = default)
    {
        var bureau = RequireBureau(caller);
        var lines = Csv.Read(csv, CsvColumns, "roster", "花名册");
        var v = new Validator();
        var rows = new List<VetRegistrationRequest>();
        foreach (var line in lines)
        {
            DateOnly? date = null;
            if (line["qualifiedOn"] is { } d)
            {
                if (DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
                    date = parsed;
                else
                    v.Add(new FieldError(line.Field("qualifiedOn"), "date", $"{line.Where}资格确认日期应写作 yyyy-MM-dd。",
                        $"Line {line.Line}: qualifiedOn must be yyyy-MM-dd."));
            }
            int? rotation = null;
            if (line["lastRotationYear"] is { } r)
            {
                if (int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var year)) rotation = year;
                else v.Add(new FieldError(line.Field("lastRotationYear"), "year", $"{line.Where}上次轮训年份应为四位年份。",
                    $"Line {line.Line}: lastRotationYear must be a year."));
            }
            var onDuty =
                line["onDuty"] switch { null or "否" or "false" or "no" => false, "是" or "true" or "yes" => true, _ => (bool?)null };
            if (onDuty is null)
                v.Add(new FieldError(line.Field("onDuty"), "yes-no", $"{line.Where}“是否已上岗”应填 是 或 否。",
                    $"Line {line.Line}: onDuty must be yes or no."));
            rows.Add(new VetRegistrationRequest(line["vetId"], line["name"], line["county"], RoleOf(line["role"]), date, line["phone"],
                rotation, onDuty ?? false));
            Check(v, $"rows[{line.Line}]", line.Where, rows[^1], bureau);
        }
        var duplicates = rows.Where(x => x.VetId is not null).GroupBy(x => x.VetId).Where(g => g.Count() > 1).Select(g => g.Key);
        foreach (var id in duplicates) v.Add(new FieldError("roster", "unique", $"人员编号 {id} 在花名册中重复。", $"vetId {id} appears twice."));
        v.ThrowIfInvalid();

        var created = await Bounded(rows, r => RegisterAsync(caller!, r, ct));
        return new ImportResult(created.Count(x => x), created.Count(x => !x),
            rows.Select((r, i) => new ImportedRow(lines[i].Line, r.VetId!, r.Name!.Trim(), created[i])).ToList());
    }

    /// <returns>False when the vet was registered already (nothing changes).</returns>
    public async Task<bool> RegisterOneAsync(Caller? caller, VetRegistrationRequest? request, CancellationToken ct = default)
    {
        var bureau = RequireBureau(caller);
        var v = new Validator();
        if (request is null) v.Add(new FieldError("body", "required", "登记内容不能为空。", "The body is required."));
        else Check(v, "", "", request, bureau);
        v.ThrowIfInvalid();
        return await RegisterAsync(caller!, request!, ct);
    }

    private async Task<bool> RegisterAsync(Caller caller, VetRegistrationRequest r, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var county = Counties.Named(r.County)!;
        var cleared = r.OnDuty ? now : (DateTimeOffset?)null;
        var deadline = TrainingRules.PreJobDue(await calendars.CurrentAsync(ct), r.QualifiedOn!.Value);
        var vet = new VetProfile(r.VetId!, r.Name!.Trim(), county.Name, r.Role!, r.QualifiedOn!.Value, r.Phone, r.LastRotationYear,
            ClearedAt: cleared, PreJobDueBasis: deadline.Basis.Code);
        var due = deadline.At;
        var year = BeijingTime.DateOf(now).Year;
        var caseId = TrainingFiles.CaseIdOf(vet.VetId);
        var created = await journal.CreateAsync(new CaseEntity
        {
            PartitionKey = caseId.Value, Kind = TrainingFiles.Kind, Title = $"{vet.Name}（{county.Name}·{VetRoles.Label(vet.Role)}）培训档案",
            ApplicantOrganisation = county.AgricultureBureau, County = county.Name, Step = vet.Cleared ? "在岗" : "岗前培训",
            DueAt = vet.Cleared ? null : due, Holder = vet.Cleared ? "" : vet.Name,
            Parties = string.Join(',', county.AgricultureBureau, Organisations.CityAgricultureBureau, Organisations.CityLivestockCentre),
            DetailsJson = vet.ToJson(),
        }, new CaseChange
        {
            Key = "registered",
            Event = new CaseEventDraft("vet.registered", vet.Cleared
                    ? $"登记为{VetRoles.Label(vet.Role)}（已上岗）"
                    : $"登记为{VetRoles.Label(vet.Role)}，{BeijingTime.FormatDate(vet.QualifiedOn)}资格确认，" +
                        $"岗前培训应于 {deadline.Display} 前完成（不少于40学时并考试合格）",
                new Actor(caller.UserId, caller.Name, Roles.Applicant, caller.Organisation), now),
            Rows = [VetYearEntity.New(year)],
        }, ct);
        if (!created) return false;
        if (!vet.Cleared)
        {
            await ScheduleAsync(vet, due, ct);
            await provisional.TrackAsync(deadline, TrackedKind, caseId.Value, vet.VetId, ct);
        }
        await records.SyncIndexAsync(vet.VetId, year, ct);
        return true;
    }

    /// <summary>Reminders before the pre-job deadline, and the overdue notice the day after it.</summary>
    private async Task ScheduleAsync(VetProfile vet, DateTimeOffset due, CancellationToken ct)
    {
        var lastDay = BeijingTime.LastDayOf(due);
        var today = BeijingTime.DateOf(clock.GetUtcNow());
        // A vet registered after the deadline has passed is reported overdue on the next morning.
        var rows = policy.PreJobReminderDaysBefore.Select(days => (Day: lastDay.AddDays(-days), Kind: VetReminderEntity.PreJobReminder))
            .Where(x => x.Day >= today)
            .Append((Day: lastDay.AddDays(1) < today ? today : lastDay.AddDays(1), Kind: VetReminderEntity.PreJobOverdue));
        foreach (var (day, kind) in rows)
            await reminders.UpsertEntityAsync(new VetReminderEntity
            {
                PartitionKey = day.ToString("yyyyMMdd"), RowKey = $"{vet.VetId}-{kind}-{lastDay:yyyyMMdd}", VetId = vet.VetId,
                Kind = kind, DueAt = due,
            }, cancellationToken: ct);
    }

    /// <summary>An exam result, entered by the vet's county bureau (or the city bureau): checked, then put on the vet's file.</summary>
    public async Task RecordExamAsync(Caller? caller, string vetId, ExamRequest? body, CancellationToken ct = default)
    {
        var bureau = RequireBureau(caller);
        var (_, vet) = await records.FindAsync(vetId, ct);
        if (!bureau.Covers(vet.County)) throw Problem.NotFound("兽医", "Vet");
        var thisYear = BeijingTime.DateOf(clock.GetUtcNow()).Year;
        new Validator()
            .Require(body?.Year is { } y && y >= 2022 && y <= thisYear, "year", "range", $"考试年度应在2022至{thisYear}年之间。",
                $"year must be between 2022 and {thisYear}.")
            .Require(body?.Passed is not null, "passed", "required", "请说明考试是否合格。", "passed is required.")
            .Require(body?.Score is null || body.Score is >= 0 and <= 100, "score", "range", "考试成绩应在0至100分之间。",
                "score must be between 0 and 100.")
            .ThrowIfInvalid();
        await records.RecordExamAsync(vetId, body!.Year!.Value, body.PreJob, body.Passed!.Value, body.Score,
            new Actor(caller!.UserId, caller.Name, Roles.Applicant, caller.Organisation), ct);
    }

    /// <summary>
    /// The pre-job deadline counted again on the calendar in force. It is the vet's period: it may end later, never earlier
    /// than announced; a later end is recorded, the vet told, and the reminders follow.
    /// </summary>
    public async Task RecountPreJobAsync(string vetId, CancellationToken ct = default)
    {
        var caseId = TrainingFiles.CaseIdOf(vetId);
        var calendar = await calendars.CurrentAsync(ct);
        DateTimeOffset? later = null;
        VetProfile? profile = null;
        await journal.RecordAsync(caseId, (c, _) =>
        {
            var vet = profile = VetProfile.Of(c);
            if (vet.Cleared || c.DueAt is not { } due || !CalendarBasis.Parse(vet.PreJobDueBasis).IsProvisional)
                return Task.FromResult<CaseChange?>(null);
            var before = new Deadline(due, CalendarBasis.Parse(vet.PreJobDueBasis),
                new Period(PeriodKind.Days, vet.QualifiedOn, TrainingRules.PreJobDays, PeriodBinds.Public));
            var (recounted, move) = calendar.Recount(before);
            var next = profile = vet with { PreJobDueBasis = recounted.Basis.Code };
            if (move == DeadlineMove.Later) later = recounted.At;
            var label = move == DeadlineMove.Later
                ? $"国务院节假日安排已发布，岗前培训期限由 {BeijingTime.Format(due)} 顺延至 {BeijingTime.Format(recounted.At)}"
                : $"国务院节假日安排已发布，岗前培训期限 {BeijingTime.Format(due)} 不变、不提前";
            return Task.FromResult<CaseChange?>(new CaseChange
            {
                Key = $"prejob-recount-{recounted.Basis.Code}",
                Event = new CaseEventDraft("vet.prejob-recounted", $"{label}（{recounted.Basis.Describe()}）",
                    Actor.System, clock.GetUtcNow()),
                Update = e => { e.DetailsJson = next.ToJson(); if (later is { } at) e.DueAt = at; },
                Notifications = later is null ? [] :
                [
                    new Notification($"prejob-recount-{recounted.Basis.Code}", vet.Recipient, "【期限调整】岗前培训期限顺延", label + "。",
                        urls.Absolute(Routes.VetPath(vet.VetId))),
                ],
            });
        }, ct);
        if (later is { } moved) await ScheduleAsync(profile!, moved, ct);
    }

    private void Check(Validator v, string field, string where, VetRegistrationRequest r, TrainingBureau bureau)
    {
        string F(string name) => field.Length == 0 ? name : $"{field}.{name}";
        var today = BeijingTime.DateOf(clock.GetUtcNow());
        v.Require(TrainingFiles.IsWellFormedId(r.VetId), F("vetId"), "vet-id", $"{where}人员编号应为字母、数字和连字符（不超过40位）。",
            "vetId must be letters, digits and dashes (at most 40).");
        v.Required(r.Name, F("name"), $"{where}姓名", 30);
        var county = Counties.Named(r.County);
        v.Require(county is not null, F("county"), "allowed-county", $"{where}所在县（市、区）应为临汾市所辖县（市、区）之一。",
            "county must be one of Linfen's counties.");
        v.Require(county is null || bureau.Covers(county.Name), F("county"), "own-county",
            $"{where}只能登记本县（市、区）的人员。", "Only vets of the bureau's own county can be registered.");
        v.Require(r.Role is not null && VetRoles.All.Contains(r.Role), F("role"), "allowed-role", $"{where}人员类别只能是：官方兽医、师资、协检员。",
            "role must be official, trainer or inspector.");
        v.Require(r.QualifiedOn is not null, F("qualifiedOn"), "required", $"{where}资格确认日期不能为空。", "qualifiedOn is required.");
        v.Require(r.QualifiedOn is null || r.QualifiedOn <= today, F("qualifiedOn"), "not-in-future", $"{where}资格确认日期不能晚于今天。",
            "qualifiedOn must not be in the future.");
        v.Require(r.Phone is null || PersonalData.IsPhoneNumber(r.Phone), F("phone"), "phone", $"{where}联系电话格式不正确。",
            "phone is not a phone number.");
        v.Require(r.LastRotationYear is null || (r.LastRotationYear >= 2000 && r.LastRotationYear <= today.Year), F("lastRotationYear"),
            "year", $"{where}上次轮训年份应在2000年至今之间。", "lastRotationYear must be between 2000 and this year.");
    }

    private static string? RoleOf(string? cell) => cell switch
    {
        "官方兽医" => VetRoles.Official,
        "师资" => VetRoles.Trainer,
        "协检员" => VetRoles.Inspector,
        _ => cell,
    };

    /// <summary>A county bureau acts for its own county's vets; the city bureau for every county's.</summary>
    public static TrainingBureau RequireBureau(Caller? caller)
    {
        if (caller is null) throw Problem.Unauthenticated();
        if (caller.IsIn(Roles.Applicant) && caller.Organisation == Organisations.CityAgricultureBureau) return new TrainingBureau(null);
        if (caller.IsIn(Roles.Applicant) && Counties.OfAgricultureBureau(caller.Organisation) is { } county)
            return new TrainingBureau(county);
        throw Problem.Forbidden("只有县级农业农村部门（或市农业农村局）的经办人员可以办理。");
    }

    private static async Task<IReadOnlyList<bool>> Bounded(List<VetRegistrationRequest> rows, Func<VetRegistrationRequest, Task<bool>> work)
    {
        var results = new bool[rows.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, _) => results[i] = await work(rows[i]));
        return results;
    }
}

/// <summary>A vet's pre-job deadline counted again after a notice import (no workflow waits on it: reminders follow).</summary>
public sealed class PreJobRecount(VetRegistration registration) : Platform.IDeadlineRecount
{
    public string Kind => VetRegistration.TrackedKind;

    public Task RecountAsync(Microsoft.DurableTask.Client.DurableTaskClient client, ProvisionalDeadlineEntity deadline,
        CancellationToken ct) =>
        registration.RecountPreJobAsync(deadline.Subject, ct);
}
