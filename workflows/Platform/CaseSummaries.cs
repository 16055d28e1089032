using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows.Accidents;
using LinfenFlows.Workflows.Campaigns;
using LinfenFlows.Workflows.Parks;
using LinfenFlows.Workflows.Requests;
using LinfenFlows.Workflows.Veterinary;

namespace LinfenFlows.Workflows.Platform;

/// <summary>What each kind of case shows the people working on it: its stages, and the lines a task's page opens with.</summary>
public sealed class CaseSummaries(CaseJournal journal)
{
    public static IReadOnlyList<CaseStage> StagesOf(string kind) => kind switch
    {
        AccidentIntake.Kind => AccidentSummary.Stages,
        ParkIntake.Kind => ParkSummary.Stages,
        CityRequestDetails.Kind => CityRequestSummary.Stages,
        _ => [],
    };

    public async Task<IReadOnlyList<(string Label, string Value)>> LinesAsync(CaseEntity c, TaskEntity task, CancellationToken ct = default)
    {
        switch (c.Kind)
        {
            case AccidentIntake.Kind:
                return AccidentSummary.Lines(AccidentCaseDetails.Of(c)).ToList();
            case ParkIntake.Kind:
                var lines = ParkSummary.Lines(ParkCaseDetails.Of(c)).ToList();
                if (ParkSummary.ObjectionOf(task) is { } n
                    && await journal.FindRowAsync<ObjectionEntity>(c.Id, ObjectionEntity.KeyOf(n), ct) is { } objection)
                    lines.InsertRange(0, ParkSummary.ObjectionLines(objection));
                return lines;
            case ParkCycleDetails.Kind:
                // The assessor reads the year's filing next to the park.
                var cycle = ParkCycleSummary.Lines(ParkCycleDetails.Of(c)).ToList();
                if (await journal.FindTaskAsync(c.Id, ParkCycleActivities.FilingTask, ct) is { Decision: not null } filed)
                    cycle.AddRange(filed.Fields.Select(f => (f.Label, filed.Values.GetValueOrDefault(f.Key, "—")))
                        .Append(("年度评估情况", filed.Opinion ?? "")));
                return cycle;
            case BranchChangeDetails.Kind:
                var change = BranchChangeDetails.Of(c);
                return [("产业园", change.ParkName), ("申请事项", change.Describe()), ("申请理由", change.Request.Reason ?? "")];
            case CertificateDetails.Kind:
                var cert = CertificateDetails.Of(c);
                return [("人员", $"{cert.VetName}（{cert.VetId}，{cert.County}）"), ("培训名称", cert.Title),
                    ("培训日期", BeijingTime.FormatDate(cert.Date)), ("学时", TrainingRules.Hours(cert.Hours)),
                    ("核验要点", "证书真实、培训内容与官方兽医职责相关、学时与证书一致")];
            case CollectionDetails.Kind:
                var collection = CollectionDetails.Of(c);
                return [("专项工作", collection.CampaignTitle), ("依据", collection.DocumentNumber), ("本期", collection.Label),
                    ("报送要求", "报送本单位本期工作进展情况（摘要填入意见栏，材料作为附件）"), ("顺延规则", CampaignRules.MovedRule)];
            case CityRequestDetails.Kind:
                // Whoever acts reads every opinion given so far (会签, 审签).
                return CityRequestSummary.Lines(CityRequestDetails.Of(c), await journal.RowsAsync<TaskEntity>(c.Id, RowKeys.TaskPrefix, ct))
                    .ToList();
            default:
                return [("办件", c.Title)];
        }
    }
}
