#!/usr/bin/env bash
# azd preprovision hook: the Entra ID app registration that App Service authentication signs people in with.
# Bicep cannot create app registrations, and main.bicep requires the client id, so this runs before every provision:
#   - LINFENFLOWS_ENTRA_CLIENT_ID unset: reuse the environment's registration if one exists, else create it; then
#     azd env set LINFENFLOWS_ENTRA_CLIENT_ID.
#   - set: bring that registration to the state below (single tenant, ID tokens, api:// URI, app roles, assignment
#     required). Every step sets a state and none appends, so running it again changes nothing.
#   - LINFENFLOWS_ENTRA_MANAGED_BY_HAND=true: the registration is kept by an administrator; only the id is checked.
set -euo pipefail

LINFENFLOWS_HOOK=preprovision
# shellcheck source=infra/hooks/entra.sh
. "${BASH_SOURCE[0]%/*}/entra.sh"

client_id=${LINFENFLOWS_ENTRA_CLIENT_ID:-}

if [[ ${LINFENFLOWS_ENTRA_MANAGED_BY_HAND:-} == true ]]; then
  is_guid "$client_id" || fail "LINFENFLOWS_ENTRA_MANAGED_BY_HAND is true but LINFENFLOWS_ENTRA_CLIENT_ID is not a client id \
(a GUID): azd env set LINFENFLOWS_ENTRA_CLIENT_ID <client id>"
  printf 'LinfenFlows preprovision: app registration %s is kept by hand; not checked.\n' "$client_id"
  exit 0
fi

if [[ -n $client_id ]] && ! is_guid "$client_id"; then
  fail "LINFENFLOWS_ENTRA_CLIENT_ID is '$client_id', not a client id (a GUID). Fix it with azd env set, or unset it \
(azd env set LINFENFLOWS_ENTRA_CLIENT_ID '') to have this hook create the registration."
fi

if [[ -n $client_id ]]; then require_az checked; else require_az created; fi

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT

# Runs az; on failure says whether it was missing Graph rights (with the manual steps) or something else.
az_or_fail() {
  if ! az "$@" --only-show-errors 2>"$errors"; then
    if lacks_graph_rights "$errors"; then
      printf 'LinfenFlows preprovision: your account may not manage app registrations in this tenant (az %s %s):\n' \
        "$1" "$2" >&2
      cat "$errors" >&2
      print_manual_registration
      exit 1
    fi
    cat "$errors" >&2
    fail "az $1 $2 $3 failed (see above)."
  fi
}

# The registration must live in the tenant of the subscription: the issuer main.bicep configures is that tenant's.
graph_tenant=$(az account show --query tenantId --output tsv --only-show-errors)
if [[ -n ${AZURE_SUBSCRIPTION_ID:-} ]]; then
  subscription_tenant=$(az account show --subscription "$AZURE_SUBSCRIPTION_ID" --query tenantId --output tsv \
    --only-show-errors) || fail "the Azure CLI cannot see subscription $AZURE_SUBSCRIPTION_ID: az login to its tenant."
  [[ $graph_tenant == "$subscription_tenant" ]] || fail "the Azure CLI is signed in to tenant $graph_tenant, \
the subscription belongs to $subscription_tenant: az login --tenant $subscription_tenant"
fi

name=$(linfenflows_registration_name)
if [[ -z $client_id ]]; then
  # Reuse before create: an environment whose .env was lost must not leave a second registration behind.
  existing=$(az_or_fail ad app list --filter "displayName eq '$name'" --query '[].appId' --output tsv)
  count=$(printf '%s' "$existing" | grep -c . || true)
  if ((count > 1)); then
    fail "$count app registrations are named '$name'. Choose one: azd env set LINFENFLOWS_ENTRA_CLIENT_ID <client id>"
  elif ((count == 1)); then
    client_id=$existing
    printf 'LinfenFlows preprovision: reusing app registration %s (%s).\n' "$name" "$client_id"
  else
    client_id=$(az_or_fail ad app create --display-name "$name" --sign-in-audience AzureADMyOrg \
      --enable-id-token-issuance true --query appId --output tsv)
    printf 'LinfenFlows preprovision: created app registration %s (%s).\n' "$name" "$client_id"
  fi
else
  az_or_fail ad app show --id "$client_id" --query appId --output none
fi

# Single tenant; ID tokens for App Service authentication's sign-in (it holds no client secret); api://{client id} as
# the audience callers ask tokens for; v2 access tokens, whose issuer is the v2.0 one main.bicep validates.
az_or_fail ad app update --id "$client_id" --sign-in-audience AzureADMyOrg --enable-id-token-issuance true \
  --identifier-uris "api://$client_id" --app-roles "$LINFENFLOWS_APP_ROLES"
az_or_fail ad app update --id "$client_id" --set api.requestedAccessTokenVersion=2

# The enterprise application (service principal) is what users are assigned roles on. Assignment required: a member
# of the tenant without a LinfenFlows role cannot even sign in.
if ! az ad sp show --id "$client_id" --only-show-errors --output none 2>/dev/null; then
  az_or_fail ad sp create --id "$client_id" --output none
fi
az_or_fail ad sp update --id "$client_id" --set appRoleAssignmentRequired=true

if [[ ${LINFENFLOWS_ENTRA_CLIENT_ID:-} != "$client_id" ]]; then
  azd env set LINFENFLOWS_ENTRA_CLIENT_ID "$client_id" ||
    fail "could not store the client id; run: azd env set LINFENFLOWS_ENTRA_CLIENT_ID $client_id"
fi
printf 'LinfenFlows preprovision: app registration %s (%s) is ready.\n' "$name" "$client_id"
