using System.ComponentModel.DataAnnotations;
using System.Text;
using LinfenFlows.Functions.Http;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LinfenFlows.Functions.People;

/// <summary>
/// The staff directory for the people who keep it: operators (运维) load people and outside units from CSV, all or nothing;
/// anyone registered hands a role to a colleague for a period (委托). Every change is recorded with who made it.
/// </summary>
public sealed class DirectoryApi(DirectoryImport import, DirectoryChanges changes, StaffDirectory directory, Delegations delegations,
    SignIn signIn)
{
    private const string Tag = "单位和人员目录";

    [Function(nameof(ShowDirectory))]
    [ApiOperation(Tag, "目录管理页面", Description = "运维人员导入人员名单和单位名单（CSV），查看最近的变更记录。", ResponseContentType = "text/html",
        Statuses = [200, 401, 403])]
    public Task<IActionResult> ShowDirectory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.DirectoryPage)] HttpRequest req) =>
        HtmlPage.Handle(req, async () =>
        {
            await OperatorAsync(req);
            var ct = req.HttpContext.RequestAborted;
            return DirectoryPage.Render(await changes.RecentAsync(50, ct), await directory.UnitsAsync(ct), null);
        });

    [Function(nameof(ImportPeople))]
    [ApiOperation(Tag, "导入人员名单（CSV）",
        Description = "列：personId,name,organisation,roles,mail,mobile,vetId,expertField,expertEmployer,expertCounty,active；" +
                      "personId 为 Entra 对象 ID，" +
                      "roles 用 | 分隔（applicant 经办、reviewer 审批、supervisor 督办、expert、vet、trainer、organiser、operator）。任何一行有误则整份不导入，逐行说明。",
        RequestContentType = "text/csv", FormType = typeof(PeopleImportForm), PageForm = true, ResponseType = typeof(DirectoryImportResult),
        Statuses = [200, 400, 401, 403, 413])]
    public Task<IActionResult> ImportPeople(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.DirectoryPeople)] HttpRequest req) =>
        ImportAsync(req, "people", (caller, csv, ct) => import.ImportPeopleAsync(caller, csv, ct));

    [Function(nameof(ImportUnits))]
    [ApiOperation(Tag, "导入单位名单（CSV）", Description = "列：name,county,creditCode；外部单位（企业等）也会在办件首次提到时自动建立。",
        RequestContentType = "text/csv", FormType = typeof(UnitsImportForm), PageForm = true, ResponseType = typeof(DirectoryImportResult),
        Statuses = [200, 400, 401, 403, 413])]
    public Task<IActionResult> ImportUnits(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.DirectoryUnits)] HttpRequest req) =>
        ImportAsync(req, "units", (caller, csv, ct) => import.ImportUnitsAsync(caller, csv, ct));

    [Function(nameof(ShowDelegations))]
    [ApiOperation(Tag, "我的委托", Description = "本人委托他人或受他人委托办理的角色和期限。", ResponseContentType = "text/html", Statuses = [200, 401])]
    public Task<IActionResult> ShowDelegations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = Routes.Delegations)] HttpRequest req) =>
        HtmlPage.Handle(req, async () =>
        {
            var caller = await signIn.CallerAsync(req) ?? throw Problem.Unauthenticated();
            var ct = req.HttpContext.RequestAborted;
            var colleagues = caller.IsRegistered
                ? (await directory.MembersAsync(caller.Organisation, ct)).Where(p => p.Active && p.Id != caller.UserId).ToList()
                : [];
            return DirectoryPage.Delegations(caller, await delegations.OfAsync(caller, ct), colleagues);
        });

    [Function(nameof(CreateDelegation))]
    [ApiOperation(Tag, "委托他人办理", Description = "将本人担任的一个角色委托本单位同事，在起止日期内新送达的待办由受托人办理（代X办理）；已送达的不变，可由督办人员改派。",
        RequestContentType = "application/json", RequestType = typeof(DelegationRequest), FormType = typeof(DelegationRequest),
        PageForm = true,
        ResponseType = typeof(DelegationCreated), Statuses = [201, 400, 401, 403])]
    public Task<IActionResult> CreateDelegation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.Delegations)] HttpRequest req)
    {
        if (req.HasFormContentType)
            return HtmlPage.Handle(req, async () =>
            {
                if (!Api.SameOrigin(req)) throw Problem.Forbidden("请从“我的委托”页面提交。");
                var form = await Api.ReadFormAsync(req, 64 * 1024, "reason");
                var row = await delegations.DelegateAsync(await signIn.CallerAsync(req),
                    new DelegationRequest(form["role"], form["delegateId"], DateOf(form["from"]), DateOf(form["to"]), form["reason"]),
                    req.HttpContext.RequestAborted);
                return HtmlPage.Render(201, "已委托",
                    $"<h1>已委托</h1><p>已将“{HtmlPage.E(Roles.Label(row.Role))}”委托{HtmlPage.E(row.DelegateName)}办理。</p>" +
                    $"<p><a href=\"{HtmlPage.E(Routes.DelegationsPath)}\">返回我的委托</a> · " +
                    $"<a href=\"{HtmlPage.E(Routes.InboxPath)}\">我的待办</a></p>");
            });
        return Api.Handle(req, async () =>
        {
            var body = await Api.ReadBodyAsync<DelegationRequest>(req);
            var row = await delegations.DelegateAsync(await signIn.CallerAsync(req), body, req.HttpContext.RequestAborted);
            return Api.Json(new DelegationCreated(row.RowKey, row.Role, row.DelegateId, row.DelegateName),
                StatusCodes.Status201Created);
        });
    }

    private static DateOnly? DateOf(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var d) ? d : null;

    [Function(nameof(RevokeDelegation))]
    [ApiOperation(Tag, "收回委托", Statuses = [204, 401, 404])]
    public Task<IActionResult> RevokeDelegation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Routes.DelegationRevocation)] HttpRequest req,
        string delegationId) => Api.Handle(req, async () =>
        {
            await delegations.RevokeAsync(await signIn.CallerAsync(req), Uri.UnescapeDataString(delegationId),
                req.HttpContext.RequestAborted);
            return new NoContentResult();
        });

    /// <summary>A CSV as the body (an operator's script) or as a file from the page's form; the page's form gets a page back.</summary>
    private Task<IActionResult> ImportAsync(HttpRequest req, string field,
        Func<Caller, string, CancellationToken, Task<DirectoryImportResult>> run)
    {
        var fromPage = req.HasFormContentType;
        async Task<IActionResult> Body()
        {
            var caller = await OperatorAsync(req);
            var ct = req.HttpContext.RequestAborted;
            string csv;
            if (fromPage)
            {
                if (!Api.SameOrigin(req)) throw Problem.Forbidden("请从目录管理页面提交。");
                var file = await Api.FileAsync(await Api.ReadFormAsync(req, Csv.MaxBytes, field), field, Csv.MaxBytes);
                csv = file is null ? "" : Encoding.UTF8.GetString(file.Content);
            }
            else csv = await Api.ReadTextAsync(req, Csv.MaxBytes, field);
            var result = await run(caller, csv, ct);
            return fromPage
                ? DirectoryPage.Render(await changes.RecentAsync(50, ct), await directory.UnitsAsync(ct), result)
                : Api.Json(result);
        }
        return fromPage ? HtmlPage.Handle(req, Body) : Api.Handle(req, Body);
    }

    private async Task<Caller> OperatorAsync(HttpRequest req)
    {
        var caller = await signIn.CallerAsync(req) ?? throw Problem.Unauthenticated();
        return caller.IsIn(Roles.Operator) ? caller : throw Problem.Forbidden("只有运维人员可以管理单位和人员目录。");
    }
}

/// <summary>The people file from the directory page's form (for the API document).</summary>
public sealed record PeopleImportForm([Required] FilePart People);

/// <summary>The units file from the directory page's form (for the API document).</summary>
public sealed record UnitsImportForm([Required] FilePart Units);

public sealed record DelegationCreated(string Id, string Role, string DelegateId, string DelegateName);
