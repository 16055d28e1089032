#!/usr/bin/env bash
# Runs LinfenFlows on this machine: Azurite (data kept in .azurite/), then the local host. Ctrl+C stops both.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/azurite.sh"
cd "$repo_root"

port="${LINFENFLOWS_PORT:-$(free_port)}"
start_azurite "$repo_root/.azurite"
trap stop_azurite EXIT

echo "Building LinfenFlows..."
dotnet build functions/LocalHost -c Release -v quiet -nologo

export AzureWebJobsStorage="$AZURITE_CONNECTION_STRING"
export LinfenFlows__PublicBaseUrl="http://127.0.0.1:$port/"
export LocalHost__DevelopmentIdentity="${LocalHost__DevelopmentIdentity:-true}"
export LocalHost__FunctionKey="${LocalHost__FunctionKey:-local-function-key}"
export LocalHost__MasterKey="${LocalHost__MasterKey:-local-master-key}"
dotnet functions/LocalHost/bin/Release/net10.0/LinfenFlows.LocalHost.dll --urls "http://127.0.0.1:$port" &
host_pid=$!
trap 'kill -TERM "$host_pid" 2>/dev/null; wait "$host_pid" 2>/dev/null; stop_azurite' EXIT INT TERM
wait "$host_pid"
