using System.Text;
using LinfenFlows.Shared.Problems;

namespace LinfenFlows.Shared;

/// <summary>One data line of an uploaded CSV file: its line number as people count (the header is line 1) and its cells.</summary>
public sealed class CsvRow(int line, IReadOnlyDictionary<string, string> cells)
{
    public int Line { get; } = line;

    /// <summary>The trimmed cell of a column, or null when it is empty.</summary>
    public string? this[string column] => cells.TryGetValue(column, out var value) && value.Length > 0 ? value : null;

    /// <summary>The field name errors of this row use: <c>rows[3].mail</c>.</summary>
    public string Field(string column) => $"rows[{Line}].{column}";

    /// <summary>How the Chinese message names the row: 第3行.</summary>
    public string Where => $"第{Line}行";
}

/// <summary>
/// Reads the CSV files that offices upload (rosters, the directory): RFC 4180 quoting, the byte-order mark spreadsheet
/// programs write for “CSV UTF-8”, CRLF or LF. The header must name exactly the expected columns, in order; every line that
/// is wrong is reported by line and column at once, and nothing is returned unless every line is well formed.
/// </summary>
public static class Csv
{
    /// <summary>At most this many data lines in one upload.</summary>
    public const int MaxRows = 20_000;

    /// <summary>The largest CSV upload (20,000 lines of a roster or directory fit).</summary>
    public const long MaxBytes = 8 * 1024 * 1024;

    public static IReadOnlyList<CsvRow> Read(string? text, IReadOnlyList<string> columns, string field, string what)
    {
        var lines = Lines((text ?? "").TrimStart('\uFEFF')).Where(l => l.Cells.Any(c => c.Length > 0)).ToList();
        var v = new Validator();
        if (lines.Count < 2 || !lines[0].Cells.SequenceEqual(columns))
        {
            v.Add(new FieldError(field, "csv-header", $"{what}第一行应为列名：{string.Join(",", columns)}，其后每行一条记录。",
                $"The first line must be the header {string.Join(",", columns)}, followed by one line per record."));
            v.ThrowIfInvalid();
        }
        if (lines.Count - 1 > MaxRows)
            throw Problem.Invalid(field, "max-rows", $"{what}一次最多{MaxRows}行，请分批上传。", $"At most {MaxRows} lines per upload.");
        var rows = new List<CsvRow>();
        foreach (var (number, cells, error) in lines.Skip(1))
        {
            if (error is not null)
                v.Add(new FieldError($"rows[{number}]", "csv-quote", $"第{number}行{error}", $"Line {number}: unbalanced quotes."));
            else if (cells.Count != columns.Count)
                v.Add(new FieldError($"rows[{number}]", "columns", $"第{number}行应有{columns.Count}列，实为{cells.Count}列。",
                    $"Line {number} must have {columns.Count} columns, it has {cells.Count}."));
            else if (cells.Any(c => c.Any(char.IsControl)))
                v.Add(new FieldError($"rows[{number}]", "control-characters", $"第{number}行含有不可见的控制字符。",
                    $"Line {number} has control characters."));
            else
                rows.Add(new CsvRow(number, columns.Select((c, i) => (c, cells[i])).ToDictionary(x => x.c, x => x.Item2)));
        }
        v.ThrowIfInvalid();
        return rows;
    }

    /// <summary>Splits the text into lines of cells; a quoted cell may hold commas, quotes ("") and line breaks.</summary>
    private static IEnumerable<(int Number, IReadOnlyList<string> Cells, string? Error)> Lines(string text)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        var line = 1;
        var start = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else
                {
                    if (c == '\n') line++;
                    if (c != '\r') cell.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"' when cell.ToString().Trim().Length == 0: cell.Clear(); quoted = true; break;
                case ',': cells.Add(cell.ToString().Trim()); cell.Clear(); break;
                case '\r': break;
                case '\n':
                    cells.Add(cell.ToString().Trim());
                    yield return (start, cells, null);
                    cells = []; cell.Clear(); line++; start = line;
                    break;
                default: cell.Append(c); break;
            }
        }
        if (quoted) { yield return (start, cells, "的引号没有成对闭合。"); yield break; }
        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString().Trim());
            yield return (start, cells, null);
        }
    }
}
