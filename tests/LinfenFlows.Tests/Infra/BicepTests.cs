using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Storage;
using LinfenFlows.Tests.Support;

namespace LinfenFlows.Tests.Infra;

/// <summary>
/// infra/ builds and passes the linter (the rules that matter are errors in infra/bicepconfig.json), and what it deploys is
/// what the app expects: checked on the compiled template and on Bicep's offline snapshot of a deployment (see <see cref="Bicep"/>).
/// </summary>
public class BicepTests
{
    private static readonly Lazy<Task<JsonElement>> Template = new(Bicep.BuildAsync);
    private static readonly string[] AnonymousPrefixes = ["public/", "reviews/", "ops/jobs/"];
    private static readonly Lazy<Task<JsonElement>> Prod = new(() => Bicep.SnapshotAsync(Bicep.Parameters("prod")));

    [Fact]
    public async Task Every_bicep_file_lints_without_a_finding()
    {
        var (exit, output) = await Bicep.RunAsync("lint", Bicep.Main);
        Assert.True(exit == 0 && string.IsNullOrWhiteSpace(output), output);
    }

    [Fact]
    public async Task The_template_deploys_a_dotnet_10_isolated_flex_consumption_app_with_no_shared_keys()
    {
        var template = await Template.Value;
        var json = template.GetRawText();
        var resources = Bicep.Resources(template).ToList();

        JsonElement Single(string type) => resources.Single(r => r.GetProperty("type").GetString() == type);
        var runtime = Single("Microsoft.Web/sites").GetProperty("properties").GetProperty("functionAppConfig").GetProperty("runtime");
        // Bicep does not check the runtime name, so this test does.
        Assert.Equal("dotnet-isolated", runtime.GetProperty("name").GetString());
        Assert.Equal("10.0", runtime.GetProperty("version").GetString());
        Assert.Equal("FC1", Single("Microsoft.Web/serverfarms").GetProperty("sku").GetProperty("name").GetString());
        Assert.False(Bicep.At(Single("Microsoft.Storage/storageAccounts"), "properties", "allowSharedKeyAccess").GetBoolean());
        Assert.True(Bicep.At(Single("Microsoft.ServiceBus/namespaces"), "properties", "disableLocalAuth").GetBoolean());
        Assert.True(Bicep.At(Single("Microsoft.ServiceBus/namespaces/topics"), "properties", "requiresDuplicateDetection").GetBoolean());

        // Least privilege: data-plane roles only, never Owner or Contributor.
        string[] granted =
        [
            "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
            "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "3913510d-42f4-4e42-8a64-420c390055eb", "4633458b-17de-408a-b874-0445c86b69e6",
        ];
        Assert.All(granted, role => Assert.Contains(role, json));
        Assert.DoesNotContain("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", json);
        Assert.DoesNotContain("b24988ac-6180-42a0-ab88-20f7382dd24c", json);
    }

    [Fact]
    public async Task The_entra_client_id_is_required_and_must_have_the_length_of_a_client_id()
    {
        var parameter = (await Template.Value).GetProperty("parameters").GetProperty("entraClientId");
        Assert.False(parameter.TryGetProperty("defaultValue", out _), "entraClientId must have no default");
        Assert.Equal(36, parameter.GetProperty("minLength").GetInt32());
        Assert.Equal(36, parameter.GetProperty("maxLength").GetInt32());
        // The description is what azd shows when it asks; it must say what to do.
        Assert.Contains("azd env set LINFENFLOWS_ENTRA_CLIENT_ID", Bicep.At(parameter, "metadata", "description").GetString());

        // azd passes the variable with no fallback, so an unset variable is a missing value, not an empty one.
        var azdFile = Path.Combine(Repo.Root, "infra", "main.parameters.json");
        using var azdParameters = JsonDocument.Parse(await File.ReadAllTextAsync(azdFile));
        Assert.Equal("${LINFENFLOWS_ENTRA_CLIENT_ID}",
            Bicep.At(azdParameters.RootElement, "parameters", "entraClientId", "value").GetString());

        // A deployment without it, or with something that is not a client id, stops before anything is deployed.
        var without = Bicep.Parameters("prod");
        without.Remove("entraClientId");
        var (exit, output, _) = await Bicep.TrySnapshotAsync(without);
        Assert.True(exit != 0 && output.Contains("entraClientId"), output);
        var notAGuid = new Dictionary<string, string>(without) { ["entraClientId"] = "not-a-guid" };
        var (shortExit, shortOutput, _) = await Bicep.TrySnapshotAsync(notAGuid);
        Assert.True(shortExit != 0 && shortOutput.Contains("minimum allowable length is 36"), shortOutput);
    }

    [Fact]
    public async Task App_service_authentication_is_always_on_requires_sign_in_and_validates_issuer_and_audiences()
    {
        // Not conditional any more: no parameter value can leave the app without authentication.
        var compiled = Bicep.Resources(await Template.Value).Single(r => r.GetProperty("type").GetString() == "Microsoft.Web/sites/config"
            && r.GetProperty("name").GetString()!.Contains("authsettingsV2"));
        Assert.False(compiled.TryGetProperty("condition", out _), "authsettingsV2 must not be conditional");

        var auth = Bicep.Predicted(await Prod.Value, "Microsoft.Web/sites/config")
            .Single(r => r.GetProperty("name").GetString()!.EndsWith("/authsettingsV2", StringComparison.Ordinal))
            .GetProperty("properties");
        Assert.True(auth.GetProperty("platform").GetProperty("enabled").GetBoolean());
        var validation = auth.GetProperty("globalValidation");
        Assert.True(validation.GetProperty("requireAuthentication").GetBoolean());
        Assert.Equal("RedirectToLoginPage", validation.GetProperty("unauthenticatedClientAction").GetString());
        Assert.True(auth.GetProperty("login").GetProperty("tokenStore").GetProperty("enabled").GetBoolean());
        Assert.True(auth.GetProperty("httpSettings").GetProperty("requireHttps").GetBoolean());

        var aad = auth.GetProperty("identityProviders").GetProperty("azureActiveDirectory");
        Assert.True(aad.GetProperty("enabled").GetBoolean());
        var registration = aad.GetProperty("registration");
        Assert.Equal(Bicep.ClientId, registration.GetProperty("clientId").GetString());
        // The cloud's own sign-in endpoint (login.chinacloudapi.cn on Azure China), the subscription's tenant, v2.0.
        Assert.Equal($"[format('{{0}}{{1}}/v2.0', environment().authentication.loginEndpoint, '{Bicep.TenantId}')]",
            registration.GetProperty("openIdIssuer").GetString());
        // ID tokens only: no client secret exists to leak or to expire.
        Assert.False(registration.TryGetProperty("clientSecretSettingName", out _));
        Assert.Equal(["api://" + Bicep.ClientId, Bicep.ClientId],
            aad.GetProperty("validation").GetProperty("allowedAudiences").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Authentication_lets_through_exactly_the_routes_that_are_anonymous_on_purpose_or_called_with_a_key()
    {
        var excluded = Bicep.Predicted(await Prod.Value, "Microsoft.Web/sites/config")
            .Single(r => r.GetProperty("name").GetString()!.EndsWith("/authsettingsV2", StringComparison.Ordinal))
            .GetProperty("properties").GetProperty("globalValidation").GetProperty("excludedPaths")
            .EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Equal(
            [
                "/api/public/*", "/api/reviews/*", "/api/ping", "/api/health", "/api/openapi.json",
                "/api/ops/jobs/*", "/api/veterinary/online-hours",
            ],
            excluded);

        // Excluded paths are literal, or a prefix ending in /* (App Service authentication's file-based configuration reference).
        bool Excluded(string route) => excluded.Any(p => p.EndsWith("/*", StringComparison.Ordinal)
            ? $"/api/{route}".StartsWith(p[..^1], StringComparison.Ordinal) : $"/api/{route}" == p);
        static bool MeantAnonymous(string route) => AnonymousPrefixes.Any(p => route.StartsWith(p, StringComparison.Ordinal))
            || route is Routes.Ping or Routes.Health or Routes.OpenApiDocument or Routes.VetOnlineHours;

        // Every route of the app, so that a new one is behind sign-in unless it is added to the list above on purpose.
        var routes = typeof(Routes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.Name != nameof(Routes.Prefix)).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.All(routes, route => Assert.True(Excluded(route) == MeantAnonymous(route), $"/api/{route}: excluded {Excluded(route)}"));

        // What authentication lets through must then be guarded by the host: routes called with a key are key-level, and
        // every key-level route is let through (else the key would never reach the host).
        using var metadata = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var http = metadata.RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray().Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .Select(b => (Name: f.GetProperty("name").GetString(), Route: b.GetProperty("route").GetString()!,
                    Level: b.GetProperty("authLevel").GetString())))
            .ToList();
        Assert.NotEmpty(http);
        foreach (var f in http.Where(f => f.Route.StartsWith("ops/jobs/", StringComparison.Ordinal) || f.Route == Routes.VetOnlineHours))
            Assert.True(f.Level == "Function", $"{f.Name} (/api/{f.Route}) is outside sign-in and must need a function key");
        foreach (var f in http.Where(f => f.Level == "Function"))
            Assert.True(Excluded(f.Route), $"{f.Name} (/api/{f.Route}) needs a key but sign-in would stop the call before the host");
    }

    [Fact]
    public async Task Every_table_container_and_queue_of_StorageNames_is_created_by_the_deployment()
    {
        var snapshot = await Prod.Value;
        List<string> Names(string type) =>
            Bicep.Predicted(snapshot, type).Select(r => r.GetProperty("name").GetString()!.Split('/')[^1]).ToList();

        // The names themselves, read by reflection so that a table added to StorageNames without Bicep fails here.
        var constants = typeof(StorageNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        var tables = constants
            .Where(c => c.Key is not nameof(StorageNames.AttachmentsContainer) and not nameof(StorageNames.NotificationsQueue))
            .Select(c => c.Value).ToList();
        Assert.Equal(tables.Order(), StorageNames.AllTables.Order());

        Assert.Equal(StorageNames.AllTables.Order(), Names("Microsoft.Storage/storageAccounts/tableServices/tables").Order());
        // The deployment package container is the platform's, not the app's.
        Assert.Equal(new[] { StorageNames.AttachmentsContainer, "deployment-package" }.Order(),
            Names("Microsoft.Storage/storageAccounts/blobServices/containers").Order());
        // In Azure notifications travel on Service Bus; the storage queues are the one-machine stand-in and are not deployed.
        Assert.Empty(Names("Microsoft.Storage/storageAccounts/queueServices/queues"));
    }

    [Theory]
    [InlineData("prod", "linfenflowsprod")]
    [InlineData("Prod-Linfen_2.x", "linfenflowsprodlinfen2x")]
    [InlineData("test(2)", "linfenflowstest2")]
    [InlineData("-_.", "linfenflows")]
    [InlineData("a-very-long-environment-name-for-pilots", "linfenflowsaverylongenvironmentnameforpilots")]
    [InlineData("abcdefghij0123456789abcdefghij0123456789", "linfenflowsabcdefghij0123456789abcdefghij0123")]
    public async Task The_task_hub_name_is_made_valid_from_any_environment_name(string environmentName, string expected)
    {
        var snapshot = await Bicep.SnapshotAsync(Bicep.Parameters(environmentName));
        var hub = snapshot.GetProperty("outputs").GetProperty("LINFENFLOWS_TASKHUB").GetString()!;

        Assert.Equal(expected, hub);
        // Durable Functions: letters and digits, starting with a letter, 3 to 45 characters.
        Assert.Matches(new Regex("^[A-Za-z][A-Za-z0-9]{2,44}$"), hub);
        // The app gets the same name (host.json reads %LINFENFLOWS_TASKHUB%).
        var settings = Bicep.Predicted(snapshot, "Microsoft.Web/sites/config")
            .Single(r => r.GetProperty("name").GetString()!.EndsWith("/appsettings", StringComparison.Ordinal)).GetProperty("properties");
        Assert.Equal(hub, settings.GetProperty("LINFENFLOWS_TASKHUB").GetString());
    }

    [Fact]
    public async Task Key_vault_references_resolve_as_the_app_identity_and_exist_only_for_secrets_that_were_given()
    {
        var template = await Template.Value;
        var app = Bicep.ModuleDeclaring(template, "Microsoft.Web/sites");
        var site = Bicep.Resources(app).Single(r => r.GetProperty("type").GetString() == "Microsoft.Web/sites");
        Assert.Equal("[parameters('identityId')]", site.GetProperty("properties").GetProperty("keyVaultReferenceIdentity").GetString());

        // Each setting references its secret, and is there only when the secret is (an unresolved reference would reach the
        // app as the literal text @Microsoft.KeyVault(...)).
        var variables = app.GetProperty("variables");
        Assert.Equal("[if(parameters('mailPasswordInVault'), createObject('LinfenFlows__Mail__Password', "
            + "format('@Microsoft.KeyVault(SecretUri={0}secrets/mail-password/)', parameters('keyVaultUri'))), createObject())]",
            variables.GetProperty("mailSettings").GetString());
        Assert.Equal("[if(parameters('smsApiKeyInVault'), createObject('LinfenFlows__Sms__ApiKey', "
            + "format('@Microsoft.KeyVault(SecretUri={0}secrets/sms-api-key/)', parameters('keyVaultUri'))), createObject())]",
            variables.GetProperty("smsSettings").GetString());
        var module = Bicep.Resources(template).Single(r => r.GetProperty("type").GetString() == "Microsoft.Resources/deployments"
            && Bicep.At(r, "properties", "template").GetRawText() == app.GetRawText());
        string Passed(string parameter) => Bicep.At(module, "properties", "parameters", parameter, "value").GetString()!;
        Assert.Equal("[not(empty(parameters('mailPassword')))]", Passed("mailPasswordInVault"));
        Assert.Equal("[not(empty(parameters('smsApiKey')))]", Passed("smsApiKeyInVault"));
        // Nothing reads a vault URI setting: the references carry the vault.
        Assert.DoesNotContain("LinfenFlows__KeyVaultUri", template.GetRawText());

        // Secrets come from secure parameters, and exist only when given: no placeholder secret.
        var parameters = template.GetProperty("parameters");
        foreach (var name in new[] { "mailPassword", "smsApiKey" })
        {
            Assert.Equal("securestring", parameters.GetProperty(name).GetProperty("type").GetString());
            Assert.Equal("", parameters.GetProperty(name).GetProperty("defaultValue").GetString());
        }
        var secrets = Bicep.Resources(template).Where(r => r.GetProperty("type").GetString() == "Microsoft.KeyVault/vaults/secrets")
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r);
        Assert.Equal(2, secrets.Count);
        string Condition(string secret) => secrets.Single(s => s.Key.Contains(secret)).Value.GetProperty("condition").GetString()!;
        Assert.Equal("[not(empty(parameters('mailPassword')))]", Condition("mail-password"));
        Assert.Equal("[not(empty(parameters('smsApiKey')))]", Condition("sms-api-key"));
    }

    [Fact]
    public async Task Sms_goes_out_only_for_urgent_items_and_the_app_may_receive_what_it_delivers()
    {
        var snapshot = await Prod.Value;
        // The sms subscription's one rule replaces the catch-all $Default; a rule of another name would let everything in.
        var rule = Assert.Single(Bicep.Predicted(snapshot, "Microsoft.ServiceBus/namespaces/topics/subscriptions/rules"));
        Assert.EndsWith("/notifications/sms/$Default", rule.GetProperty("name").GetString());
        Assert.Equal("sys.Label LIKE '【督办】%' OR sys.Label LIKE '【逾期】%'",
            Bicep.At(rule, "properties", "sqlFilter", "sqlExpression").GetString());

        // Azure Service Bus Data Receiver on the mail and sms subscriptions (the app drains them), not on the namespace.
        var bus = Bicep.ModuleDeclaring(await Template.Value, "Microsoft.ServiceBus/namespaces");
        var receiverRole = bus.GetProperty("variables").GetProperty("receiverRole").GetString();
        Assert.Equal("4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", receiverRole);
        var receivers = Bicep.Resources(bus)
            .Where(r => r.GetProperty("type").GetString() == "Microsoft.Authorization/roleAssignments"
                        && Bicep.At(r, "properties", "roleDefinitionId").GetString()!.Contains("variables('receiverRole')"))
            .Select(r => Regex.Match(r.GetProperty("scope").GetString()!, @"'notifications', '(\w+)'\)\]$").Groups[1].Value)
            .Order().ToList();
        Assert.Equal(["mail", "sms"], receivers);
    }
}
