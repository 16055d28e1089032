using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace LinfenFlows.Shared.Storage;

/// <summary>
/// The one storage account that holds LinfenFlows' state. Locally a connection string to Azurite; in Azure the account
/// name alone, reached with the app's managed identity (shared keys are off there).
/// </summary>
public sealed class StorageAccount
{
    // Azure.Storage.Blobs 12.30 asks for a service version newer than Azurite 3.37 knows; this one both understand.
    private const BlobClientOptions.ServiceVersion BlobVersion = BlobClientOptions.ServiceVersion.V2025_01_05;

    public StorageAccount(string connectionStringOrAccountName, TokenCredential? credential = null)
    {
        if (connectionStringOrAccountName.Contains('='))
        {
            Tables = new TableServiceClient(connectionStringOrAccountName);
            Blobs = new BlobServiceClient(connectionStringOrAccountName, new BlobClientOptions(BlobVersion));
            Queues = new QueueServiceClient(connectionStringOrAccountName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        }
        else
        {
            var name = connectionStringOrAccountName;
            credential ??= new DefaultAzureCredential();
            Tables = new TableServiceClient(new Uri($"https://{name}.table.core.windows.net"), credential);
            Blobs = new BlobServiceClient(new Uri($"https://{name}.blob.core.windows.net"), credential, new BlobClientOptions(BlobVersion));
            Queues = new QueueServiceClient(new Uri($"https://{name}.queue.core.windows.net"), credential);
        }
    }

    public TableServiceClient Tables { get; }
    public BlobServiceClient Blobs { get; }
    public QueueServiceClient Queues { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    /// <summary>Creates every table, container and queue LinfenFlows uses; safe to call on every start.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        foreach (var table in StorageNames.AllTables) await Tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        await Blobs.GetBlobContainerClient(StorageNames.AttachmentsContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Queues.GetQueueClient(StorageNames.NotificationsQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }
}

/// <summary>Every table, container and queue name, in one place.</summary>
public static class StorageNames
{
    /// <summary>One partition per case: the case row, its timeline, its review tasks and its outbox, so a step is one atomic batch.</summary>
    public const string Cases = "Cases";
    /// <summary>Review link tokens by hash.</summary>
    public const string ReviewLinks = "ReviewLinks";
    /// <summary>Reminder and deadline rows by Beijing date, so the morning sweep reads only what is due.</summary>
    public const string Deadlines = "Deadlines";
    /// <summary>Document number counters per issuer and year.</summary>
    public const string DocumentNumbers = "DocumentNumbers";
    /// <summary>Every notification that left through the local transport (the local mailbox page).</summary>
    public const string Mailbox = "Mailbox";

    public const string AttachmentsContainer = "attachments";
    public const string NotificationsQueue = "notifications";

    public static readonly IReadOnlyList<string> AllTables = [Cases, ReviewLinks, Deadlines, DocumentNumbers, Mailbox];
}
