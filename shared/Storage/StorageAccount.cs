using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace LinfenFlows.Shared.Storage;

/// <summary>
/// The one storage account that holds LinfenFlows' state. Locally a connection string to Azurite; in Azure its endpoints,
/// reached with the app's managed identity (shared keys are off there).
/// </summary>
public sealed class StorageAccount
{
    // Azure.Storage.Blobs 12.30 asks for a service version newer than Azurite 3.37 knows; this one both understand.
    private const BlobClientOptions.ServiceVersion BlobVersion = BlobClientOptions.ServiceVersion.V2025_01_05;

    /// <summary>Azurite or any account reached with a connection string.</summary>
    public StorageAccount(string connectionString)
    {
        Tables = new TableServiceClient(connectionString);
        Blobs = new BlobServiceClient(connectionString, new BlobClientOptions(BlobVersion));
        Queues = new QueueServiceClient(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
    }

    /// <summary>An account reached with an Entra ID credential (the app's managed identity in Azure).</summary>
    public StorageAccount(Uri blobEndpoint, Uri queueEndpoint, Uri tableEndpoint, TokenCredential credential)
    {
        Tables = new TableServiceClient(tableEndpoint, credential);
        Blobs = new BlobServiceClient(blobEndpoint, credential, new BlobClientOptions(BlobVersion));
        Queues = new QueueServiceClient(queueEndpoint, credential, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
    }

    public TableServiceClient Tables { get; }
    public BlobServiceClient Blobs { get; }
    public QueueServiceClient Queues { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    /// <summary>
    /// Creates every table and container LinfenFlows uses, and the one-machine notification queues: the local run and the
    /// tests call it once; in Azure the deployment (infra/app/storage.bicep) creates them, never the app at start-up.
    /// </summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var table in StorageNames.AllTables) await Tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        await Blobs.GetBlobContainerClient(StorageNames.AttachmentsContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        foreach (var queue in StorageNames.LocalQueues)
            await Queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }
}

/// <summary>Every table, container and queue name, in one place.</summary>
public static class StorageNames
{
    /// <summary>
    /// One partition per case: the case row, its timeline, its review tasks and its outbox, so a step is one atomic batch.
    /// </summary>
    public const string Cases = "Cases";
    /// <summary>Review link tokens by hash.</summary>
    public const string ReviewLinks = "ReviewLinks";
    /// <summary>Reminder and deadline rows by Beijing date, so the morning sweep reads only what is due.</summary>
    public const string Deadlines = "Deadlines";
    /// <summary>Document number counters per issuer and year.</summary>
    public const string DocumentNumbers = "DocumentNumbers";
    /// <summary>Each organisation's open tasks (partition: organisation), for the staff inbox.</summary>
    public const string Inbox = "Inbox";
    /// <summary>Cases by kind and status (partition <c>{kind}|{status}</c>), for case queries without scanning every case.</summary>
    public const string CaseIndex = "CaseIndex";
    /// <summary>The list of recognised HR service industrial parks (their records live in their recognition cases).</summary>
    public const string Parks = "Parks";
    /// <summary>Each vet's year in the partition <c>{year}|{county}</c>: the training statistics and reminders read only these.</summary>
    public const string VetYears = "VetYears";
    /// <summary>Pre-job reminders and overdue notices by Beijing date (partition yyyyMMdd), read by the training sweep.</summary>
    public const string VetReminders = "VetReminders";
    /// <summary>Offline trainings by year and organiser (partition <c>{year}|{organiser}</c>), for the organisers' duty.</summary>
    public const string VetSessions = "VetSessions";
    /// <summary>Every notification that left through the local transport (the local mailbox page).</summary>
    public const string Mailbox = "Mailbox";
    /// <summary>The staff directory: people (by id, and by organisation), outside units, delegations.</summary>
    public const string People = "People";
    /// <summary>Who changed the directory, what and when (partition: the Beijing month).</summary>
    public const string DirectoryChanges = "DirectoryChanges";
    /// <summary>The State Council notices operators imported (the package is read-only on Flex Consumption).</summary>
    public const string CalendarYears = "CalendarYears";
    /// <summary>Open deadlines counted on a provisional year (partition: that year), recounted when its notice is imported.</summary>
    public const string ProvisionalDeadlines = "ProvisionalDeadlines";
    /// <summary>Each notification's delivery by channel (partition: the case; failures also by month), sent or failed and why.</summary>
    public const string Deliveries = "Deliveries";
    /// <summary>Workflow steps that failed and wait for an operator's retry (partition: the workflow instance).</summary>
    public const string FailedSteps = "FailedSteps";
    /// <summary>好差评: one row per rated case (partition: the organisation that handled it), for the statistics.</summary>
    public const string Ratings = "Ratings";

    public const string AttachmentsContainer = "attachments";
    /// <summary>On one machine the queues that stand in for the notifications topic's subscriptions start with this.</summary>
    public const string NotificationsQueue = "notifications";

    /// <summary>
    /// On one machine: a queue per delivery channel and one for its dead letters (in Azure: the Service Bus subscriptions).
    /// </summary>
    public static readonly IReadOnlyList<string> LocalQueues =
        [$"{NotificationsQueue}-mail", $"{NotificationsQueue}-sms", $"{NotificationsQueue}-mail-deadletter",
         $"{NotificationsQueue}-sms-deadletter"];

    public static readonly IReadOnlyList<string> AllTables =
        [Cases, ReviewLinks, Deadlines, DocumentNumbers, Mailbox, Inbox, CaseIndex, Parks, VetYears, VetReminders, VetSessions, People,
         DirectoryChanges, CalendarYears, ProvisionalDeadlines, Deliveries, FailedSteps, Ratings];
}
