using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Reviews;
using LinfenFlows.Workflows.Veterinary;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace LinfenFlows.Functions.Veterinary;

/// <summary>官方兽医培训: the certificate verification and the year's close, and their activities, as the Durable host runs them.</summary>
public sealed class VeterinaryWorkflowFunctions(CertificateActivities certificates, TrainingYearActivities year)
{
    [Function(nameof(CertificateVerification))]
    public static Task<string> RunCertificateVerification([OrchestrationTrigger] TaskOrchestrationContext context,
        CertificateInput input) => CertificateVerification.RunAsync(context, input);

    [Function(nameof(TrainingYearClose))]
    public static Task<IReadOnlyList<CountyClosed>> RunTrainingYearCloseWorkflow([OrchestrationTrigger] TaskOrchestrationContext context,
        TrainingYearInput input) => TrainingYearClose.RunAsync(context, input);

    [Function(CertificateActivities.PlanCertificateReview)]
    public Task<TaskSpec> PlanCertificateReview([ActivityTrigger] PlanStepInput input) => certificates.PlanAsync(input);

    [Function(CertificateActivities.ConcludeCertificate)]
    public Task<string> ConcludeCertificate([ActivityTrigger] TaskRef input) => certificates.ConcludeAsync(input);

    [Function(TrainingYearActivities.CloseCountyYear)]
    public Task<CountyClosed> CloseCountyYear([ActivityTrigger] CountyYearInput input) => year.CloseCountyAsync(input);

    [Function(TrainingYearActivities.ReportTrainingYear)]
    public Task ReportTrainingYear([ActivityTrigger] TrainingYearInput input) => year.ReportAsync(input);
}
