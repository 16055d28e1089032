using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Problems;
using LinfenFlows.Shared.Storage;

namespace LinfenFlows.Shared.Attachments;

/// <summary>A file of a case: an upload (with what it is, who sent it and when) or a document the system issued.</summary>
public sealed record Attachment(string Id, string FileName, string ContentType, long Size, string Sha256, string? Kind = null,
    string? UploadedBy = null, DateTimeOffset? UploadedAt = null);

public sealed record AttachmentContent(Attachment Info, Stream Content);

/// <summary>A file as it arrived in a request, before any check.</summary>
public sealed record UploadedFile(string FileName, byte[] Content)
{
    /// <summary>Who sent a file, as its record shows it: the person and their organisation.</summary>
    public static string SentBy(Identity.Caller c) => $"{Identity.Organisations.NameOf(c.Organisation)} {c.Name}".Trim();

    /// <inheritdoc cref="SentBy(Identity.Caller)"/>
    public static string SentBy(Cases.Actor a) => $"{Identity.Organisations.NameOf(a.Organisation)} {a.Name}".Trim();
}

/// <summary>
/// Case files in Blob Storage, under the case: <c>{caseId}/{id}</c>. The type is read from the content, never trusted from
/// the name. Every upload is its own attachment — identical bytes sent as two materials are two files, each with its name,
/// kind, uploader and time — and its id derives from the form field and the content, so a retried upload is the same one
/// and keeps its first record. A document the system issued is identified by its content.
/// </summary>
public sealed class AttachmentStore(StorageAccount storage, AttachmentPolicy policy, TimeProvider clock)
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

    /// <param name="field">The form field it came in (named in a refusal): one attachment per field and content.</param>
    /// <param name="kind">What it is, as people read it: 事故调查报告, 申请函件, 实地考察记录.</param>
    /// <param name="uploadedBy">Who sent it, as people read it (a name, and whom for).</param>
    public Task<Attachment> SaveAsync(CaseId caseId, string field, UploadedFile file, string kind, string uploadedBy,
        CancellationToken ct = default) => SaveAsync(caseId, field, slot: field, file, kind, uploadedBy, ct);

    /// <param name="slot">
    /// Where the upload belongs when one form field is sent on several occasions of a case (<c>result-{task}</c>, a
    /// resubmission's <c>material1-2</c>): the same bytes in two slots are two attachments, a refusal still names the field.
    /// </param>
    public async Task<Attachment> SaveAsync(CaseId caseId, string field, string slot, UploadedFile file, string kind,
        string uploadedBy, CancellationToken ct = default)
    {
        var check = Check(field, file.FileName, file.Content, policy);
        var id = IdOf(slot, check.Sha256);
        var info = new Attachment(id, SafeFileName(file.FileName), check.ContentType, file.Content.Length, check.Sha256, kind, uploadedBy,
            clock.GetUtcNow());
        var blob = container.GetBlobClient($"{caseId}/{id}");
        try
        {
            await blob.UploadAsync(new BinaryData(file.Content), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = info.ContentType }, Metadata = MetadataOf(info),
                Conditions = new BlobRequestConditions { IfNoneMatch = Azure.ETag.All },
            }, ct);
            return info;
        }
        catch (Azure.RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Sent before (a retried request): the first record stands.
            var properties = await blob.GetPropertiesAsync(cancellationToken: ct);
            return InfoOf(id, properties.Value.Metadata, properties.Value.ContentType, properties.Value.ContentLength);
        }
    }

    /// <summary>The id an upload of this content in this slot (by default its form field) gets.</summary>
    public static string IdOf(string slot, string sha256) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{slot}|{sha256}")))[..20];

    public async Task<AttachmentContent?> OpenAsync(CaseId caseId, string attachmentId, CancellationToken ct = default)
    {
        if (attachmentId.Length is 0 or > 64 || !attachmentId.All(char.IsAsciiHexDigitLower)) return null;
        var blob = container.GetBlobClient($"{caseId}/{attachmentId}");
        try
        {
            var result = await blob.DownloadStreamingAsync(cancellationToken: ct);
            var details = result.Value.Details;
            return new AttachmentContent(InfoOf(attachmentId, details.Metadata, details.ContentType, details.ContentLength),
                result.Value.Content);
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
            list.Add(InfoOf(item.Name[(caseId.Value.Length + 1)..], item.Metadata, item.Properties.ContentType,
                item.Properties.ContentLength ?? 0));
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

    private async Task<Attachment> StoreAsync(CaseId caseId, string fileName, string contentType, string sha256, byte[] content,
        CancellationToken ct)
    {
        var info = new Attachment(sha256[..20], fileName, contentType, content.Length, sha256);
        await container.GetBlobClient($"{caseId}/{info.Id}").UploadAsync(new BinaryData(content), new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType }, Metadata = MetadataOf(info),
        }, ct);
        return info;
    }

    // Blob metadata must be ASCII: the (Chinese) texts travel base64-encoded.
    private static Dictionary<string, string> MetadataOf(Attachment a)
    {
        var metadata = new Dictionary<string, string> { ["filename"] = Base64(a.FileName), ["sha256"] = a.Sha256 };
        if (a.Kind is not null) metadata["kind"] = Base64(a.Kind);
        if (a.UploadedBy is not null) metadata["uploadedby"] = Base64(a.UploadedBy);
        if (a.UploadedAt is { } at)
            metadata["uploadedat"] = at.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        return metadata;
    }

    private static Attachment InfoOf(string id, IDictionary<string, string> m, string contentType, long size) =>
        new(id, Text(m, "filename")!, contentType, size, m["sha256"], Text(m, "kind"), Text(m, "uploadedby"),
            m.TryGetValue("uploadedat", out var at) ? DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture) : null);

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string? Text(IDictionary<string, string> m, string key) =>
        m.TryGetValue(key, out var v) ? Encoding.UTF8.GetString(Convert.FromBase64String(v)) : null;

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
