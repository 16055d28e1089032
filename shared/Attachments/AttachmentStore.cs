using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;

namespace LinfenFlows.Shared.Attachments;

public sealed record Attachment(string Id, string FileName, string ContentType, long Size, string Sha256);

public sealed record AttachmentContent(Attachment Info, Stream Content);

/// <summary>A file as it arrived in a request, before any check.</summary>
public sealed record UploadedFile(string FileName, byte[] Content);

/// <summary>
/// Case files in Blob Storage, under the case: <c>{caseId}/{id}</c>. The type is read from the content, never trusted from
/// the name; the id is the start of the SHA-256, so storing the same file twice is one blob (uploads are idempotent).
/// </summary>
public sealed class AttachmentStore(StorageAccount storage, AttachmentPolicy policy)
{
    private readonly BlobContainerClient container = storage.Blobs.GetBlobContainerClient(StorageNames.AttachmentsContainer);

    /// <summary>Checks a file without storing it; throws a problem naming <paramref name="field"/> when it is refused.</summary>
    public static FileCheck Check(string field, string fileName, ReadOnlySpan<byte> content, AttachmentPolicy policy)
    {
        if (content.Length == 0)
            throw Problem.Invalid(field, "not-empty", "文件为空。", "The file is empty.");
        if (content.Length > policy.MaxBytes) throw Problem.TooLarge(field, policy.MaxBytes);
        if (FileSignatures.LooksMalicious(content))
            throw Problem.Invalid(field, "malware", "文件含有恶意代码特征，已拒收。", "The file carries a malware signature and was refused.");
        var type = FileSignatures.Detect(content);
        var extension = Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();
        if (type is null || !type.Extensions.Contains(extension))
            throw Problem.Invalid(field, "file-type",
                $"文件“{fileName}”的内容不是允许的类型（允许：PDF、OFD、Word、Excel、PNG、JPEG），或扩展名与内容不符。",
                $"The content of '{fileName}' is not an allowed type (PDF, OFD, Word, Excel, PNG, JPEG) or does not match its extension.");
        return new FileCheck(type.ContentType, Convert.ToHexStringLower(SHA256.HashData(content)));
    }

    public async Task<Attachment> SaveAsync(CaseId caseId, string field, string fileName, byte[] content, CancellationToken ct = default)
    {
        var check = Check(field, fileName, content, policy);
        return await StoreAsync(caseId, SafeFileName(fileName), check.ContentType, check.Sha256, content, ct);
    }

    public async Task<AttachmentContent?> OpenAsync(CaseId caseId, string attachmentId, CancellationToken ct = default)
    {
        if (attachmentId.Length is 0 or > 64 || !attachmentId.All(char.IsAsciiHexDigitLower)) return null;
        var blob = container.GetBlobClient($"{caseId}/{attachmentId}");
        try
        {
            var result = await blob.DownloadStreamingAsync(cancellationToken: ct);
            var details = result.Value.Details;
            return new AttachmentContent(new Attachment(attachmentId, FileNameOf(details.Metadata), details.ContentType,
                details.ContentLength, details.Metadata["sha256"]), result.Value.Content);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<Attachment>> ListAsync(CaseId caseId, CancellationToken ct = default)
    {
        var list = new List<Attachment>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = caseId + "/", Traits = BlobTraits.Metadata }, ct))
        {
            list.Add(new Attachment(item.Name[(caseId.Value.Length + 1)..], FileNameOf(item.Metadata), item.Properties.ContentType,
                item.Properties.ContentLength ?? 0, item.Metadata["sha256"]));
        }
        return list;
    }

    /// <summary>
    /// An official document as issued: the PDF (what is stored and sent) and its HTML view (for pages), both under the case.
    /// </summary>
    public async Task<(Attachment Pdf, Attachment View)> SaveDocumentAsync(CaseId caseId, string name,
        Documents.OfficialDocumentModel model, CancellationToken ct = default)
    {
        var pdf = await SaveGeneratedAsync(caseId, $"{name}.pdf", "application/pdf", Documents.Pdf.OfficialDocumentPdf.Render(model), ct);
        var view = await SaveGeneratedAsync(caseId, $"{name}（网页版）.html", "text/html; charset=utf-8",
            Encoding.UTF8.GetBytes(Documents.OfficialDocumentHtml.Render(model)), ct);
        return (pdf, view);
    }

    /// <summary>Stores a generated document (not an upload: its type is known).</summary>
    public Task<Attachment> SaveGeneratedAsync(CaseId caseId, string fileName, string contentType, byte[] content,
        CancellationToken ct = default) =>
        StoreAsync(caseId, fileName, contentType, Convert.ToHexStringLower(SHA256.HashData(content)), content, ct);

    // Blob metadata must be ASCII: the (Chinese) file name travels base64-encoded.
    private async Task<Attachment> StoreAsync(CaseId caseId, string fileName, string contentType, string sha256, byte[] content,
        CancellationToken ct)
    {
        var info = new Attachment(sha256[..20], fileName, contentType, content.Length, sha256);
        await container.GetBlobClient($"{caseId}/{info.Id}").UploadAsync(new BinaryData(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            Metadata = new Dictionary<string, string>
            {
                ["filename"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(fileName)), ["sha256"] = sha256
            },
        }, ct);
        return info;
    }

    private static string FileNameOf(IDictionary<string, string> metadata) =>
        Encoding.UTF8.GetString(Convert.FromBase64String(metadata["filename"]));

    private static string SafeFileName(string name)
    {
        var clean = new string(Path.GetFileName(name).Where(c => !char.IsControl(c) && c is not ('"' or '\\' or '/')).ToArray()).Trim();
        return clean.Length is > 0 and <= 120 ? clean : "附件" + Path.GetExtension(clean);
    }
}

public sealed record FileCheck(string ContentType, string Sha256);

public sealed record AttachmentPolicy(long MaxBytes)
{
    public static readonly AttachmentPolicy Default = new(20 * 1024 * 1024);
}

/// <summary>The file types government documents arrive in, recognised by their first bytes.</summary>
public static class FileSignatures
{
    public sealed record FileType(string ContentType, string[] Extensions);

    private static readonly FileType Pdf = new("application/pdf", ["pdf"]);
    private static readonly FileType Png = new("image/png", ["png"]);
    private static readonly FileType Jpeg = new("image/jpeg", ["jpg", "jpeg"]);
    private static readonly FileType Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ["docx"]);
    private static readonly FileType Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ["xlsx"]);
    private static readonly FileType Ofd = new("application/ofd", ["ofd"]);

    private static readonly byte[] Eicar = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"u8.ToArray();

    public static FileType? Detect(ReadOnlySpan<byte> c)
    {
        if (c.StartsWith("%PDF-"u8)) return Pdf;
        if (c.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return Png;
        if (c.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return Jpeg;
        if (c.StartsWith("PK\x03\x04"u8))
        {
            // Office Open XML and OFD are zip packages; tell them apart by the entries they must contain.
            if (c.IndexOf("word/"u8) >= 0) return Docx;
            if (c.IndexOf("xl/"u8) >= 0) return Xlsx;
            if (c.IndexOf("OFD.xml"u8) >= 0) return Ofd;
        }
        return null;
    }

    public static bool LooksMalicious(ReadOnlySpan<byte> c) =>
        c.StartsWith("MZ"u8) || c.StartsWith((ReadOnlySpan<byte>)[0x7F, 0x45, 0x4C, 0x46]) || c.IndexOf(Eicar) >= 0;
}
