using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Accidents;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace LinfenFlows.Functions.Accidents;

/// <summary>事故调查报告批复: the workflow and its activities, as the Durable host runs them.</summary>
public sealed class AccidentWorkflowFunctions(AccidentActivities activities, AccidentFollowThroughActivities followThrough)
{
    [Function(nameof(AccidentReportApproval))]
    public static Task<AccidentApprovalResult> RunAccidentReportApproval(
        [OrchestrationTrigger] TaskOrchestrationContext context, AccidentApprovalInput input) =>
        AccidentReportApproval.RunAsync(context, input);

    [Function(AccidentActivities.PlanCityGovernmentReview)]
    public Task<TaskSpec> PlanCityGovernmentReview([ActivityTrigger] PlanReviewInput input) => activities.PlanAsync(input);

    [Function(AccidentActivities.ReturnAccidentRequest)]
    public Task ReturnAccidentRequest([ActivityTrigger] ReturnRequestInput input) => activities.ReturnAsync(input);

    [Function(AccidentActivities.IssueAccidentReply)]
    public Task<AccidentApprovalResult> IssueAccidentReply([ActivityTrigger] IssueReplyInput input) => activities.IssueAsync(input);

    [Function(AccidentActivities.CloseWithdrawnRequest)]
    public Task<AccidentApprovalResult> CloseWithdrawnRequest([ActivityTrigger] CloseWithdrawnInput input) =>
        activities.CloseWithdrawnAsync(input);

    [Function(AccidentFollowThroughActivities.PlanFollowThrough)]
    public Task<FollowThroughPlan> PlanFollowThrough([ActivityTrigger] PlanFollowThroughInput input) => followThrough.PlanAsync(input);

    [Function(AccidentFollowThroughActivities.PublishDisclosure)]
    public Task PublishDisclosure([ActivityTrigger] PublishDisclosureInput input) => followThrough.PublishAsync(input);

    [Function(AccidentFollowThroughActivities.ReportImplementation)]
    public Task<AccidentApprovalResult> ReportImplementation([ActivityTrigger] ReportImplementationInput input) =>
        followThrough.ReportAsync(input);
}
