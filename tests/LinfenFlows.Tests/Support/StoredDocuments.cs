using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Tests.Documents;

namespace LinfenFlows.Tests.Support;

public static class StoredDocuments
{
    /// <summary>
    /// The text of a document the system stored (a reply, a report) as a reader of the PDF sees it: read back with PdfPig,
    /// in reading order, spaces and line breaks left out.
    /// </summary>
    public static async Task<string> TextAsync(this WorkflowHost host, string caseId, string attachmentId)
    {
        var file = await host.Get<AttachmentStore>().OpenAsync(new CaseId(caseId), attachmentId)
                   ?? throw new InvalidOperationException($"Case {caseId} has no attachment {attachmentId}.");
        using var bytes = new MemoryStream();
        await file.Content.CopyToAsync(bytes);
        Assert.Equal("application/pdf", file.Info.ContentType);
        return new PdfReader(bytes.ToArray()).AllText;
    }

    /// <summary>The text of a PDF served over HTTP (a reply downloaded from the case page), as its reader sees it.</summary>
    public static async Task<string> PdfTextAsync(this HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        return new PdfReader(await response.Content.ReadAsByteArrayAsync()).AllText;
    }
}
