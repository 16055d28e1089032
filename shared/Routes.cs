namespace LinfenFlows.Shared;

/// <summary>
/// Every HTTP route of LinfenFlows, relative to the <c>api</c> prefix (host.json). Functions use these in their triggers;
/// links in notifications and pages are built from them. Operators' jobs, called by scripts with a function key, are under
/// <c>ops/jobs/</c> (outside App Service authentication, which knows no keys); operators' pages under the rest of
/// <c>ops/</c> need their sign-in. Nothing starts with <c>admin</c> or <c>runtime</c>: the Functions host refuses those.
/// </summary>
public static class Routes
{
    public const string Prefix = "api";

    public const string AccidentRequests = "accidents/requests";
    public const string AccidentResubmissions = "accidents/requests/{caseId}/resubmissions";
    public const string AccidentWithdrawal = "accidents/requests/{caseId}/withdrawal";
    public const string AccidentDisclosure = "public/accidents/{caseId}";
    public const string ParkApplications = "parks/applications";
    public const string ParkCorrections = "parks/applications/{caseId}/corrections";
    public const string ParkPublicity = "public/parks/{caseId}";
    public const string ParkObjections = "public/parks/{caseId}/objections";
    public const string Parks = "parks";
    public const string Park = "parks/{parkId}";
    public const string ParkRecord = "parks/{parkId}/record";
    public const string ParkBranchChanges = "parks/{parkId}/branch-changes";
    public const string ParkAnnualCycles = "ops/jobs/park-annual-cycles";
    public const string Vets = "veterinary/vets";
    public const string VetImports = "veterinary/vets/imports";
    public const string Vet = "veterinary/vets/{vetId}";
    public const string VetExams = "veterinary/vets/{vetId}/exams";
    public const string VetOnlineHours = "veterinary/online-hours";
    public const string VetSessions = "veterinary/sessions";
    public const string VetCertificates = "veterinary/certificates";
    public const string VetStatistics = "veterinary/statistics/{year}";
    public const string VetStatisticsPage = "veterinary/statistics/{year}/page";
    public const string VetStatisticsCsv = "veterinary/statistics/{year}/csv";
    public const string VetTrainingReport = "veterinary/statistics/{year}/report";
    public const string VetYearCloses = "ops/jobs/veterinary-year-closes";
    public const string VetSweeps = "ops/jobs/veterinary-sweeps";
    public const string Cases = "cases";
    public const string Case = "cases/{caseId}";
    public const string CaseProgress = "cases/{caseId}/progress";
    public const string Inbox = "inbox";
    public const string InboxTask = "inbox/{caseId}/{taskId}";
    public const string Supervision = "supervision";
    public const string SupervisionTask = "supervision/{caseId}/{taskId}";
    public const string Delegations = "delegations";
    public const string DelegationRevocation = "delegations/{delegationId}/revocation";
    public const string DirectoryPage = "ops/directory";
    public const string DirectoryPeople = "ops/directory/people";
    public const string DirectoryUnits = "ops/directory/units";
    public const string CalendarPage = "ops/calendar";
    public const string CalendarYears = "ops/calendar/years";
    public const string NotificationDeliveries = "ops/jobs/notification-deliveries";
    public const string DeliveryFailures = "ops/delivery-failures";
    public const string FailedSteps = "ops/failed-steps";
    public const string FailedStepRetries = "ops/failed-steps/{instanceId}/retries";
    public const string CaseControl = "ops/cases/{caseId}";
    public const string CaseRating = "cases/{caseId}/rating";
    public const string RatingStatistics = "ratings/statistics";
    public const string RatingStatisticsPage = "ratings/statistics/page";
    public const string RatingStatisticsCsv = "ratings/statistics/csv";
    public const string CityRequests = "requests";
    public const string CityRequestResubmissions = "requests/{caseId}/resubmissions";
    public const string Campaigns = "campaigns";
    public const string Campaign = "campaigns/{campaignId}";
    public const string CampaignPage = "campaigns/{campaignId}/page";
    public const string CampaignCollections = "ops/jobs/campaign-collections";
    public const string CaseSuspension = "ops/cases/{caseId}/suspension";
    public const string CaseResumption = "ops/cases/{caseId}/resumption";
    public const string CaseTermination = "ops/cases/{caseId}/termination";
    public const string CaseAttachment = "cases/{caseId}/attachments/{attachmentId}";
    public const string Review = "reviews/{token}";
    public const string ReviewAttachment = "reviews/{token}/attachments/{attachmentId}";
    public const string ReminderSweeps = "ops/jobs/reminder-sweeps";
    public const string WorkflowPurges = "ops/jobs/workflow-purges";
    public const string OpenApiDocument = "openapi.json";
    public const string Health = "health";
    public const string Ping = "ping";

    public static string CasePath(string caseId) => $"/{Prefix}/cases/{Uri.EscapeDataString(caseId)}";
    public static string CaseAttachmentPath(string caseId, string attachmentId) => $"{CasePath(caseId)}/attachments/{attachmentId}";
    public static string CaseProgressPath(string caseId) => $"{CasePath(caseId)}/progress";
    public static string AccidentDisclosurePath(string caseId) => $"/{Prefix}/public/accidents/{Uri.EscapeDataString(caseId)}";
    public static string ParkPublicityPath(string caseId) => $"/{Prefix}/public/parks/{Uri.EscapeDataString(caseId)}";
    public static string ParkObjectionsPath(string caseId) => $"{ParkPublicityPath(caseId)}/objections";
    public static string ParkRecordPath(string parkId) => $"/{Prefix}/parks/{Uri.EscapeDataString(parkId)}/record";
    public static string VetPath(string vetId) => $"/{Prefix}/veterinary/vets/{Uri.EscapeDataString(vetId)}";
    public static string VetStatisticsPagePath(int year) => $"/{Prefix}/veterinary/statistics/{year}/page";
    public static string VetTrainingReportPath(int year) => $"/{Prefix}/veterinary/statistics/{year}/report";
    public static string VetStatisticsCsvPath(int year) => $"/{Prefix}/veterinary/statistics/{year}/csv";
    public static string InboxPath => $"/{Prefix}/{Inbox}";
    public static string SupervisionPath => $"/{Prefix}/{Supervision}";
    public static string SupervisionTaskPath(string caseId, string taskId) =>
        $"/{Prefix}/supervision/{Uri.EscapeDataString(caseId)}/{Uri.EscapeDataString(taskId)}";
    public static string DelegationsPath => $"/{Prefix}/{Delegations}";
    public static string DirectoryPagePath => $"/{Prefix}/{DirectoryPage}";
    public static string CalendarPagePath => $"/{Prefix}/{CalendarPage}";
    public static string FailedStepsPath => $"/{Prefix}/{FailedSteps}";
    public static string CaseRatingPath(string caseId) => $"{CasePath(caseId)}/rating";
    public static string CampaignPath(string campaignId) => $"/{Prefix}/campaigns/{Uri.EscapeDataString(campaignId)}";
    public static string CampaignPagePath(string campaignId) => $"{CampaignPath(campaignId)}/page";
    public static string RatingStatisticsPagePath => $"/{Prefix}/{RatingStatisticsPage}";
    public static string CaseControlPath(string caseId) => $"/{Prefix}/ops/cases/{Uri.EscapeDataString(caseId)}";
    public static string InboxTaskPath(string caseId, string taskId) =>
        $"/{Prefix}/inbox/{Uri.EscapeDataString(caseId)}/{Uri.EscapeDataString(taskId)}";
    public static string ReviewPath(string token) => $"/{Prefix}/reviews/{token}";
    public static string ReviewAttachmentPath(string token, string attachmentId) => $"{ReviewPath(token)}/attachments/{attachmentId}";
}

/// <summary>Where people reach LinfenFlows from outside (links in notifications).</summary>
public sealed record PublicUrls(Uri BaseUrl)
{
    public string Absolute(string path) => new Uri(BaseUrl, path).ToString();
}
