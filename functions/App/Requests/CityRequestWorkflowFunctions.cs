using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Requests;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace LinfenFlows.Functions.Requests;

/// <summary>请示 → 批复: the workflow and its activities, as the Durable host runs them.</summary>
public sealed class CityRequestWorkflowFunctions(CityRequestActivities activities)
{
    [Function(nameof(CityRequestReply))]
    public static Task<CityRequestResult> RunCityRequestReply([OrchestrationTrigger] TaskOrchestrationContext context,
        CityRequestInput input) => CityRequestReply.RunAsync(context, input);

    [Function(CityRequestActivities.PlanRequestTask)]
    public Task<TaskSpec> PlanRequestTask([ActivityTrigger] PlanRequestTaskInput input) => activities.PlanAsync(input);

    [Function(CityRequestActivities.PlanConsultation)]
    public Task<IReadOnlyList<TaskSpec>> PlanConsultation([ActivityTrigger] PlanRequestTaskInput input) =>
        activities.PlanConsultationAsync(input);

    [Function(CityRequestActivities.RegisterCityRequest)]
    public Task<string> RegisterCityRequest([ActivityTrigger] RegisterRequestInput input) => activities.RegisterAsync(input);

    [Function(CityRequestActivities.ReturnCityRequest)]
    public Task ReturnCityRequest([ActivityTrigger] ReturnCityRequestInput input) => activities.ReturnAsync(input);

    [Function(CityRequestActivities.IssueCityRequestReply)]
    public Task<CityRequestResult> IssueCityRequestReply([ActivityTrigger] IssueRequestReplyInput input) => activities.IssueAsync(input);
}
