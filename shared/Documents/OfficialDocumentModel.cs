namespace LinfenFlows.Shared.Documents;

/// <summary>The two layouts of GB/T 9704-2012 the city's documents use.</summary>
public enum DocumentFormat
{
    /// <summary>信函格式 (10.1): the issuer's mark at the top, red double lines top and bottom; for 函 and 批复 such as 临政函.</summary>
    Letter,

    /// <summary>文件格式: the mark "…文件", the 发文字号 under it and the red separator line; for 报告, 通知 and the like.</summary>
    Document,
}

/// <summary>
/// An official document (公文) as its parts, in the order GB/T 9704-2012 puts them: 版头 (mark, number, 签发人), 主体 (title,
/// addressee, body, attachments, signature, date, note) and 版记 (copied-to, printed by and on). One model gives both the PDF
/// (<see cref="Pdf.OfficialDocumentPdf"/>) and the HTML view (<see cref="OfficialDocumentHtml"/>), so the two read the same.
/// </summary>
public sealed record OfficialDocumentModel
{
    public required DocumentFormat Format { get; init; }

    /// <summary>发文机关标志, printed in red: "临汾市人民政府" for a letter, "临汾市应急管理局文件" for a document.</summary>
    public required string IssuerMark { get; init; }

    /// <summary>发文字号; null only for a draft whose number is given when it is registered (the line stays blank).</summary>
    public DocumentNumber? Number { get; init; }

    /// <summary>签发人, which an upward document (请示, 报告) must carry; it moves the number to the left.</summary>
    public string? Signer { get; init; }

    /// <summary>标题; a '\n' breaks it where the meaning allows, otherwise it is broken into balanced lines.</summary>
    public required string Title { get; init; }

    /// <summary>主送机关, without the closing full-width colon (it is added).</summary>
    public required string Addressee { get; init; }

    public required IReadOnlyList<DocumentBlock> Body { get; init; }

    /// <summary>附件 names, without numbers or closing punctuation (附件说明 numbers them when there are several).</summary>
    public IReadOnlyList<string> Attachments { get; init; } = [];

    /// <summary>发文机关署名.</summary>
    public required string Signature { get; init; }

    /// <summary>成文日期, written in Arabic numerals: 2026年12月2日.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>附注 such as 此件公开发布, without its parentheses (they are added).</summary>
    public string? Note { get; init; }

    /// <summary>抄送机关, in order; the list is closed with a full stop.</summary>
    public IReadOnlyList<string> CopiedTo { get; init; } = [];

    /// <summary>印发机关 of the 版记; the letter format has none (GB/T 9704 10.1), so it is ignored there.</summary>
    public string? PrintedBy { get; init; }

    /// <summary>印发日期 of the 版记; ignored in the letter format like <see cref="PrintedBy"/>.</summary>
    public DateOnly? PrintedOn { get; init; }

    /// <summary>A date as GB/T 9704 writes it: full year, no leading zeros.</summary>
    public static string FormatDate(DateOnly day) => $"{day.Year}年{day.Month}月{day.Day}日";

    /// <summary>
    /// Numbers the body's items in the standard's sequence 一、（一）1.（1）: each level counts on until an item of a higher
    /// level starts it again; paragraphs and tables between items do not.
    /// </summary>
    public IEnumerable<(DocumentBlock Block, string? Ordinal)> NumberedBody()
    {
        var counters = new int[5];
        foreach (var block in Body)
        {
            if (block is not NumberedItem item)
            {
                yield return (block, null);
                continue;
            }
            var level = Math.Clamp(item.Level, 1, 4);
            counters[level]++;
            for (var deeper = level + 1; deeper <= 4; deeper++) counters[deeper] = 0;
            yield return (block, Ordinal(level, counters[level]));
        }
    }

    /// <summary>The ordinal of the n-th item of a level: 一、 （一） 1. （1）.</summary>
    public static string Ordinal(int level, int n) => level switch
    {
        1 => $"{ChineseNumber(n)}、",
        2 => $"（{ChineseNumber(n)}）",
        3 => $"{n}.",
        _ => $"（{n}）",
    };

    private static string ChineseNumber(int n)
    {
        const string digits = "〇一二三四五六七八九";
        if (n is < 1 or > 99) return n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (n < 10) return digits[n].ToString();
        var tens = n / 10 == 1 ? "十" : $"{digits[n / 10]}十";
        return n % 10 == 0 ? tens : tens + digits[n % 10];
    }
}

/// <summary>A part of the body (正文).</summary>
public abstract record DocumentBlock;

/// <summary>A paragraph, indented two characters.</summary>
public sealed record DocumentParagraph(string Text) : DocumentBlock;

/// <summary>
/// An item of the standard's numbering (level 1–4, numbered by <see cref="OfficialDocumentModel.NumberedBody"/>). Its ordinal
/// and <paramref name="LeadIn"/> are set in the level's face (1 黑体, 2 楷体, 3–4 仿宋); the text that follows in 仿宋.
/// </summary>
public sealed record NumberedItem(int Level, string Text, string? LeadIn = null) : DocumentBlock;

/// <summary>A table with a header row; <paramref name="Widths"/> are relative column widths (equal when null).</summary>
public sealed record DocumentTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows,
    IReadOnlyList<double>? Widths = null) : DocumentBlock;
