using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
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
    /// <summary>application/json or text/csv (with <see cref="RequestType"/>); null when the body is only a form, or none.</summary>
    public string? RequestContentType { get; init; }
    public Type? RequestType { get; init; }
    /// <summary>
    /// The fields of a form body: a record whose <see cref="FilePart"/> properties are files (then multipart/form-data only),
    /// whose object properties are JSON parts, and whose other properties are plain fields (then URL-encoded too).
    /// </summary>
    public Type? FormType { get; init; }
    /// <summary>The form comes from a page (same origin) and is answered with a page; a JSON or CSV body gets JSON.</summary>
    public bool PageForm { get; init; }
    /// <summary>The query parameters: one per property of this type, optional unless marked [Required].</summary>
    public Type? QueryType { get; init; }
    /// <summary>application/json (with <see cref="ResponseType"/>), text/html, text/csv or application/octet-stream.</summary>
    public string ResponseContentType { get; init; } = "application/json";
    public Type? ResponseType { get; init; }
    /// <summary>What else a success may come as, by the request's Accept header (a page for a browser).</summary>
    public string[] AlsoRespondsWith { get; init; } = [];
    /// <summary>How refusals come when not as the success does: text/html for a link opened in a browser.</summary>
    public string? ErrorContentType { get; init; }
    public int[] Statuses { get; init; } = [200];
}

/// <summary>A file field of a form, for the API document (a binary part).</summary>
public sealed class FilePart;

/// <summary>
/// The OpenAPI 3.1 document of every HTTP function, built from the functions' own triggers and <see cref="ApiOperationAttribute"/>:
/// one source for routes, nothing to keep in step by hand. Schemas come from the .NET types, read as the API reads bodies
/// (numbers as numbers, no unknown fields); examples are in Chinese.
/// </summary>
public static class OpenApi
{
    private static readonly Dictionary<int, string> StatusText = new()
    {
        [200] = "成功", [201] = "已创建", [202] = "已受理", [204] = "成功（无内容）", [400] = "提交的内容有误（逐项说明字段和规则）", [401] = "未登录",
        [403] = "无权办理", [404] = "不存在或无权查看", [409] = "与办件当前状态冲突", [410] = "链接已过期或事项已关闭",
        [413] = "文件过大", [500] = "意外错误（附关联编号，不含内部细节；已记录日志）", [503] = "服务不可用",
    };

    /// <summary>Every tag an operation uses, with what it covers; a new tag needs its line here.</summary>
    private static readonly Dictionary<string, string> TagText = new()
    {
        ["事故调查报告批复"] = "市应急管理局报送事故调查报告的请示，市人民政府审批、批复（临政函），以及批复后的移送、整改和公开。",
        ["人力资源服务产业园"] = "市级人力资源服务产业园的申报、县级审核、专家评估、实地考察、公示和异议、审定批复，以及年度评估和分园区变更。",
        ["官方兽医培训"] = "官方兽医的登记、岗前和年度培训学时（线上平台、线下培训、外部证书）、考试、年度结果和统计。",
        ["办件"] = "办件的查询、进度和材料，供办件各方查看。",
        ["办理链接"] = "邮件和短信中发给承办人的一次性办理链接：只读页面和提交表单。",
        ["待办"] = "登录人员的待办事项，督办人员查看和改派本单位的事项。",
        ["单位和人员目录"] = "单位、人员、角色和委托（代理）：导入、查看和变更，全部记录变更人。",
        ["好差评"] = "办结后的办件评价、差评整改和各办理单位的统计。",
        ["请示批复"] = "县级人民政府和市政府工作部门向市人民政府报送请示：市政府办公室登记拟办，有关部门会签，分管副市长审签，印发批复（临政函）。",
        ["定期报送"] = "市大气办发起的定期报送（如每周四报送攻坚进展）：各期报送情况、未报送单位和各单位报送记录。",
        ["运维"] = "运维人员和系统调用：API 说明、健康检查、节假日安排、办件管控、投递和定时任务的立即执行（函数密钥）。",
    };

    /// <summary>As the API reads a body: strict numbers, no unknown fields, nullable only where the type says so.</summary>
    private static readonly JsonSerializerOptions RequestJson = new(Json.Strict)
    {
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
    };

    /// <summary>As the API writes a body: numbers as numbers, nullable only where the type says so.</summary>
    private static readonly JsonSerializerOptions ResponseJson = new(Json.Options)
    {
        NumberHandling = JsonNumberHandling.Strict,
        RespectNullableAnnotations = true,
    };

    public static JsonObject Document(Assembly functions)
    {
        var operations = HttpFunctions(functions).OrderBy(f => f.Trigger.Route).ToList();
        var paths = new JsonObject();
        foreach (var (method, trigger, operation) in operations)
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
                    "错误以 RFC 7807 problem+json 返回（页面以中文页面说明），中英文说明并逐项列出字段和规则。",
                ["license"] = new JsonObject
                {
                    ["name"] = "临汾市人民政府所有，未经许可不得使用（proprietary）", ["identifier"] = "LicenseRef-LinfenFlows-Proprietary",
                },
            },
            ["servers"] = new JsonArray(new JsonObject
            {
                ["url"] = "/", ["description"] = "提供本说明的函数应用（路径均以 /api 开头）",
            }),
            ["tags"] = new JsonArray(operations.Select(f => f.Operation.Tag).Distinct()
                .Select(t => (JsonNode)new JsonObject
                {
                    ["name"] = t,
                    ["description"] = TagText.TryGetValue(t, out var text) ? text
                        : throw new InvalidOperationException($"The tag {t} has no description in OpenApi.TagText."),
                }).ToArray()),
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
                    ["functionKey"] = new JsonObject
                    {
                        ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-functions-key",
                        ["description"] = "函数密钥（或主密钥），由运维人员发给对接系统。",
                    },
                },
                ["schemas"] = new JsonObject { ["Problem"] = Schema(typeof(ProblemExample), response: true) },
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
        var keyed = trigger.AuthLevel != AuthorizationLevel.Anonymous;
        var operation = new JsonObject
        {
            ["operationId"] = name,
            ["tags"] = new JsonArray(op.Tag),
            ["summary"] = op.Summary,
            ["security"] = keyed
                ? new JsonArray(new JsonObject { ["functionKey"] = new JsonArray() })
                : new JsonArray(new JsonObject { ["appServiceAuthentication"] = new JsonArray() }, new JsonObject()),
        };
        if (op.Description is not null) operation["description"] = op.Description;
        var parameters = new JsonArray();
        foreach (Match m in Regex.Matches(trigger.Route ?? "", @"\{(\w+)\}"))
            parameters.Add(new JsonObject
            {
                ["name"] = m.Groups[1].Value, ["in"] = "path", ["required"] = true,
                ["schema"] = new JsonObject { ["type"] = "string", ["minLength"] = 1 },
            });
        foreach (var (field, schema, required) in Fields(op.QueryType))
            parameters.Add(new JsonObject { ["name"] = field, ["in"] = "query", ["required"] = required, ["schema"] = schema });
        if (parameters.Count > 0) operation["parameters"] = parameters;
        if (RequestBody(op, ApiExamples.Request(name)) is { } body) operation["requestBody"] = body;
        var responses = new JsonObject();
        foreach (var status in op.Statuses.Append(500).Distinct().Order())
            responses[status.ToString()] = Response(op, keyed, status, status < 300 ? ApiExamples.Response(name) : null);
        operation["responses"] = responses;
        return operation;
    }

    private static JsonObject? RequestBody(ApiOperationAttribute op, object? example)
    {
        var content = new JsonObject();
        if (op.RequestContentType is not null)
            content[op.RequestContentType] = op.RequestContentType == "text/csv"
                ? new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } }
                : new JsonObject { ["schema"] = Schema(op.RequestType ?? typeof(JsonObject), response: false) };
        if (op.FormType is not null)
        {
            var fields = Fields(op.FormType).ToList();
            var form = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = new JsonObject(fields.Select(f => KeyValuePair.Create(f.Name, (JsonNode?)f.Schema))),
            };
            var required = fields.Where(f => f.Required).Select(f => (JsonNode)f.Name).ToArray();
            if (required.Length > 0) form["required"] = new JsonArray(required);
            var encoding = new JsonObject(fields.Where(f => f.Schema["type"]?.ToString() is "object" || IsJsonPart(f.Schema))
                .Select(f => KeyValuePair.Create(f.Name, (JsonNode?)new JsonObject { ["contentType"] = "application/json" })));
            var multipart = new JsonObject { ["schema"] = form };
            if (encoding.Count > 0) multipart["encoding"] = encoding;
            content["multipart/form-data"] = multipart;
            // A browser posts a form without a file URL-encoded; one with a file it must send as multipart.
            if (!fields.Any(f => f.Required && f.Schema["format"]?.ToString() == "binary"))
            {
                var urlEncoded = new JsonObject { ["schema"] = form.DeepClone() };
                if (encoding.Count > 0) urlEncoded["encoding"] = encoding.DeepClone();
                content["application/x-www-form-urlencoded"] = urlEncoded;
            }
        }
        if (content.Count == 0) return null;
        if (example is not null) ((JsonObject)content.First().Value!)["example"] = JsonSerializer.SerializeToNode(example, Json.Options);
        return new JsonObject { ["required"] = true, ["content"] = content };
    }

    private static bool IsJsonPart(JsonNode schema) =>
        schema["type"] is JsonArray types ? types.Any(t => t?.ToString() is "object" or "array") : schema["type"]?.ToString() == "array";

    private static JsonObject Response(ApiOperationAttribute op, bool keyed, int status, object? example)
    {
        var response = new JsonObject { ["description"] = StatusText[status] };
        if (status == 204) return response;
        if (status == 401 && keyed)
        {
            // The host itself refuses a call without the key, before the function runs: no body.
            response["description"] = "缺少或错误的函数密钥（无内容）";
            return response;
        }
        var content = new JsonObject();
        if (status < 300)
        {
            content[op.ResponseContentType] = Media(op.ResponseContentType, op.ResponseType, example);
            foreach (var other in op.AlsoRespondsWith.Concat(op.PageForm ? ["text/html"] : []))
                content[other] = Media(other, null, null);
        }
        else
        {
            var page = op.ErrorContentType == "text/html" || op.ResponseContentType == "text/html";
            if (!page)
                content["application/problem+json"] = new JsonObject
                {
                    ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" }
                };
            if (page || op.PageForm || op.AlsoRespondsWith.Contains("text/html"))
                content["text/html"] = Media("text/html", null, null);
        }
        response["content"] = content;
        return response;
    }

    private static JsonObject Media(string contentType, Type? type, object? example)
    {
        var media = new JsonObject
        {
            ["schema"] = contentType switch
            {
                "application/json" => Schema(type ?? typeof(JsonObject), response: true),
                "application/octet-stream" => new JsonObject { ["type"] = "string", ["format"] = "binary" },
                _ => new JsonObject { ["type"] = "string" },
            },
        };
        if (example is not null) media["example"] = JsonSerializer.SerializeToNode(example, Json.Options);
        return media;
    }

    /// <summary>The properties of a form or query type as named fields, each with its schema and whether it must be given.</summary>
    private static IEnumerable<(string Name, JsonNode Schema, bool Required)> Fields(Type? type)
    {
        if (type is null) yield break;
        var nullability = new NullabilityInfoContext();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = Json.Options.PropertyNamingPolicy!.ConvertName(property.Name);
            var required = Attribute<RequiredAttribute>(property, type) is not null;
            var schema = property.PropertyType == typeof(FilePart)
                ? new JsonObject { ["type"] = "string", ["format"] = "binary" }
                : Schema(property.PropertyType, response: false);
            // A field left out is simply absent; null is never sent in a form or a query.
            if (schema["type"] is JsonArray types && nullability.Create(property).ReadState == NullabilityState.Nullable)
            {
                var rest = types.Where(t => t?.ToString() != "null").Select(t => t!.DeepClone()).ToArray();
                schema["type"] = rest.Length == 1 ? rest[0] : new JsonArray(rest);
            }
            Constrain((JsonObject)schema, property, type);
            yield return (name, schema, required);
        }
    }

    private static JsonNode Schema(Type type, bool response)
    {
        var schema = (response ? ResponseJson : RequestJson).GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = (context, node) => Transform(context, node, response),
        });
        return Inline(schema, schema);
    }

    /// <summary>
    /// The exporter points a type it meets twice at its first place (<c>#/properties/…</c>), which means nothing once the
    /// schema sits inside the document: each such reference becomes a copy of what it points at.
    /// </summary>
    private static JsonNode Inline(JsonNode node, JsonNode root, int depth = 0)
    {
        if (depth > 32) throw new InvalidOperationException("A schema refers to itself; the API document cannot inline it.");
        switch (node)
        {
            case JsonObject o when o["$ref"]?.GetValue<string>() is { } pointer && pointer.StartsWith("#/", StringComparison.Ordinal):
                var target = pointer[2..].Split('/').Aggregate((JsonNode?)root, (n, part) => n?[part.Replace("~1", "/").Replace("~0", "~")])
                    ?? throw new InvalidOperationException($"The schema's reference {pointer} points nowhere.");
                var copy = Inline(target.DeepClone(), root, depth + 1);
                if (copy is JsonObject c)
                    foreach (var (key, value) in o.Where(p => p.Key != "$ref").ToList()) c[key] = value?.DeepClone();
                return copy;
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                    if (o[key] is { } child) o[key] = Inline(child.DeepClone(), root, depth);
                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                    if (a[i] is { } item) a[i] = Inline(item.DeepClone(), root, depth);
                return a;
            default:
                return node;
        }
    }

    /// <summary>
    /// What the types alone do not say: every field of a response is always there; a request field marked [Required] must be
    /// given and is never null, and [Range], [MaxLength] and [AllowedValues] are stated as the API checks them.
    /// </summary>
    private static JsonNode Transform(JsonSchemaExporterContext context, JsonNode node, bool response)
    {
        if (context.TypeInfo.Type == typeof(FilePart)) return new JsonObject { ["type"] = "string", ["format"] = "binary" };
        if (node is not JsonObject schema) return node;
        if (context.PropertyInfo is null && context.TypeInfo.Kind == JsonTypeInfoKind.Object && schema["properties"] is JsonObject)
        {
            var required = context.TypeInfo.Properties
                .Where(p => response || Attribute<RequiredAttribute>(p) is not null).Select(p => (JsonNode)p.Name).ToArray();
            schema.Remove("required");
            if (required.Length > 0) schema["required"] = new JsonArray(required);
        }
        if (context.PropertyInfo is { } property && !response)
        {
            if (Attribute<RequiredAttribute>(property) is not null && schema["type"] is JsonArray types)
            {
                var rest = types.Where(t => t?.ToString() != "null").Select(t => t!.DeepClone()).ToArray();
                schema["type"] = rest.Length == 1 ? rest[0] : new JsonArray(rest);
            }
            Constrain(schema, Attribute<RangeAttribute>(property), Attribute<MinLengthAttribute>(property),
                Attribute<MaxLengthAttribute>(property), Attribute<AllowedValuesAttribute>(property));
        }
        return schema;
    }

    private static void Constrain(JsonObject schema, PropertyInfo property, Type owner) =>
        Constrain(schema, Attribute<RangeAttribute>(property, owner), Attribute<MinLengthAttribute>(property, owner),
            Attribute<MaxLengthAttribute>(property, owner), Attribute<AllowedValuesAttribute>(property, owner));

    private static void Constrain(JsonObject schema, RangeAttribute? range, MinLengthAttribute? minLength, MaxLengthAttribute? maxLength,
        AllowedValuesAttribute? allowed)
    {
        if (minLength is not null) schema[IsArray(schema) ? "minItems" : "minLength"] = minLength.Length;
        if (range is not null)
        {
            schema["minimum"] = JsonValue.Create(Convert.ToDecimal(range.Minimum, System.Globalization.CultureInfo.InvariantCulture));
            schema["maximum"] = JsonValue.Create(Convert.ToDecimal(range.Maximum, System.Globalization.CultureInfo.InvariantCulture));
        }
        if (maxLength is not null) schema[IsArray(schema) ? "maxItems" : "maxLength"] = maxLength.Length;
        if (allowed is not null) schema["enum"] = new JsonArray(allowed.Values.Select(v => JsonValue.Create(v?.ToString())).ToArray());
    }

    private static bool IsArray(JsonObject schema) =>
        schema["type"] is JsonArray types ? types.Any(t => t?.ToString() == "array") : schema["type"]?.ToString() == "array";

    /// <summary>An attribute on a property, or on the record parameter it comes from.</summary>
    private static T? Attribute<T>(JsonPropertyInfo property) where T : Attribute =>
        property.AttributeProvider?.GetCustomAttributes(typeof(T), true).OfType<T>().FirstOrDefault()
        ?? property.AssociatedParameter?.AttributeProvider?.GetCustomAttributes(typeof(T), true).OfType<T>().FirstOrDefault();

    private static T? Attribute<T>(PropertyInfo property, Type owner) where T : Attribute =>
        property.GetCustomAttribute<T>()
        ?? owner.GetConstructors().SelectMany(c => c.GetParameters())
            .FirstOrDefault(p => string.Equals(p.Name, property.Name, StringComparison.OrdinalIgnoreCase))?.GetCustomAttribute<T>();

    private sealed record ProblemExample(string Type, string Title, string TitleEn, int Status, string Detail, string Instance,
        IReadOnlyList<LinfenFlows.Shared.Problems.FieldError> Errors);
}
