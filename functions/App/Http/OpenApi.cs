using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using LinfenFlows.Shared;
using Microsoft.Azure.Functions.Worker;

namespace LinfenFlows.Functions.Http;

/// <summary>Describes an HTTP function for the OpenAPI document; route and methods come from its trigger.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ApiOperationAttribute(string tag, string summary) : Attribute
{
    public string Tag { get; } = tag;
    public string Summary { get; } = summary;
    public string? Description { get; init; }
    /// <summary>application/json, multipart/form-data or application/x-www-form-urlencoded; null when there is no body.</summary>
    public string? RequestContentType { get; init; }
    public Type? RequestType { get; init; }
    /// <summary>application/json (with <see cref="ResponseType"/>), text/html or application/octet-stream.</summary>
    public string ResponseContentType { get; init; } = "application/json";
    public Type? ResponseType { get; init; }
    public int[] Statuses { get; init; } = [200];
}

/// <summary>
/// The OpenAPI 3.1 document of every HTTP function, built from the functions' own triggers and <see cref="ApiOperationAttribute"/>:
/// one source for routes, nothing to keep in step by hand. Schemas come from the .NET types; examples are in Chinese.
/// </summary>
public static class OpenApi
{
    private static readonly Dictionary<int, string> StatusText = new()
    {
        [200] = "成功", [201] = "已创建", [202] = "已受理", [204] = "成功（无内容）", [400] = "提交的内容有误（逐项说明字段和规则）", [401] = "未登录",
        [403] = "无权办理", [404] = "不存在或无权查看", [409] = "与办件当前状态冲突", [410] = "链接已过期或事项已关闭",
        [413] = "文件过大", [503] = "服务不可用",
    };

    public static JsonObject Document(Assembly functions)
    {
        var paths = new JsonObject();
        foreach (var (method, trigger, operation) in HttpFunctions(functions).OrderBy(f => f.Trigger.Route))
        {
            var path = "/" + Routes.Prefix + "/" + trigger.Route;
            if (paths[path] is not JsonObject item) paths[path] = item = new JsonObject();
            foreach (var verb in trigger.Methods!) item[verb.ToLowerInvariant()] = Operation(method, trigger, operation);
        }
        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "LinfenFlows 临汾市政务流程平台 API",
                ["version"] = "1.0",
                ["description"] = "办件由 HTTP 发起，审批人通过链接办理。调用者身份由 App Service 身份验证（Entra ID）在 X-MS-CLIENT-PRINCIPAL 请求头中给出；" +
                    "错误以 RFC 7807 problem+json 返回，中英文说明并逐项列出字段和规则。",
            },
            ["tags"] = new JsonArray(HttpFunctions(functions).Select(f => f.Operation.Tag).Distinct()
                .Select(t => (JsonNode)new JsonObject { ["name"] = t }).ToArray()),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["appServiceAuthentication"] = new JsonObject
                    {
                        ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-MS-CLIENT-PRINCIPAL",
                        ["description"] = "由 App Service 身份验证填写，调用方不能自行设置。"
                    },
                    ["functionKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-functions-key" },
                },
                ["schemas"] = new JsonObject { ["Problem"] = Schema(typeof(ProblemExample)) },
            },
        };
    }

    /// <summary>Every [Function] with an HTTP trigger in the assembly.</summary>
    public static IEnumerable<(MethodInfo Method, HttpTriggerAttribute Trigger, ApiOperationAttribute Operation)> HttpFunctions(
        Assembly functions) =>
        from type in functions.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
        let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)
        where trigger is not null && method.GetCustomAttribute<FunctionAttribute>() is not null
        select (method, trigger, method.GetCustomAttribute<ApiOperationAttribute>()
                                 ?? throw new InvalidOperationException(
                                     $"{method.DeclaringType!.Name}.{method.Name} has no [ApiOperation]: " +
                                     $"describe it for the API document."));

    private static JsonObject Operation(MethodInfo method, HttpTriggerAttribute trigger, ApiOperationAttribute op)
    {
        var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
        var operation = new JsonObject
        {
            ["operationId"] = name,
            ["tags"] = new JsonArray(op.Tag),
            ["summary"] = op.Summary,
            ["security"] = trigger.AuthLevel == AuthorizationLevel.Anonymous
                ? new JsonArray(new JsonObject { ["appServiceAuthentication"] = new JsonArray() }, new JsonObject())
                : new JsonArray(new JsonObject { ["functionKey"] = new JsonArray() }),
        };
        if (op.Description is not null) operation["description"] = op.Description;
        var parameters = new JsonArray();
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(trigger.Route ?? "", @"\{(\w+)\}"))
            parameters.Add(new JsonObject
            {
                ["name"] = m.Groups[1].Value, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" }
            });
        if (parameters.Count > 0) operation["parameters"] = parameters;
        if (op.RequestContentType is not null)
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject { [op.RequestContentType] = Media(op.RequestType, ApiExamples.Request(name)) },
            };
        var responses = new JsonObject();
        foreach (var status in op.Statuses)
        {
            if (status == 204)
            {
                responses["204"] = new JsonObject { ["description"] = StatusText[status] };
                continue;
            }
            var media = status is >= 400 and < 500 && op.ResponseContentType == "application/json"
                ? new JsonObject
                {
                    ["application/problem+json"] = new JsonObject
                    {
                        ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" }
                    }
                }
                : new JsonObject { [op.ResponseContentType] = Media(op.ResponseType, status < 300 ? ApiExamples.Response(name) : null) };
            responses[status.ToString()] = new JsonObject { ["description"] = StatusText[status], ["content"] = media };
        }
        operation["responses"] = responses;
        return operation;
    }

    private static JsonObject Media(Type? type, object? example)
    {
        var media = new JsonObject();
        if (type is not null) media["schema"] = Schema(type);
        if (example is not null) media["example"] = JsonSerializer.SerializeToNode(example, Json.Options);
        return media;
    }

    private static JsonNode Schema(Type type) => Json.Options.GetJsonSchemaAsNode(type);

    private sealed record ProblemExample(string Type, string Title, string TitleEn, int Status, string Detail, string Instance,
        IReadOnlyList<LinfenFlows.Shared.Problems.FieldError> Errors);
}
