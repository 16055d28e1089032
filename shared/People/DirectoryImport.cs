using Azure.Data.Tables;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Shared.People;

/// <summary>What an import changed: people or units added, changed, and left as they were.</summary>
public sealed record DirectoryImportResult(int Added, int Changed, int Unchanged);

/// <summary>
/// Operators load the directory from CSV files, all or nothing: every line is checked first and every problem is reported
/// by line and column; if any is wrong nothing changes. Each change is recorded with who made it.
/// </summary>
public sealed class DirectoryImport(StaffDirectory directory, DirectoryChanges changes, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> PeopleColumns =
        ["personId", "name", "organisation", "roles", "mail", "mobile", "vetId", "expertField", "expertEmployer", "expertCounty", "active"];

    public static readonly IReadOnlyList<string> UnitColumns = ["name", "county", "creditCode"];

    public async Task<DirectoryImportResult> ImportPeopleAsync(Caller operatorCaller, string? csv, CancellationToken ct = default)
    {
        var rows = Csv.Read(csv, PeopleColumns, "people", "人员名单");
        var v = new Validator();
        var people = new List<Person>();
        var units = await directory.UnitsAsync(ct);
        foreach (var row in rows)
            if (await PersonOf(v, row, units, ct) is { } p) people.Add(p);
        foreach (var id in rows.GroupBy(r => r["personId"]).Where(g => g.Key is not null && g.Count() > 1).Select(g => g.Key))
            v.Add(new FieldError("people", "unique", $"人员标识 {id} 在名单中重复。", $"personId {id} appears twice."));
        v.ThrowIfInvalid();

        int added = 0, changed = 0, unchanged = 0;
        foreach (var person in people)
        {
            var before = await directory.FindAsync(person.Id, ct);
            if (before is not null && Same(before, person)) { unchanged++; continue; }
            await WriteAsync(person, before, ct);
            if (before is null) added++; else changed++;
            await changes.RecordAsync(before is null ? "person.added" : "person.changed", person.Id,
                $"{(before is null ? "新增" : "修改")}人员 {person.Name}：{await directory.NameOfAsync(person.Organisation, ct)}，" +
                $"{string.Join("、", person.Roles.Select(Roles.Label))}{(person.Active ? "" : "（已停用）")}" +
                (before is not null && before.Organisation != person.Organisation
                    ? $"（原单位 {await directory.NameOfAsync(before.Organisation, ct)}）" : ""),
                operatorCaller, ct);
        }
        return new DirectoryImportResult(added, changed, unchanged);
    }

    /// <summary>Outside units by name, county and credit code (an enterprise the operators know before any case names it).</summary>
    public async Task<DirectoryImportResult> ImportUnitsAsync(Caller operatorCaller, string? csv, CancellationToken ct = default)
    {
        var rows = Csv.Read(csv, UnitColumns, "units", "单位名单");
        var v = new Validator();
        foreach (var row in rows)
        {
            v.Required(row["name"], row.Field("name"), $"{row.Where}单位名称", 100);
            v.Require(row["county"] is null || Counties.Named(row["county"]) is not null, row.Field("county"), "allowed-county",
                $"{row.Where}所在县（市、区）应为临汾市所辖县（市、区）之一。", "county must be one of Linfen's counties.");
            v.Require(row["creditCode"] is null || CreditCode.IsValid(row["creditCode"]), row.Field("creditCode"), "credit-code",
                $"{row.Where}统一社会信用代码应为18位且校验位正确。", "creditCode is not a valid unified social credit code.");
        }
        v.ThrowIfInvalid();
        int added = 0, unchanged = 0;
        foreach (var row in rows)
        {
            if (await directory.NamedAsync(row["name"], row["creditCode"], ct: ct) is not null) { unchanged++; continue; }
            var unit = await directory.UnitNamedAsync(row["name"]!, row["county"], row["creditCode"], null, ct);
            added++;
            await changes.RecordAsync("unit.added", unit.Id, $"新增单位 {unit.Name}（{unit.County ?? "县（市、区）未填"}）", operatorCaller, ct);
        }
        return new DirectoryImportResult(added, 0, unchanged);
    }

    private async Task<Person?> PersonOf(Validator v, CsvRow row, IReadOnlyList<Organisation> units, CancellationToken ct)
    {
        var errors = v.Count;
        var w = row.Where;
        v.Require(StaffDirectory.IsWellFormedId(row["personId"]), row.Field("personId"), "person-id",
            $"{w}人员标识应为登录账号的对象 ID（字母、数字、-_.@，不超过64位）。", "personId must be the sign-in object id (letters, digits, -_.@; at most 64).");
        v.Required(row["name"], row.Field("name"), $"{w}姓名", 30);
        var organisation = await directory.NamedAsync(row["organisation"], null, units, ct);
        v.Require(organisation is not null, row.Field("organisation"), "known-organisation",
            $"{w}所在单位“{row["organisation"]}”不在单位目录中（填写单位标识如 linfen-yjj，或单位全称）。", "organisation is not in the directory.");
        var roleCells = (row["roles"] ?? "").Split(['|', ';', '；', '、'],
            StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var roles = roleCells.Select(Roles.Parse).ToList();
        v.Require(roles.Count > 0 && roles.All(r => r is not null), row.Field("roles"), "allowed-roles",
            $"{w}角色应为以下一项或多项（用 | 分隔）：{string.Join("、", Roles.All.Select(Roles.Label))}。",
            "roles must be one or more known roles, separated by |.");
        v.Require(row["mail"] is null || PersonalData.IsMailAddress(row["mail"]), row.Field("mail"), "mail", $"{w}电子邮箱格式不正确。",
            "mail is not a mail address.");
        v.Require(row["mobile"] is null || PersonalData.IsMobileNumber(row["mobile"]), row.Field("mobile"), "mobile",
            $"{w}手机号码应为11位。", "mobile must be an 11-digit mobile number.");
        var set = roles.OfType<string>().ToHashSet();
        v.Require(row["vetId"] is null || set.Contains(Roles.Vet), row.Field("vetId"), "vet-only", $"{w}只有官方兽医填写兽医编号。",
            "vetId is for vets only.");
        v.Require(!set.Contains(Roles.Expert) || row["expertField"] is not null, row.Field("expertField"), "required", $"{w}专家须填写专业领域。",
            "An expert needs expertField.");
        v.Require(row["expertField"] is null || set.Contains(Roles.Expert), row.Field("expertField"), "expert-only", $"{w}只有评估专家填写专业领域。",
            "expertField is for experts only.");
        v.Require(row["expertCounty"] is null || Counties.Named(row["expertCounty"]) is not null, row.Field("expertCounty"),
            "allowed-county", $"{w}专家所在县（市、区）应为临汾市所辖县（市、区）之一。", "expertCounty must be one of Linfen's counties.");
        var active = row["active"] switch { null or "是" or "true" or "yes" => true, "否" or "false" or "no" => false, _ => (bool?)null };
        v.Require(active is not null, row.Field("active"), "yes-no", $"{w}“是否在职”应填 是 或 否。", "active must be yes or no.");
        if (v.Count > errors) return null;
        return new Person(row["personId"]!, row["name"]!, organisation!.Id, set, row["mail"], row["mobile"], row["vetId"],
            row["expertField"] is { } field ? new Expertise(field, row["expertEmployer"], row["expertCounty"]) : null, active!.Value);
    }

    /// <summary>The person's row (the sign-in mapping) first, then their place in the organisation's partition.</summary>
    private async Task WriteAsync(Person person, Person? before, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var table = directory.Table;
        await table.UpsertEntityAsync(PersonEntity.Of(person, PersonEntity.Partition, now), TableUpdateMode.Replace, ct);
        await table.UpsertEntityAsync(PersonEntity.Of(person, PersonEntity.MembersOf(person.Organisation), now),
            TableUpdateMode.Replace, ct);
        if (before is not null && before.Organisation != person.Organisation)
            await table.DeleteEntityAsync(PersonEntity.MembersOf(before.Organisation), person.Id, cancellationToken: ct);
        if (!Organisations.IsBuiltIn(person.Organisation))
        {
            var unit = await table.GetEntityIfExistsAsync<UnitEntity>(UnitEntity.Partition, person.Organisation, cancellationToken: ct);
            if (unit is { HasValue: true, Value.ClaimedAt: null })
            {
                unit.Value!.ClaimedAt = now;
                await table.UpdateEntityAsync(unit.Value, unit.Value.ETag, TableUpdateMode.Replace, ct);
            }
        }
    }

    private static bool Same(Person a, Person b) =>
        a.Name == b.Name && a.Organisation == b.Organisation && a.Roles.SetEquals(b.Roles) && a.Mail == b.Mail && a.Mobile == b.Mobile
        && a.VetId == b.VetId && a.Expertise == b.Expertise && a.Active == b.Active;
}

/// <summary>The record of directory changes: who changed what, when (table DirectoryChanges, partition = Beijing month).</summary>
public sealed class DirectoryChanges(StorageAccount storage, TimeProvider clock)
{
    private readonly TableClient table = storage.Table(StorageNames.DirectoryChanges);

    public Task RecordAsync(string action, string subject, string summary, Caller by, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return table.AddEntityAsync(new DirectoryChangeEntity
        {
            PartitionKey = BeijingTime.DateOf(now).ToString("yyyyMM"),
            RowKey = $"{DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks:D19}-{Guid.NewGuid():N}", Action = action, Subject = subject,
            Summary = summary, ActorId = by.UserId, ActorName = by.Name, At = now,
        }, ct);
    }

    /// <summary>The latest changes, newest first, from this month and the one before.</summary>
    public async Task<IReadOnlyList<DirectoryChangeEntity>> RecentAsync(int max, CancellationToken ct = default)
    {
        var now = BeijingTime.DateOf(clock.GetUtcNow());
        var list = new List<DirectoryChangeEntity>();
        foreach (var month in new[] { now, now.AddMonths(-1) })
            await foreach (var row in table.QueryAsync<DirectoryChangeEntity>(r => r.PartitionKey == month.ToString("yyyyMM"),
                cancellationToken: ct))
            {
                if (list.Count == max) return list;
                list.Add(row);
            }
        return list;
    }
}
