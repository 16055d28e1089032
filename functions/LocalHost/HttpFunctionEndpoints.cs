using System.Security.Cryptography;
using System.Text;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace LinfenFlows.LocalHost;

/// <summary>Serves every HTTP-triggered function under <c>/api/{route}</c> with its methods and authorisation level.</summary>
public static class HttpFunctionEndpoints
{
    public const string EndpointPrefix = "function:";

    public static void MapHttpFunctions(this WebApplication app, FunctionCatalog catalog, LocalHostOptions options)
    {
        foreach (var f in catalog.Of(TriggerKind.Http))
        {
            app.MapMethods($"/{Routes.Prefix}/{f.Route}", f.Methods!, async context =>
            {
                if (!Authorised(f, context.Request, options))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
                var result = await FunctionInvoker.InvokeAsync(f, context.RequestServices, FunctionInvoker.HttpBinder(context));
                switch (result)
                {
                    case IActionResult action:
                        await action.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                        break;
                    case null:
                        context.Response.StatusCode = StatusCodes.Status204NoContent;
                        break;
                    default:
                        await context.Response.WriteAsJsonAsync(result);
                        break;
                }
            }).WithName(EndpointPrefix + f.Name);
        }
    }

    /// <summary>
    /// Without App Service authentication in front, a principal header could be forged: it is honoured only when the
    /// development identity switch is on, and removed otherwise.
    /// </summary>
    public static void UseDevelopmentIdentityGate(this WebApplication app, LocalHostOptions options) =>
        app.Use((context, next) =>
        {
            if (!options.DevelopmentIdentity) context.Request.Headers.Remove(Principal.HeaderName);
            return next(context);
        });

    private static bool Authorised(FunctionDefinition f, HttpRequest request, LocalHostOptions options)
    {
        if (string.Equals(f.AuthLevel, "anonymous", StringComparison.OrdinalIgnoreCase)) return true;
        var presented = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        return presented is not null && !string.IsNullOrEmpty(options.FunctionKey)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(options.FunctionKey));
    }
}

public sealed class LocalHostOptions
{
    /// <summary>Honour <c>X-MS-CLIENT-PRINCIPAL</c> as sent (development only: there is no App Service authentication here).</summary>
    public bool DevelopmentIdentity { get; set; }
    /// <summary>The key that function- and admin-level functions require (<c>x-functions-key</c> header or <c>code</c> query).</summary>
    public string FunctionKey { get; set; } = "";
    public string TaskHub { get; set; } = "linfenflowslocal";
}
