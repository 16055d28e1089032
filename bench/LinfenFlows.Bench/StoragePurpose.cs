using System.Text.RegularExpressions;

namespace LinfenFlows.Bench;

/// <summary>
/// What a storage request is for, from its method and path alone (the proxy sees nothing else): the engine's own task hub
/// (history, instances, control and work-item queues, leases) apart from LinfenFlows' tables, and each table request as the
/// operation Azure bills and Azurite runs: a point read by PartitionKey and RowKey, a query (which Azurite answers by scanning),
/// a write of one row, or an entity-group transaction ($batch). Rows of the case partition are told apart by their RowKey's kind.
/// </summary>
public static partial class StoragePurpose
{
    /// <summary>Task hubs of the bench (the bare engine's and the local host's) are named bench…; everything else is ours.</summary>
    private const string HubPrefix = "bench";

    public static string Of(string service, string method, string path, string query)
    {
        // Azurite's paths begin with the account: /devstoreaccount1/{resource}...
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToArray();
        var resource = segments.FirstOrDefault() ?? "";
        return service switch
        {
            "table" => Table(method, resource, query),
            "queue" => Queue(method, resource, segments, query),
            _ => Blob(method, resource, query),
        };
    }

    private static string Table(string method, string resource, string query)
    {
        if (resource == "$batch") return "table $batch (one partition, several rows)";
        if (resource.StartsWith("Tables", StringComparison.Ordinal)) return "table create/list tables";
        var key = Key().Match(Uri.UnescapeDataString(resource));
        var table = key.Success ? key.Groups["table"].Value : resource.TrimEnd('(', ')');
        var owner = table.StartsWith(HubPrefix, StringComparison.OrdinalIgnoreCase)
            ? "engine " + table[(HubPrefix.Length + 10)..]
            : table;
        var lower = RangeStart().Match(query);
        var kind = key.Success ? RowKind(key.Groups["row"].Value) : lower.Success ? RowKind(lower.Groups["row"].Value) : "";
        var operation = (method, key.Success) switch
        {
            ("GET", true) => "point read",
            ("GET", false) => query.Contains("$filter", StringComparison.Ordinal) ? "query" : "query (whole table)",
            ("POST", _) => "insert",
            ("PUT", _) => "upsert/replace",
            ("MERGE", _) or ("PATCH", _) => "merge",
            ("DELETE", _) => "delete",
            _ => method,
        };
        return $"table {owner}{kind} {operation}";
    }

    /// <summary>
    /// The kind of a LinfenFlows row: the RowKey up to its first dash when that is a word or a year (case, task-…, event-…,
    /// outbox-…, key-…, 2026-…); a key of another shape (a person, a timestamp) is just a row.
    /// </summary>
    private static string RowKind(string rowKey)
    {
        var dash = rowKey.IndexOf('-');
        var head = dash < 0 ? rowKey : rowKey[..dash];
        var named = head.Length > 0 && (head.All(char.IsAsciiLetterLower) || (head.Length == 4 && head.All(char.IsAsciiDigit)));
        return !named ? " [row]" : dash < 0 ? $" [{head}]" : $" [{head}-…]";
    }

    private static string Queue(string method, string resource, string[] segments, string query)
    {
        var name = resource.StartsWith(HubPrefix, StringComparison.OrdinalIgnoreCase) && resource.Length > HubPrefix.Length + 10
            ? "engine " + Regex.Replace(resource[(HubPrefix.Length + 11)..], "-[0-9]+$", "")
            : resource;
        var operation = (method, segments.Length) switch
        {
            ("GET", _) when query.Contains("peekonly", StringComparison.OrdinalIgnoreCase) => "peek",
            ("GET", 2) => "receive",
            ("POST", _) => "send",
            ("DELETE", 3) => "delete message",
            ("PUT", 3) => "update message (visibility)",
            _ => $"{method} queue",
        };
        return $"queue {name} {operation}";
    }

    private static string Blob(string method, string container, string query)
    {
        var name = container.StartsWith(HubPrefix, StringComparison.OrdinalIgnoreCase) && container.Length > HubPrefix.Length + 10
            ? "engine " + container[(HubPrefix.Length + 11)..]
            : container;
        var operation = query.Contains("comp=lease", StringComparison.OrdinalIgnoreCase) ? "lease" : method.ToLowerInvariant();
        return $"blob {name} {operation}";
    }

    [GeneratedRegex(@"RowKey ge '(?<row>[^']*)'")]
    private static partial Regex RangeStart();

    [GeneratedRegex(@"^(?<table>[A-Za-z0-9]+)\(PartitionKey='(?<pk>[^']*)',\s*RowKey='(?<row>[^']*)'\)$")]
    private static partial Regex Key();
}
