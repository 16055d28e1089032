#!/usr/bin/env bash
# azd postprovision hook: registers the deployed app's sign-in callback as a redirect URI of the Entra ID app
# registration. The host name exists only once Bicep has made the app, hence after provisioning. Redirect URIs other
# hooks or administrators added stay; the callback is added once, so running this again changes nothing.
set -euo pipefail

LINFENFLOWS_HOOK=postprovision
# shellcheck source=infra/hooks/entra.sh
. "${BASH_SOURCE[0]%/*}/entra.sh"

client_id=${LINFENFLOWS_ENTRA_CLIENT_ID:-}
endpoint=${SERVICE_API_ENDPOINT:-}
[[ -n $endpoint ]] || fail "SERVICE_API_ENDPOINT (an output of main.bicep) is not set: run azd provision first."
is_guid "$client_id" || fail "LINFENFLOWS_ENTRA_CLIENT_ID is not set to a client id: the preprovision hook sets it."
callback="${endpoint%/}/.auth/login/aad/callback"

if [[ ${LINFENFLOWS_ENTRA_MANAGED_BY_HAND:-} == true ]]; then
  printf 'LinfenFlows postprovision: the registration is kept by hand; make sure it has the Web redirect URI %s\n' \
    "$callback"
  exit 0
fi

if ! command -v az >/dev/null 2>&1; then
  fail "the Azure CLI (az) is not on PATH. Add the Web redirect URI $callback to app registration $client_id by hand \
(Entra admin center > App registrations > Authentication), or install az, az login, and run azd provision again."
fi
require_az updated

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT

if ! uris=$(az ad app show --id "$client_id" --query 'web.redirectUris' --output tsv --only-show-errors 2>"$errors"); then
  cat "$errors" >&2
  fail "cannot read app registration $client_id. Add the Web redirect URI $callback to it by hand."
fi
if grep -qxF "$callback" <<<"$uris"; then
  printf 'LinfenFlows postprovision: redirect URI %s is registered.\n' "$callback"
  exit 0
fi

# --web-redirect-uris replaces the list, so pass the ones already there as well.
mapfile -t listed <<<"$uris"
existing=()
for uri in "${listed[@]}"; do [[ -n $uri ]] && existing+=("$uri"); done
if ! az ad app update --id "$client_id" --web-redirect-uris "${existing[@]}" "$callback" --only-show-errors 2>"$errors"; then
  cat "$errors" >&2
  if lacks_graph_rights "$errors"; then
    fail "your account may not change app registration $client_id. Have its owner or an Entra administrator add \
the Web redirect URI $callback, then run azd provision again (or set LINFENFLOWS_ENTRA_MANAGED_BY_HAND=true)."
  fi
  fail "could not add the redirect URI $callback (see above)."
fi
printf 'LinfenFlows postprovision: added redirect URI %s.\n' "$callback"
