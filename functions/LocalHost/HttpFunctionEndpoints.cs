using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;

namespace LinfenFlows.LocalHost;

/// <summary>Serves every HTTP-triggered function under host.json's route prefix with its methods and key level.</summary>
public static class HttpFunctionEndpoints
{
    public const string EndpointPrefix = "function:";

    public static void MapHttpFunctions(this WebApplication app, FunctionCatalog catalog, LocalHostOptions options)
    {
        foreach (var f in catalog.Of(TriggerKind.Http))
        {
            RequestDelegate serve = async context =>
            {
                // An empty method list matches no request in the host's router.
                if (f.Methods is { Count: 0 })
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }
                if (!FunctionKeys.Authorised(f.AuthLevel, context.Request, options))
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
            };
            var pattern = $"/{catalog.RoutePrefix}/{f.Route}";
            // No methods in the metadata means every method.
            var endpoint = f.Methods is null ? app.Map(pattern, serve) : app.MapMethods(pattern, f.Methods, serve);
            endpoint.WithName(EndpointPrefix + f.Name);
        }
    }
}

public sealed class LocalHostOptions
{
    /// <summary>
    /// Let the app take <c>X-MS-CLIENT-PRINCIPAL</c> as sent (there is no App Service authentication here): sets the app's
    /// own development-principals setting, which the app allows in the Development environment only. Off, the app ignores
    /// the header and every staff endpoint answers 401, as it does in Azure without App Service authentication.
    /// </summary>
    public bool DevelopmentIdentity { get; set; }
    /// <summary>Load the sample directory (SampleDirectory/*.csv) at start, so every role has someone to play it.</summary>
    public bool SampleDirectory { get; set; }
    /// <summary>A host key: it opens Function-level functions (<c>x-functions-key</c> header or <c>code</c> query).</summary>
    public string FunctionKey { get; set; } = "";
    /// <summary>The master key: it opens every level, and is the only key an Admin-level function takes.</summary>
    public string MasterKey { get; set; } = "";
    public string TaskHub { get; set; } = "linfenflowslocal";
    /// <summary>
    /// Runs the app's clock this far ahead of real time, to try a given day of the year (the close after 20 December, a
    /// holiday). The Durable engine keeps real time, so the offset may not be negative: deadlines the app counts from a clock
    /// behind real time would already have passed when their timers are set.
    /// </summary>
    public TimeSpan ClockOffset { get; set; }
}

/// <summary>The system clock, <see cref="LocalHostOptions.ClockOffset"/> ahead.</summary>
public sealed class OffsetClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}
