using System.Text.Json.Nodes;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Functions.Platform;

/// <summary>What other systems and operators need: the API description and a health check.</summary>
public sealed class PlatformFunctions(StorageAccount storage, ILogger<PlatformFunctions> logger)
{
    private static readonly Lazy<JsonObject> Document = new(() => OpenApi.Document(typeof(PlatformFunctions).Assembly));

    [Function(nameof(GetOpenApiDocument))]
    [ApiOperation("运维", "API 说明（OpenAPI 3.1）", ResponseType = typeof(JsonObject))]
    public IActionResult GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.OpenApiDocument)] HttpRequest req) =>
        new ContentResult { Content = Document.Value.ToJsonString(Json.Options), ContentType = "application/json; charset=utf-8", StatusCode = 200 };

    /// <summary>Liveness without touching storage: the cost of a function call itself (the benchmark's null function).</summary>
    [Function(nameof(Ping))]
    [ApiOperation("运维", "存活检查", Description = "不访问存储，只说明函数应用在运行。", Statuses = [204])]
    public IActionResult Ping([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Ping)] HttpRequest req) => new NoContentResult();

    /// <summary>Healthy when the storage account that holds every case answers (tables and blobs).</summary>
    [Function(nameof(CheckHealth))]
    [ApiOperation("运维", "健康检查", Description = "检查存储（表和 Blob）是否可用。", Statuses = [200, 503])]
    public async Task<IActionResult> CheckHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Health)] HttpRequest req)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(req.HttpContext.RequestAborted);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await foreach (var _ in storage.Table(StorageNames.Cases).QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1, cancellationToken: timeout.Token).AsPages())
                break;
            await storage.Blobs.GetBlobContainerClient(StorageNames.AttachmentsContainer).GetPropertiesAsync(cancellationToken: timeout.Token);
            return Api.Json(new { status = "healthy", storage = "ok" });
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or HttpRequestException)
        {
            logger.LogError(e, "Health check failed: storage does not answer");
            return Api.Json(new { status = "unhealthy", storage = "unavailable" }, StatusCodes.Status503ServiceUnavailable);
        }
    }
}
