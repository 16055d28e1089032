using LinfenFlows.Shared;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Time;

namespace LinfenFlows.Workflows.Veterinary;

/// <summary>
/// Hours to put on a vet's file; <see cref="Key"/> makes the record idempotent (the same batch or session twice counts once).
/// </summary>
public sealed record HourEntry(string Key, DateOnly Date, decimal Hours, string Source, string Title, string? Reference = null,
    string? CertificateNumber = null);

/// <summary>When people are reminded (policy, configurable).</summary>
public sealed class TrainingPolicy
{
    /// <summary>Days of December on which everyone below their hours is reminded before the 20 December close.</summary>
    public int[] YearEndReminderDays { get; set; } = [1, 10, 17];
    /// <summary>Calendar days before the pre-job deadline on which the vet is reminded.</summary>
    public int[] PreJobReminderDaysBefore { get; set; } = [14, 3];
}

/// <summary>Who acts in the training: roles in organisations, resolved from the directory when they are told.</summary>
public static class TrainingParties
{
    /// <summary>市农业农村局 / 督办 supervises the counties' verification of certificates.</summary>
    public static readonly Assignee CityBureauSupervisor = new(Organisations.CityAgricultureBureau, Roles.Supervisor);
    /// <summary>市农业农村局 / 经办 organises the city's trainings.</summary>
    public static readonly Assignee CityBureau = new(Organisations.CityAgricultureBureau, Roles.Applicant);
    /// <summary>市畜牧发展中心 receives the year's figures (考核评价).</summary>
    public static readonly Assignee LivestockCentre = new(Organisations.CityLivestockCentre, Roles.Applicant);

    /// <summary>The county bureau's 经办: told of its vets' clearance and overdue training, organises its trainings.</summary>
    public static Assignee CountyBureau(County county) => new(county.AgricultureBureau, Roles.Applicant);

    /// <summary>The county bureau's 审批 verifies certificates its vets upload.</summary>
    public static Assignee CountyVerifier(County county) => new(county.AgricultureBureau, Roles.Reviewer);
}

/// <summary>
/// Every change of a vet's training file goes through here: one batch in the vet's partition (the hour record, the year's
/// totals, the pre-job state, the timeline entry, any notice), then the statistics row. Recording the same key again changes
/// nothing.
/// </summary>
public sealed class TrainingRecords(CaseJournal journal, VetYearIndex index, PublicUrls urls, TimeProvider clock)
{
    public DateTimeOffset Now => clock.GetUtcNow();

    public async Task<(CaseEntity Case, VetProfile Vet)> FindAsync(string? vetId, CancellationToken ct = default)
    {
        if (!TrainingFiles.IsWellFormedId(vetId) || await journal.FindAsync(TrainingFiles.CaseIdOf(vetId!), ct) is not { } c
            || c.Kind != TrainingFiles.Kind)
            throw Problem.NotFound("兽医", "Vet");
        return (c, VetProfile.Of(c));
    }

    /// <summary>Checks an entry against the rules every source shares (not for a closed year, not in the future, sensible hours).</summary>
    public void Check(Validator v, string field, HourEntry e)
    {
        var today = BeijingTime.DateOf(Now);
        string F(string name) => field.Length == 0 ? name : $"{field}.{name}";
        v.Require(e.Hours > 0 && e.Hours <= TrainingRules.MaxHoursPerRecord, F("hours"), "hours-range",
            $"学时应大于0且不超过{TrainingRules.MaxHoursPerRecord}。", $"hours must be more than 0 and at most {TrainingRules.MaxHoursPerRecord}.");
        v.Require(e.Date <= today, F("date"), "not-in-future", "培训日期不能晚于今天。", "date must not be in the future.");
        v.Require(e.Date > today || TrainingRules.YearOpen(e.Date.Year, Now), F("date"), "year-closed",
            $"{e.Date.Year}年度学时已于{e.Date.Year}年12月20日24:00截止提交，结果已确定。", $"Submissions for {e.Date.Year} closed at the end of 20 December.");
    }

    /// <summary>Puts the hours on the vet's file (once per key); returns whether this call recorded them.</summary>
    /// <param name="read">The vet's file as the caller has just read it, if it has (planned on instead of read again).</param>
    public async Task<bool> RecordHoursAsync(string vetId, HourEntry e, Actor by, CaseEntity? read = null, CancellationToken ct = default)
    {
        var caseId = TrainingFiles.CaseIdOf(vetId);
        (VetProfile, VetYearEntity)? written = null;
        var recorded = await journal.RecordAsync(caseId, read, async (c, ct2) =>
        {
            var vet = VetProfile.Of(c);
            var year = await journal.FindRowAsync<VetYearEntity>(caseId, VetYearEntity.KeyOf(e.Date.Year), ct2)
                ?? VetYearEntity.New(e.Date.Year);
            written = (vet, year);
            var teaching = e.Source == HourSources.Teaching;
            if (teaching) year.TeachingHours += (double)e.Hours; else year.Hours += (double)e.Hours;
            // Hours from confirmation to the pre-job deadline count towards the 40 pre-job hours too.
            var preJob = !teaching && !vet.Cleared && e.Date >= vet.QualifiedOn && c.DueAt is { } due && BeijingTime.StartOf(e.Date) < due;
            var next = preJob ? vet with { PreJobHours = vet.PreJobHours + e.Hours } : vet;
            var change = WithClearance(c, next, new CaseChange
            {
                Key = $"hours-{e.Key}",
                Event = new CaseEventDraft("vet.hours",
                    $"{HourSources.Label(e.Source)}：{e.Title}，{TrainingRules.Hours(e.Hours)}学时（{BeijingTime.FormatDate(e.Date)}）" +
                    (e.CertificateNumber is null ? "" : $"，证书 {e.CertificateNumber}"), by, Now),
                Rows =
                [
                    year,
                    new VetHourEntity
                    {
                        RowKey = VetHourEntity.Prefix + e.Key, Year = e.Date.Year, Date = BeijingTime.StartOf(e.Date),
                        Hours = (double)e.Hours, Source = e.Source, Title = e.Title, Reference = e.Reference,
                        CertificateNumber = e.CertificateNumber, PreJob = preJob, RecordedAt = Now,
                    },
                ],
            });
            return change;
        }, ct);
        await IndexAsync(recorded, written, vetId, e.Date.Year, ct);
        return recorded is { AlreadyRecorded: false };
    }

    /// <summary>
    /// The statistics row from the state just written (the profile's listed fields do not change with hours or exams); after
    /// a retried step, whose plan saw state that was never written, from the file as it is.
    /// </summary>
    private Task IndexAsync(Recorded? recorded, (VetProfile Vet, VetYearEntity Year)? written, string vetId, int year,
        CancellationToken ct) =>
        recorded is { AlreadyRecorded: false } && written is { } w ? index.WriteAsync(w.Vet, w.Year, ct) : SyncIndexAsync(vetId, year, ct);

    /// <summary>An exam result recorded by the county bureau: the pre-job exam clears a vet with 40 hours for duty.</summary>
    public async Task RecordExamAsync(string vetId, int yearOfExam, bool preJob, bool passed, decimal? score, Actor by,
        CancellationToken ct = default)
    {
        var caseId = TrainingFiles.CaseIdOf(vetId);
        (VetProfile, VetYearEntity)? written = null;
        var recorded = await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            var vet = VetProfile.Of(c);
            var year = await journal.FindRowAsync<VetYearEntity>(caseId, VetYearEntity.KeyOf(yearOfExam), ct2)
                ?? VetYearEntity.New(yearOfExam);
            written = (vet, year);
            if (year.ClosedAt is not null)
                throw Problem.Conflict("year-closed", $"{yearOfExam}年度已结束，考试结果不能再更改。", "The year is closed.");
            year.ExamTaken = true;
            year.ExamPassed = year.ExamPassed || passed;
            var next = preJob ? vet with { PreJobExamPassed = vet.PreJobExamPassed || passed } : vet;
            var change = WithClearance(c, next, new CaseChange
            {
                // The same result sent again is one record; a later different result (a resit) is another.
                Key = $"exam-{yearOfExam}-{(preJob ? "prejob" : "yearly")}-{(passed ? "passed" : "failed")}",
                Event = new CaseEventDraft("vet.exam", $"{(preJob ? "岗前培训考试" : $"{yearOfExam}年度考试")}：{(passed ? "合格" : "不合格")}" +
                    (score is null ? "" : $"（{score:0.#}分）"), by, Now),
                Rows = [year],
            });
            return change;
        }, ct);
        await IndexAsync(recorded, written, vetId, yearOfExam, ct);
    }

    /// <summary>
    /// Fixes the vet's result for a closed year (达标/未达标, or 待核验 while a certificate submitted in time is pending) and
    /// opens the next year; run at the close and again when the last pending certificate is concluded.
    /// </summary>
    public async Task<string> CloseYearAsync(string vetId, int year, CancellationToken ct = default)
    {
        var caseId = TrainingFiles.CaseIdOf(vetId);
        var result = "";
        (VetProfile Vet, VetYearEntity Year, VetYearEntity Next)? written = null;
        var recorded = await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            var vet = VetProfile.Of(c);
            var row = await journal.FindRowAsync<VetYearEntity>(caseId, VetYearEntity.KeyOf(year), ct2) ?? VetYearEntity.New(year);
            var standing = TrainingRules.Standing(vet.Role, (decimal)row.Hours, (decimal)row.TeachingHours);
            result = row.PendingCertificates > 0 ? YearResults.Pending : standing.Met ? YearResults.Met : YearResults.NotMet;
            if (row.Result == result && row.ClosedAt is not null) return null;
            row.Result = result;
            row.ClosedAt ??= Now;
            var next = await journal.FindRowAsync<VetYearEntity>(caseId, VetYearEntity.KeyOf(year + 1), ct2);
            written = (vet, row, next ?? VetYearEntity.New(year + 1));
            var shortfall = standing.Met ? "" : $"，差{TrainingRules.Hours(standing.HoursShort)}学时" +
                (standing.TeachingShort > 0 ? $"、授课{TrainingRules.Hours(standing.TeachingShort)}学时" : "");
            return new CaseChange
            {
                Key = $"close-{year}-{result}",
                Event = new CaseEventDraft("vet.year-closed", $"{year}年度在岗培训：{result}（{TrainingRules.Hours((decimal)row.Hours)}学时" +
                    (vet.Role == VetRoles.Trainer ? $"，授课{TrainingRules.Hours((decimal)row.TeachingHours)}学时" : "") +
                    (result == YearResults.NotMet ? shortfall : "") + "）", Actor.System, Now),
                Rows = next is null ? [row, written.Value.Next] : [row],
            };
        }, ct);
        if (recorded is { AlreadyRecorded: false } && written is { } w)
        {
            // The statistics rows from what was just written; otherwise (nothing to change, a retry) from the file as it is.
            await index.WriteAsync(w.Vet, w.Year, ct);
            await index.WriteAsync(w.Vet, w.Next, ct);
        }
        else
        {
            await SyncIndexAsync(vetId, year, ct);
            await SyncIndexAsync(vetId, year + 1, ct);
        }
        return result;
    }

    /// <summary>A pre-job reminder (to the vet) or overdue notice (to the county bureau too), unless the vet has been cleared.</summary>
    /// <param name="dueAt">The deadline the reminder was scheduled for: one since moved has its own rows.</param>
    public async Task<bool> PreJobReminderAsync(string vetId, string kind, string key, DateTimeOffset dueAt, CancellationToken ct = default)
    {
        var caseId = TrainingFiles.CaseIdOf(vetId);
        var recorded = await journal.RecordAsync(caseId, (c, _) =>
        {
            var vet = VetProfile.Of(c);
            if (vet.Cleared || c.DueAt is not { } due || due != dueAt) return Task.FromResult<CaseChange?>(null);
            var overdue = kind == VetReminderEntity.PreJobOverdue;
            var text = $"{vet.Name}：岗前培训应于 {BeijingTime.Format(due)}{vet.PreJobDueNote} 前完成，" +
                $"现有{TrainingRules.Hours(vet.PreJobHours)}学时（应不少于40学时），考试{(vet.PreJobExamPassed ? "已合格" : "尚未合格")}。";
            Notification[] notices = overdue
                ?
                [
                    new Notification($"{key}-county", TrainingParties.CountyBureau(vet.CountyOf), $"【逾期】{vet.Name}岗前培训逾期未完成",
                        text + "已逾期，未完成前不得上岗，请督促。", urls.Absolute(Routes.VetPath(vet.VetId))),
                    new Notification($"{key}-vet", vet.Recipient, "【逾期】岗前培训已逾期", text + "已逾期，请尽快完成。",
                        urls.Absolute(Routes.VetPath(vet.VetId))),
                ]
                : [new Notification(key, vet.Recipient, "【提醒】岗前培训即将到期", text, urls.Absolute(Routes.VetPath(vet.VetId)))];
            return Task.FromResult<CaseChange?>(new CaseChange
            {
                Key = $"remind-{key}",
                Event = new CaseEventDraft("vet.reminded", overdue ? "岗前培训逾期，已通知本人和县级农业农村部门" : "已提醒岗前培训期限", Actor.System, Now),
                Notifications = notices,
            });
        }, ct);
        return recorded is { AlreadyRecorded: false };
    }

    /// <summary>
    /// A December reminder to a vet still below the year's hours (once per reminder day); trainers hear of their rotation too.
    /// </summary>
    public async Task<bool> YearReminderAsync(string vetId, int year, DateOnly reminderDay, CancellationToken ct = default)
    {
        var caseId = TrainingFiles.CaseIdOf(vetId);
        var recorded = await journal.RecordAsync(caseId, async (c, ct2) =>
        {
            var vet = VetProfile.Of(c);
            var row = await journal.FindRowAsync<VetYearEntity>(caseId, VetYearEntity.KeyOf(year), ct2) ?? VetYearEntity.New(year);
            var standing = TrainingRules.Standing(vet.Role, (decimal)row.Hours, (decimal)row.TeachingHours);
            if (standing.Met) return null;
            var rotation = vet.Role == VetRoles.Trainer ? TrainingRules.Rotation(vet.LastRotationYear, year) : null;
            var text = $"{vet.Name}：{year}年度已有{TrainingRules.Hours(standing.Hours)}学时，尚差{TrainingRules.Hours(standing.HoursShort)}学时" +
                (standing.TeachingShort > 0 ? $"，授课尚差{TrainingRules.Hours(standing.TeachingShort)}学时" : "") +
                $"。学时和培训证明须在12月20日24:00前提交，逾期不再受理。" + (rotation is null ? "" : $"师资轮训：{rotation}。");
            return new CaseChange
            {
                Key = $"year-reminder-{year}-{reminderDay:MMdd}",
                Event = new CaseEventDraft("vet.reminded", $"已提醒{year}年度学时（截止12月20日）", Actor.System, Now),
                Notifications = [new Notification($"year-{year}-{reminderDay:MMdd}", vet.Recipient, "【提醒】年度培训学时未达标", text,
                    urls.Absolute(Routes.VetPath(vet.VetId)))],
            };
        }, ct);
        return recorded is { AlreadyRecorded: false };
    }

    /// <summary>Rewrites the vet's statistics row for the year from the file as it now is (also after a retried step).</summary>
    public async Task SyncIndexAsync(string vetId, int year, CancellationToken ct = default)
    {
        var caseId = TrainingFiles.CaseIdOf(vetId);
        var vet = VetProfile.Of(await journal.GetAsync(caseId, ct));
        var row = await journal.FindRowAsync<VetYearEntity>(caseId, VetYearEntity.KeyOf(year), ct) ?? VetYearEntity.New(year);
        await index.WriteAsync(vet, row, ct);
    }

    /// <summary>Adds the profile change, and when it makes the vet 可上岗, the clearance with its notices.</summary>
    private CaseChange WithClearance(CaseEntity c, VetProfile next, CaseChange change)
    {
        var clears = !next.Cleared && TrainingRules.ClearedForDuty(next.PreJobHours, next.PreJobExamPassed);
        if (clears) next = next with { ClearedAt = Now };
        var county = next.CountyOf;
        return new CaseChange
        {
            Key = change.Key,
            Event = clears ? change.Event with { Label = change.Event.Label + $"；岗前培训{TrainingRules.Hours(next.PreJobHours)}学时、考试合格，可上岗" }
                : change.Event,
            Rows = change.Rows,
            Update = e =>
            {
                e.DetailsJson = next.ToJson();
                if (clears) { e.Step = "可上岗"; e.DueAt = null; e.Holder = ""; }
            },
            Notifications = !clears ? change.Notifications :
            [
                .. change.Notifications,
                new Notification("cleared", next.Recipient, "【可上岗】岗前培训已完成",
                    $"{next.Name}：岗前培训{TrainingRules.Hours(next.PreJobHours)}学时，考试合格，可正式上岗。", urls.Absolute(Routes.VetPath(next.VetId))),
                new Notification("cleared-county", TrainingParties.CountyBureau(county), $"【可上岗】{next.Name}",
                    $"{next.Name}（{VetRoles.Label(next.Role)}）已完成岗前培训并考试合格，可正式上岗。", urls.Absolute(Routes.VetPath(next.VetId))),
            ],
        };
    }
}
