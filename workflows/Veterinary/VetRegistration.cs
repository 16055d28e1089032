using System.Globalization;
using Azure.Data.Tables;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Workflows.Veterinary;

/// <summary>One vet to register, as a county bureau states it (one CSV row, or the JSON of one registration).</summary>
public sealed record VetRegistrationRequest(string? VetId, string? Name, string? County, string? Role, DateOnly? QualifiedOn, string? Phone = null,
    int? LastRotationYear = null, bool OnDuty = false);

public sealed record ImportResult(int Registered, int AlreadyRegistered);

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
public sealed class VetRegistration(CaseJournal journal, StorageAccount storage, WorkingCalendar calendar, TrainingRecords records, TrainingPolicy policy)
{
    public static readonly IReadOnlyList<string> CsvColumns = ["vetId", "name", "county", "role", "qualifiedOn", "phone", "lastRotationYear", "onDuty"];
    private readonly TableClient reminders = storage.Table(StorageNames.VetReminders);

    public async Task<ImportResult> ImportCsvAsync(Caller? caller, string? csv, CancellationToken ct = default)
    {
        var bureau = RequireBureau(caller);
        // Spreadsheet programs save “CSV UTF-8” with a byte-order mark; cells are plain (no quotes, no commas inside).
        var lines = (csv ?? "").TrimStart('\uFEFF').Replace("\r\n", "\n").Split('\n').Where(l => l.Trim().Length > 0).ToList();
        var v = new Validator();
        if (lines.Count < 2 || !lines[0].Split(',').Select(h => h.Trim()).SequenceEqual(CsvColumns))
        {
            v.Add(new FieldError("roster", "csv-header", $"花名册第一行应为列名：{string.Join(",", CsvColumns)}，其后每行一名人员。",
                $"The first line must be the header {string.Join(",", CsvColumns)}, followed by one line per vet."));
            v.ThrowIfInvalid();
        }
        var rows = new List<VetRegistrationRequest>();
        for (var i = 1; i < lines.Count; i++)
        {
            var cells = lines[i].Split(',').Select(c => c.Trim()).ToArray();
            var field = $"rows[{i + 1}]";
            if (cells.Length != CsvColumns.Count)
            {
                v.Add(new FieldError(field, "columns", $"第{i + 1}行应有{CsvColumns.Count}列，实为{cells.Length}列。", $"Line {i + 1} must have {CsvColumns.Count} columns."));
                continue;
            }
            string? Cell(int c) => cells[c].Length == 0 ? null : cells[c];
            DateOnly? date = null;
            if (Cell(4) is { } d)
            {
                if (DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) date = parsed;
                else v.Add(new FieldError($"{field}.qualifiedOn", "date", $"第{i + 1}行资格确认日期应写作 yyyy-MM-dd。", $"Line {i + 1}: qualifiedOn must be yyyy-MM-dd."));
            }
            int? rotation = null;
            if (Cell(6) is { } r)
            {
                if (int.TryParse(r, out var year)) rotation = year;
                else v.Add(new FieldError($"{field}.lastRotationYear", "year", $"第{i + 1}行上次轮训年份应为四位年份。", $"Line {i + 1}: lastRotationYear must be a year."));
            }
            var onDuty = Cell(7) switch { null or "否" or "false" or "no" => false, "是" or "true" or "yes" => true, _ => (bool?)null };
            if (onDuty is null) v.Add(new FieldError($"{field}.onDuty", "yes-no", $"第{i + 1}行“是否已上岗”应填 是 或 否。", $"Line {i + 1}: onDuty must be yes or no."));
            rows.Add(new VetRegistrationRequest(Cell(0), Cell(1), Cell(2), RoleOf(Cell(3)), date, Cell(5), rotation, onDuty ?? false));
            Check(v, field, $"第{i + 1}行", rows[^1], bureau);
        }
        var duplicates = rows.Where(x => x.VetId is not null).GroupBy(x => x.VetId).Where(g => g.Count() > 1).Select(g => g.Key);
        foreach (var id in duplicates) v.Add(new FieldError("roster", "unique", $"人员编号 {id} 在花名册中重复。", $"vetId {id} appears twice."));
        v.ThrowIfInvalid();

        var created = await Bounded(rows, r => RegisterAsync(caller!, r, ct));
        return new ImportResult(created.Count(x => x), created.Count(x => !x));
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
        var now = journal.Now;
        var county = Counties.Named(r.County)!;
        var cleared = r.OnDuty ? now : (DateTimeOffset?)null;
        var vet = new VetProfile(r.VetId!, r.Name!.Trim(), county.Name, r.Role!, r.QualifiedOn!.Value, r.Phone, r.LastRotationYear, ClearedAt: cleared);
        var due = TrainingRules.PreJobDue(calendar, vet.QualifiedOn);
        var year = BeijingTime.DateOf(now).Year;
        var caseId = TrainingFiles.CaseIdOf(vet.VetId);
        var created = await journal.CreateAsync(new CaseEntity
        {
            PartitionKey = caseId.Value, Kind = TrainingFiles.Kind, Title = $"{vet.Name}（{county.Name}·{VetRoles.Label(vet.Role)}）培训档案",
            ApplicantOrganisation = county.AgricultureBureau, County = county.Name, Step = vet.Cleared ? "在岗" : "岗前培训", DueAt = vet.Cleared ? null : due,
            Holder = vet.Cleared ? "" : vet.Name,
            Parties = string.Join(',', county.AgricultureBureau, Organisations.CityAgricultureBureau, Organisations.CityLivestockCentre), DetailsJson = vet.ToJson(),
        }, new CaseChange
        {
            Key = "registered",
            Event = new CaseEventDraft("vet.registered", vet.Cleared
                    ? $"登记为{VetRoles.Label(vet.Role)}（已上岗）"
                    : $"登记为{VetRoles.Label(vet.Role)}，{BeijingTime.FormatDate(vet.QualifiedOn)}资格确认，岗前培训应于 {BeijingTime.Format(due)} 前完成（不少于40学时并考试合格）",
                new Actor(caller.UserId, caller.Name, Roles.Applicant, caller.Organisation), now),
            Rows = [VetYearEntity.New(year)],
        }, ct);
        if (!created) return false;
        if (!vet.Cleared) await ScheduleAsync(vet, due, ct);
        await records.SyncIndexAsync(vet.VetId, year, ct);
        return true;
    }

    /// <summary>Reminders before the pre-job deadline, and the overdue notice the day after it.</summary>
    private async Task ScheduleAsync(VetProfile vet, DateTimeOffset due, CancellationToken ct)
    {
        var lastDay = BeijingTime.LastDayOf(due);
        var today = BeijingTime.DateOf(journal.Now);
        // A vet registered after the deadline has passed is reported overdue on the next morning.
        var rows = policy.PreJobReminderDaysBefore.Select(days => (Day: lastDay.AddDays(-days), Kind: VetReminderEntity.PreJobReminder))
            .Where(x => x.Day >= today)
            .Append((Day: lastDay.AddDays(1) < today ? today : lastDay.AddDays(1), Kind: VetReminderEntity.PreJobOverdue));
        foreach (var (day, kind) in rows)
            await reminders.UpsertEntityAsync(new VetReminderEntity
            {
                PartitionKey = day.ToString("yyyyMMdd"), RowKey = $"{vet.VetId}-{kind}-{lastDay:yyyyMMdd}", VetId = vet.VetId, Kind = kind, DueAt = due,
            }, cancellationToken: ct);
    }

    private void Check(Validator v, string field, string where, VetRegistrationRequest r, TrainingBureau bureau)
    {
        string F(string name) => field.Length == 0 ? name : $"{field}.{name}";
        var today = BeijingTime.DateOf(journal.Now);
        v.Require(TrainingFiles.IsWellFormedId(r.VetId), F("vetId"), "vet-id", $"{where}人员编号应为字母、数字和连字符（不超过40位）。",
            "vetId must be letters, digits and dashes (at most 40).");
        v.Required(r.Name, F("name"), $"{where}姓名", 30);
        var county = Counties.Named(r.County);
        v.Require(county is not null, F("county"), "allowed-county", $"{where}所在县（市、区）应为临汾市所辖县（市、区）之一。", "county must be one of Linfen's counties.");
        v.Require(county is null || bureau.Covers(county.Name), F("county"), "own-county",
            $"{where}只能登记本县（市、区）的人员。", "Only vets of the bureau's own county can be registered.");
        v.Require(r.Role is not null && VetRoles.All.Contains(r.Role), F("role"), "allowed-role", $"{where}人员类别只能是：官方兽医、师资、协检员。",
            "role must be official, trainer or inspector.");
        v.Require(r.QualifiedOn is not null, F("qualifiedOn"), "required", $"{where}资格确认日期不能为空。", "qualifiedOn is required.");
        v.Require(r.QualifiedOn is null || r.QualifiedOn <= today, F("qualifiedOn"), "not-in-future", $"{where}资格确认日期不能晚于今天。", "qualifiedOn must not be in the future.");
        v.Require(r.Phone is null || PersonalData.IsPhoneNumber(r.Phone), F("phone"), "phone", $"{where}联系电话格式不正确。", "phone is not a phone number.");
        v.Require(r.LastRotationYear is null || (r.LastRotationYear >= 2000 && r.LastRotationYear <= today.Year), F("lastRotationYear"), "year",
            $"{where}上次轮训年份应在2000年至今之间。", "lastRotationYear must be between 2000 and this year.");
        v.Require(r.QualifiedOn is null || r.OnDuty || calendar.HasYear(r.QualifiedOn.Value.AddDays(TrainingRules.PreJobDays + 10).Year), F("qualifiedOn"), "calendar-loaded",
            $"{where}岗前培训期限跨入节假日安排尚未录入的年份，请联系管理员。", "The pre-job deadline falls in a year whose calendar is not loaded.");
    }

    private static string? RoleOf(string? cell) => cell switch
    {
        "官方兽医" => VetRoles.Official, "师资" => VetRoles.Trainer, "协检员" => VetRoles.Inspector, _ => cell,
    };

    /// <summary>A county bureau acts for its own county's vets; the city bureau for every county's.</summary>
    public static TrainingBureau RequireBureau(Caller? caller)
    {
        if (caller is null) throw Problem.Unauthenticated();
        if (caller.IsIn(Roles.Applicant) && caller.Organisation == Organisations.CityAgricultureBureau) return new TrainingBureau(null);
        if (caller.IsIn(Roles.Applicant) && Counties.OfAgricultureBureau(caller.Organisation) is { } county) return new TrainingBureau(county);
        throw Problem.Forbidden("只有县级农业农村部门（或市农业农村局）的经办人员可以办理。");
    }

    private static async Task<IReadOnlyList<bool>> Bounded(IReadOnlyList<VetRegistrationRequest> rows, Func<VetRegistrationRequest, Task<bool>> work)
    {
        var results = new bool[rows.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) => results[i] = await work(rows[i]));
        return results;
    }
}
