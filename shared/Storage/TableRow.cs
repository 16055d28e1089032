using Azure;
using Azure.Data.Tables;

namespace LinfenFlows.Shared.Storage;

/// <summary>The keys and concurrency stamp every typed table row carries.</summary>
public abstract class TableRow : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }
}
