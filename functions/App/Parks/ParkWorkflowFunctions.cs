using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Parks;
using LinfenFlows.Workflows.Reviews;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace LinfenFlows.Functions.Parks;

/// <summary>
/// 市级人力资源服务产业园: the workflows (recognition, yearly cycle, branch change) and their activities, as the Durable host runs them.
/// </summary>
public sealed class ParkWorkflowFunctions(ParkActivities activities, ParkPanelActivities panel, ParkPublicityActivities publicity,
    ParkCycleActivities cycleActivities, ParkBranchActivities branches)
{
    [Function(nameof(ParkRecognition))]
    public static Task<ParkRecognitionResult> RunParkRecognition([OrchestrationTrigger] TaskOrchestrationContext context,
        ParkRecognitionInput input) => ParkRecognition.RunAsync(context, input);

    [Function(nameof(ParkAnnualCycle))]
    public static Task<ParkCycleResult> RunParkAnnualCycle([OrchestrationTrigger] TaskOrchestrationContext context, ParkCycleInput input) =>
        ParkAnnualCycle.RunAsync(context, input);

    [Function(nameof(ParkBranchChange))]
    public static Task<string> RunParkBranchChange([OrchestrationTrigger] TaskOrchestrationContext context, BranchChangeInput input) =>
        ParkBranchChange.RunAsync(context, input);

    [Function(ParkActivities.PlanParkTask)]
    public Task<TaskSpec> PlanParkTask([ActivityTrigger] PlanParkTaskInput input) => activities.PlanAsync(input);

    [Function(ParkActivities.ReturnParkApplication)]
    public Task ReturnParkApplication([ActivityTrigger] ReturnParkInput input) => activities.ReturnAsync(input);

    [Function(ParkActivities.CloseParkCase)]
    public Task<ParkRecognitionResult> CloseParkCase([ActivityTrigger] CloseParkCaseInput input) => activities.CloseAsync(input);

    [Function(ParkPanelActivities.PlanExpertPanel)]
    public Task<PanelPlan> PlanExpertPanel([ActivityTrigger] string caseId) => panel.PlanAsync(caseId);

    [Function(ParkPanelActivities.CombinePanel)]
    public Task<PanelVerdict> CombinePanel([ActivityTrigger] CombinePanelInput input) => panel.CombineAsync(input);

    [Function(ParkPublicityActivities.StartPublicity)]
    public Task<PublicityWindow> StartPublicity([ActivityTrigger] string caseId) => publicity.StartAsync(caseId);

    [Function(ParkPublicityActivities.FollowPublicityCalendar)]
    public Task FollowPublicityCalendar([ActivityTrigger] string caseId) => publicity.FollowCalendarAsync(caseId);

    [Function(ParkPublicityActivities.ClosePublicity)]
    public Task<IReadOnlyList<int>> ClosePublicity([ActivityTrigger] string caseId) => publicity.CloseAsync(caseId);

    [Function(ParkPublicityActivities.ConcludePublicity)]
    public Task<bool> ConcludePublicity([ActivityTrigger] ConcludePublicityInput input) => publicity.ConcludeAsync(input);

    [Function(ParkActivities.IssueParkReply)]
    public Task<ParkRecognitionResult> IssueParkReply([ActivityTrigger] IssueParkReplyInput input) => activities.IssueAsync(input);

    [Function(ParkCycleActivities.PlanCycleTask)]
    public Task<TaskSpec> PlanCycleTask([ActivityTrigger] PlanStepInput input) => cycleActivities.PlanAsync(input);

    [Function(ParkCycleActivities.RecordAnnualEvaluation)]
    public Task<AnnualResult> RecordAnnualEvaluation([ActivityTrigger] TaskRef input) => cycleActivities.RecordAnnualAsync(input);

    [Function(ParkCycleActivities.RecordAssessment)]
    public Task<AssessmentConsequence> RecordAssessment([ActivityTrigger] TaskRef input) => cycleActivities.RecordAssessmentAsync(input);

    [Function(ParkCycleActivities.RecordReassessment)]
    public Task RecordReassessment([ActivityTrigger] TaskRef input) => cycleActivities.RecordReassessmentAsync(input);

    [Function(ParkCycleActivities.CompleteCycle)]
    public Task<ParkCycleResult> CompleteCycle([ActivityTrigger] ParkCycleResult input) => cycleActivities.CompleteAsync(input);

    [Function(ParkBranchActivities.PlanBranchReview)]
    public Task<TaskSpec> PlanBranchReview([ActivityTrigger] PlanStepInput input) => branches.PlanAsync(input);

    [Function(ParkBranchActivities.ConcludeBranchChange)]
    public Task<string> ConcludeBranchChange([ActivityTrigger] TaskRef input) => branches.ConcludeAsync(input);
}
