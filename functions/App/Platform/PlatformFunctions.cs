using System.Text.Json.Nodes;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Workflows.Platform;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace LinfenFlows.Functions.Platform;

/// <summary>What other systems and operators need: the API description and a health check.</summary>
public sealed class PlatformFunctions(StorageAccount storage, CalendarWatch calendar, ILogger<PlatformFunctions> logger)
{
    private static readonly Lazy<JsonObject> Document = new(() => OpenApi.Document(typeof(PlatformFunctions).Assembly));

    [Function(nameof(GetOpenApiDocument))]
    [ApiOperation("运维", "API 说明（OpenAPI 3.1）", ResponseType = typeof(JsonObject))]
    public IActionResult GetOpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.OpenApiDocument)] HttpRequest req) =>
        new ContentResult
        {
            Content = Document.Value.ToJsonString(Json.Options), ContentType = "application/json; charset=utf-8", StatusCode = 200
        };

    /// <summary>Liveness without touching storage: the cost of a function call itself (the benchmark's null function).</summary>
    [Function(nameof(Ping))]
    [ApiOperation("运维", "存活检查", Description = "不访问存储，只说明函数应用在运行。", Statuses = [204])]
    public IActionResult Ping([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Ping)] HttpRequest req) =>
        new NoContentResult();

    /// <summary>
    /// Healthy when the storage account that holds every case answers (tables and blobs); unhealthy (503) with the reason
    /// otherwise — e.g. right after a first deployment, while the identity's role assignments still propagate — and healthy
    /// again by itself once they do. Also says where the working-day calendar stands.
    /// </summary>
    [Function(nameof(CheckHealth))]
    [ApiOperation("运维", "健康检查", Description = "检查存储（表和 Blob）是否可用，并说明节假日安排的状态（下一年通知是否已导入）。", Statuses = [200, 503])]
    public async Task<IActionResult> CheckHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Health)] HttpRequest req)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(req.HttpContext.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await foreach (var _ in storage.Table(StorageNames.Cases)
                .QueryAsync<Azure.Data.Tables.TableEntity>(maxPerPage: 1, cancellationToken: timeout.Token).AsPages())
                break;
            await storage.Blobs.GetBlobContainerClient(StorageNames.AttachmentsContainer)
                .GetPropertiesAsync(cancellationToken: timeout.Token);
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or HttpRequestException
            or Azure.Identity.AuthenticationFailedException)
        {
            logger.LogError(e, "Health check failed: storage does not answer");
            var reason = e switch
            {
                Azure.RequestFailedException { Status: 403 } => "存储拒绝访问（应用身份的角色分配可能仍在生效中）",
                Azure.RequestFailedException { Status: 404 } => "存储中缺少表或容器（请检查部署）",
                Azure.Identity.AuthenticationFailedException => "应用身份无法获取访问令牌",
                _ => "存储无响应",
            };
            return Api.Json(new { status = "unhealthy", storage = "unavailable", reason }, StatusCodes.Status503ServiceUnavailable);
        }
        var state = await calendar.StateAsync(timeout.Token);
        return Api.Json(new
        {
            status = "healthy", storage = "ok",
            calendar = new
            {
                officialYears = state.OfficialYears, nextYear = state.NextYear, nextYearOfficial = state.NextYearOfficial,
                summary = state.Summary
            },
        });
    }
}
