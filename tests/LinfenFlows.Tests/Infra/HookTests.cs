using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json;
using LinfenFlows.Tests.Support;

namespace LinfenFlows.Tests.Infra;

/// <summary>
/// The azd hooks in infra/hooks that keep the Entra ID app registration. No real Azure or Microsoft Graph call is possible
/// here, so they run with a PATH that holds only a stub folder: either no <c>az</c> at all, or a stub <c>az</c> (and
/// <c>azd</c>) that records its arguments and answers like the Azure CLI would, next to the few tools the scripts use.
/// </summary>
// The hooks are bash scripts, run on Linux and macOS (the test project's Bicep CLI is linux-x64 too).
[UnsupportedOSPlatform("windows")]
public sealed class HookTests : IDisposable
{
    private const string NewClientId = "5c0ffee0-1234-4abc-8def-0123456789ab";
    private const string Tenant = "22222222-2222-2222-2222-222222222222";
    private static readonly string Hooks = Path.Combine(Repo.Root, "infra", "hooks");
    private static readonly string BashPath = Which("bash") ?? throw new InvalidOperationException("bash is not on PATH");

    private readonly string _stubs = Directory.CreateTempSubdirectory("linfenflows-hooks-").FullName;

    public void Dispose() => Directory.Delete(_stubs, recursive: true);

    private string Calls => File.Exists(Path.Combine(_stubs, "calls.log")) ? File.ReadAllText(Path.Combine(_stubs, "calls.log")) : "";

    [Fact]
    public async Task Preprovision_without_a_client_id_and_without_az_stops_and_says_how_to_register_by_hand()
    {
        WriteAzdStub();
        var (exit, output) = await RunAsync("preprovision.sh", new() { ["AZURE_ENV_NAME"] = "prod" });

        Assert.NotEqual(0, exit);
        Assert.Contains("the Azure CLI (az) is not on PATH", output);
        Assert.Contains("How to create the app registration by hand", output);
        Assert.Contains("\"LinfenFlows (prod)\"", output);
        Assert.Contains("/.auth/login/aad/callback", output);
        Assert.Contains("azd env set LINFENFLOWS_ENTRA_CLIENT_ID <client id>", output);
        // Nothing was stored: the next run must not believe a registration exists.
        Assert.DoesNotContain("azd env set", Calls);
    }

    [Fact]
    public async Task Preprovision_refuses_a_client_id_that_is_not_a_guid()
    {
        var (exit, output) = await RunAsync("preprovision.sh", new() { ["LINFENFLOWS_ENTRA_CLIENT_ID"] = "linfenflows-prod" });

        Assert.NotEqual(0, exit);
        Assert.Contains("LINFENFLOWS_ENTRA_CLIENT_ID is 'linfenflows-prod', not a client id (a GUID)", output);
    }

    [Fact]
    public async Task Preprovision_leaves_a_registration_kept_by_hand_alone()
    {
        var (exit, output) = await RunAsync("preprovision.sh", new()
        {
            ["LINFENFLOWS_ENTRA_CLIENT_ID"] = NewClientId,
            ["LINFENFLOWS_ENTRA_MANAGED_BY_HAND"] = "true",
        });

        Assert.True(exit == 0, output);
        Assert.Contains("kept by hand", output);
    }

    [Fact]
    public async Task Preprovision_creates_the_registration_with_its_roles_and_stores_the_client_id()
    {
        WriteAzStub();
        WriteAzdStub();
        var (exit, output) = await RunAsync("preprovision.sh", new() { ["AZURE_ENV_NAME"] = "prod", ["AZURE_SUBSCRIPTION_ID"] = "sub" });

        Assert.True(exit == 0, output);
        var calls = Calls;
        Assert.Contains("az ad app list --filter displayName eq 'LinfenFlows (prod)'", calls);
        Assert.Contains(
            "az ad app create --display-name LinfenFlows (prod) --sign-in-audience AzureADMyOrg --enable-id-token-issuance true", calls);
        Assert.Contains($"az ad app update --id {NewClientId} --sign-in-audience AzureADMyOrg --enable-id-token-issuance true "
            + $"--identifier-uris api://{NewClientId} --app-roles", calls);
        Assert.Contains($"az ad app update --id {NewClientId} --set api.requestedAccessTokenVersion=2", calls);
        Assert.Contains($"az ad sp create --id {NewClientId}", calls);
        Assert.Contains($"az ad sp update --id {NewClientId} --set appRoleAssignmentRequired=true", calls);
        Assert.Contains($"azd env set LINFENFLOWS_ENTRA_CLIENT_ID {NewClientId}", calls);

        using var roles = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_stubs, "app-roles.json")));
        var byValue = roles.RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("value").GetString()!);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["applicant"] = "经办", ["reviewer"] = "审批", ["supervisor"] = "督办", ["operator"] = "运维",
                ["expert"] = "专家", ["vet"] = "官方兽医", ["trainer"] = "师资", ["organiser"] = "培训组织",
            },
            byValue.ToDictionary(r => r.Key, r => r.Value.GetProperty("displayName").GetString()!));
        Assert.All(byValue.Values, role =>
        {
            Assert.True(Guid.TryParse(role.GetProperty("id").GetString(), out _));
            Assert.True(role.GetProperty("isEnabled").GetBoolean());
            Assert.Equal(["User"], role.GetProperty("allowedMemberTypes").EnumerateArray().Select(t => t.GetString()));
            // Administrators read these in the Entra admin center when they assign roles: in Chinese.
            Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}{2,}", role.GetProperty("description").GetString());
        });
        Assert.Equal(8, byValue.Values.Select(r => r.GetProperty("id").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Preprovision_run_again_updates_the_registration_and_creates_nothing()
    {
        WriteAzStub(servicePrincipalExists: true);
        WriteAzdStub();
        var (exit, output) = await RunAsync("preprovision.sh", new() { ["LINFENFLOWS_ENTRA_CLIENT_ID"] = NewClientId });

        Assert.True(exit == 0, output);
        var calls = Calls;
        Assert.DoesNotContain("ad app create", calls);
        Assert.DoesNotContain("ad app list", calls);
        Assert.DoesNotContain("ad sp create", calls);
        Assert.DoesNotContain("azd env set", calls);
        Assert.Contains($"az ad app update --id {NewClientId} --sign-in-audience AzureADMyOrg", calls);
        Assert.Contains($"az ad sp update --id {NewClientId} --set appRoleAssignmentRequired=true", calls);
    }

    [Fact]
    public async Task Preprovision_without_graph_rights_stops_with_the_steps_to_do_by_hand()
    {
        WriteAzStub(denyCreate: true);
        WriteAzdStub();
        var (exit, output) = await RunAsync("preprovision.sh", new() { ["AZURE_ENV_NAME"] = "prod" });

        Assert.NotEqual(0, exit);
        Assert.Contains("your account may not manage app registrations in this tenant", output);
        Assert.Contains("Insufficient privileges", output);
        Assert.Contains("How to create the app registration by hand", output);
        Assert.Contains("azd env set LINFENFLOWS_ENTRA_MANAGED_BY_HAND true", output);
        Assert.DoesNotContain("azd env set", Calls);
    }

    [Fact]
    public async Task Postprovision_adds_the_sign_in_callback_once_and_keeps_the_other_redirect_uris()
    {
        const string other = "https://linfenflows.example.gov.cn/.auth/login/aad/callback";
        var environment = new Dictionary<string, string>
        {
            ["LINFENFLOWS_ENTRA_CLIENT_ID"] = NewClientId,
            ["SERVICE_API_ENDPOINT"] = "https://func-linfenflows-abc.azurewebsites.net",
        };
        const string callback = "https://func-linfenflows-abc.azurewebsites.net/.auth/login/aad/callback";
        WriteAzStub(redirectUris: [other]);
        var (exit, output) = await RunAsync("postprovision.sh", environment);
        Assert.True(exit == 0, output);
        Assert.Contains($"az ad app update --id {NewClientId} --web-redirect-uris {other} {callback}", Calls);

        File.Delete(Path.Combine(_stubs, "calls.log"));
        WriteAzStub(redirectUris: [other, callback]);
        (exit, output) = await RunAsync("postprovision.sh", environment);
        Assert.True(exit == 0, output);
        Assert.DoesNotContain("ad app update", Calls);
        Assert.Contains("is registered", output);
    }

    [Fact]
    public async Task Postprovision_without_az_names_the_redirect_uri_to_add_by_hand()
    {
        var (exit, output) = await RunAsync("postprovision.sh", new()
        {
            ["LINFENFLOWS_ENTRA_CLIENT_ID"] = NewClientId,
            ["SERVICE_API_ENDPOINT"] = "https://func-linfenflows-abc.azurewebsites.net/",
        });

        Assert.NotEqual(0, exit);
        Assert.Contains("Add the Web redirect URI https://func-linfenflows-abc.azurewebsites.net/.auth/login/aad/callback", output);
    }

    [Fact]
    public async Task The_hooks_are_declared_in_azure_yaml_and_executable()
    {
        var azureYaml = await File.ReadAllTextAsync(Path.Combine(Repo.Root, "azure.yaml"));
        Assert.Contains("preprovision:", azureYaml);
        Assert.Contains("run: ./infra/hooks/preprovision.sh", azureYaml);
        Assert.Contains("postprovision:", azureYaml);
        Assert.Contains("run: ./infra/hooks/postprovision.sh", azureYaml);
        // On Linux and macOS azd runs the file itself, so it must be executable (git keeps the mode).
        foreach (var script in new[] { "preprovision.sh", "postprovision.sh" })
            Assert.True(File.GetUnixFileMode(Path.Combine(Hooks, script)).HasFlag(UnixFileMode.UserExecute), script);
    }

    [ShellcheckFact]
    public async Task The_hooks_are_shellcheck_clean()
    {
        var info = new ProcessStartInfo(Which("shellcheck")!) { WorkingDirectory = Repo.Root, RedirectStandardOutput = true };
        foreach (var a in new[] { "-x", "infra/hooks/entra.sh", "infra/hooks/preprovision.sh", "infra/hooks/postprovision.sh" })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output);
    }

    /// <summary>Runs a hook with bash, a clean environment and PATH = the stub folder only.</summary>
    private async Task<(int ExitCode, string Output)> RunAsync(string script, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(BashPath)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root,
        };
        info.ArgumentList.Add(Path.Combine(Hooks, script));
        info.Environment.Clear();
        info.Environment["PATH"] = _stubs;
        info.Environment["STUB_DIR"] = _stubs;
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>
    /// A stand-in for the Azure CLI, in bash builtins only (its PATH has nothing else): each call is logged, the app
    /// roles passed are kept as JSON, and the answers are what az prints for a tenant where the registration does not
    /// exist yet. With <paramref name="denyCreate"/> it answers as Microsoft Graph does to an account without the rights.
    /// </summary>
    private void WriteAzStub(bool denyCreate = false, bool servicePrincipalExists = false, string[]? redirectUris = null)
    {
        // The scripts also use these; the stub folder is their only PATH.
        foreach (var tool in new[] { "cat", "grep", "mktemp", "rm" })
        {
            var link = Path.Combine(_stubs, tool);
            if (!File.Exists(link)) File.CreateSymbolicLink(link, Which(tool) ?? throw new InvalidOperationException(tool));
        }
        var uris = string.Join("\\n", redirectUris ?? []);
        Write("az", $$"""
            #!{{BashPath}}
            printf 'az' >>"$STUB_DIR/calls.log"; for a in "$@"; do printf ' %s' "$a" >>"$STUB_DIR/calls.log"; done
            printf '\n' >>"$STUB_DIR/calls.log"
            previous=
            for a in "$@"; do
              [[ $previous == --app-roles ]] && printf '%s' "$a" >"$STUB_DIR/app-roles.json"
              previous=$a
            done
            case "$1 $2 $3" in
              "account show"*) [[ " $* " == *" --query tenantId "* ]] && printf '%s\n' '{{Tenant}}'; exit 0 ;;
              "ad app list"*) exit 0 ;;
              "ad app create"*)
                if [[ {{(denyCreate ? "deny" : "allow")}} == deny ]]; then
                  printf 'ERROR: Insufficient privileges to complete the operation.\n' >&2; exit 1
                fi
                printf '%s\n' '{{NewClientId}}'; exit 0 ;;
              "ad app show"*) [[ " $* " == *web.redirectUris* ]] && printf '{{uris}}'; exit 0 ;;
              "ad sp show"*) [[ {{(servicePrincipalExists ? "yes" : "no")}} == yes ]] && exit 0; exit 3 ;;
              *) exit 0 ;;
            esac
            """);
    }

    private void WriteAzdStub() => Write("azd", $$"""
        #!{{BashPath}}
        printf 'azd' >>"$STUB_DIR/calls.log"; for a in "$@"; do printf ' %s' "$a" >>"$STUB_DIR/calls.log"; done
        printf '\n' >>"$STUB_DIR/calls.log"
        """);

    private void Write(string name, string script)
    {
        var path = Path.Combine(_stubs, name);
        File.WriteAllText(path, script.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, tool)).FirstOrDefault(File.Exists);
}

/// <summary>Runs where shellcheck is installed (apt install shellcheck); elsewhere reported as skipped, not passed.</summary>
public sealed class ShellcheckFactAttribute : FactAttribute
{
    public ShellcheckFactAttribute()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "shellcheck")));
        if (!found) Skip = "shellcheck is not installed (apt install shellcheck): the hooks were not linted.";
    }
}
