#!/usr/bin/env bash
# Runs the benchmarks (not part of the tests): a fresh Azurite on free ports with its data in a temporary folder, then the
# bench program, which prints LinfenFlows' figures next to the bare Durable engine's and says which targets are met.
# Arguments go to the program: --cases 200 --concurrency 8 --rounds 2 --waiting 1000,5000 --sweep 1000,10000,100000
# --vets 10000 --uploads 3000 --only engine|memory|veterinary|sweep
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../functions/LocalHost/azurite.sh"
cd "$repo_root"

data="$(mktemp -d)"
start_azurite "$data"
trap 'stop_azurite; rm -rf "$data"' EXIT

dotnet build bench/LinfenFlows.Bench -c Release -nologo -v quiet
export AzureWebJobsStorage="$AZURITE_CONNECTION_STRING"
dotnet bench/LinfenFlows.Bench/bin/Release/net10.0/LinfenFlows.Bench.dll "$@"
