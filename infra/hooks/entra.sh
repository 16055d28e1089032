# shellcheck shell=bash
# Shared by the azd hooks preprovision.sh and postprovision.sh (sourced, not run): the LinfenFlows Entra ID app
# registration as code, and the messages that tell an operator what to do when a hook cannot do it.
# Only shell builtins run before require_az, so that a machine without the Azure CLI still gets the message.

# App roles. The ids are fixed: Entra ID keys role assignments by id, so a new id would drop every user's assignment.
# Descriptions are what administrators read when they assign roles in the Entra admin center.
# shellcheck disable=SC2034 # used by the scripts that source this file
LINFENFLOWS_APP_ROLES='[
 {"id":"8a63a0ad-7f48-43b1-b965-5a624f2dfb73","value":"applicant","displayName":"经办","isEnabled":true,
  "allowedMemberTypes":["User"],"description":"经办人：代表本单位提交申请、报告，补正材料，查看本单位办件进度。"},
 {"id":"0607f5ad-dfda-4788-975a-29ee03a3315e","value":"reviewer","displayName":"审批","isEnabled":true,
  "allowedMemberTypes":["User"],"description":"审批人：审核、审批分派给本人的待办事项并签署意见。"},
 {"id":"df1e2967-07f2-4e17-ac0c-f799e8cd5fe7","value":"supervisor","displayName":"督办","isEnabled":true,
  "allowedMemberTypes":["User"],"description":"督办人：查看临期、逾期事项，督促承办单位按时办理。"},
 {"id":"083f2681-c097-4920-9d9f-4f9226ce9284","value":"operator","displayName":"运维","isEnabled":true,
  "allowedMemberTypes":["User"],"description":"运维人员：维护系统运行，如导入节假日日历、清理已办结流程记录。"},
 {"id":"e398ee6c-c281-4440-8b0e-28f00fd58c30","value":"expert","displayName":"专家","isEnabled":true,
  "allowedMemberTypes":["User"],"description":"评审专家：对分派给本人的申报材料出具评审意见。"},
 {"id":"a42fb979-181d-4e2f-8759-58c8be4f5003","value":"vet","displayName":"官方兽医","isEnabled":true,
  "allowedMemberTypes":["User"],"description":"官方兽医：查看本人的培训学时、考核与证书情况。"},
 {"id":"66ca315f-cdba-4b9a-948e-1168745a7bef","value":"trainer","displayName":"师资","isEnabled":true,
  "allowedMemberTypes":["User"],"description":"培训师资：登记所授培训课程及学员学时。"},
 {"id":"1560c3df-b855-4e0b-b6d0-e4432b095634","value":"organiser","displayName":"培训组织","isEnabled":true,
  "allowedMemberTypes":["User"],"description":"培训组织单位：组织线下培训，上报参训人员和学时。"}
]'

# One registration per azd environment, so that a test environment's sign-ins and roles never reach production.
linfenflows_registration_name() {
  printf 'LinfenFlows (%s)' "${AZURE_ENV_NAME:-default}"
}

# The steps an Entra administrator takes in the admin center when the operator's account may not.
print_manual_registration() {
  local name
  name=$(linfenflows_registration_name)
  # read and printf are builtins: this must print even where PATH holds no other command.
  local line
  while IFS= read -r line; do printf '%s\n' "$line" >&2; done <<EOF

How to create the app registration by hand (an Entra administrator, or anyone with the Application Developer role):
  1. Entra admin center > App registrations > New registration: name "$name",
     supported account types "Accounts in this organizational directory only" (single tenant).
  2. Authentication > Add a platform > Web: redirect URI https://<function app host>/.auth/login/aad/callback
     (the postprovision hook prints the host), and tick "ID tokens (used for implicit and hybrid flows)".
  3. Expose an API > Application ID URI: api://<client id>. Manifest: "requestedAccessTokenVersion": 2.
  4. App roles, each for Users/Groups (value - display name): applicant - 经办, reviewer - 审批, supervisor - 督办,
     operator - 运维, expert - 专家, vet - 官方兽医, trainer - 师资, organiser - 培训组织
     (infra/hooks/entra.sh has the ids and descriptions to use).
  5. Enterprise applications > "$name" > Properties: Assignment required = Yes; then assign users or groups to roles.
Then tell azd the client id, and that the registration is kept by hand (the hooks then leave it alone):
  azd env set LINFENFLOWS_ENTRA_CLIENT_ID <client id>
  azd env set LINFENFLOWS_ENTRA_MANAGED_BY_HAND true
EOF
}

fail() {
  printf 'LinfenFlows %s: %s\n' "${LINFENFLOWS_HOOK:-hook}" "$1" >&2
  exit 1
}

# The hooks manage the registration with the Azure CLI (az ad ...); azd's own sign-in does not reach Microsoft Graph.
require_az() {
  if ! command -v az >/dev/null 2>&1; then
    printf 'LinfenFlows %s: the Azure CLI (az) is not on PATH, so the Entra ID app registration cannot be %s.\n' \
      "${LINFENFLOWS_HOOK:-hook}" "$1" >&2
    printf 'Install it and sign in to the tenant of the subscription (az login), then run azd again; or:\n' >&2
    print_manual_registration
    exit 1
  fi
  if ! az account show --only-show-errors --output none 2>/dev/null; then
    fail "the Azure CLI is not signed in: run az login (az cloud set --name AzureChinaCloud first on Azure China)."
  fi
}

# True when an az error says the signed-in account lacks the Graph permission, as opposed to any other failure.
lacks_graph_rights() {
  grep -qiE 'insufficient privileges|Authorization_RequestDenied|Forbidden|does not have (the )?(required )?permission' "$1"
}

is_guid() {
  [[ $1 =~ ^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$ ]]
}
