#!/usr/bin/env bash
# Runs every LinfenFlows test on a fresh machine: installs the pinned Azurite (the tests start their own on free ports),
# builds, runs unit, integration, workflow and end-to-end tests, and ends with the totals on a line of their own.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../functions/LocalHost/azurite.sh"
cd "$repo_root"

# The browser tests drive Debian's Chromium (with CJK fonts for the Chinese pages); install it when it is missing.
ensure_chromium() {
  [ -x "${LINFENFLOWS_CHROMIUM:-/usr/bin/chromium}" ] && return
  echo "Installing Debian's chromium and fonts-noto-cjk for the browser tests"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
}

# The document tests rasterise the generated PDFs with poppler's pdftoppm (pages land in tests/TestResults/documents/).
ensure_poppler() {
  command -v pdftoppm >/dev/null && return
  echo "Installing Debian's poppler-utils for the document tests"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq poppler-utils >/dev/null
}

# The deployment hooks are linted with Debian's shellcheck (HookTests); install it when it is missing.
ensure_shellcheck() {
  command -v shellcheck >/dev/null && return
  echo "Installing Debian's shellcheck for the deployment hook tests"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq shellcheck >/dev/null
}

ensure_node_packages
ensure_chromium
ensure_poppler
ensure_shellcheck
dotnet build LinfenFlows.sln -c Release -nologo -v quiet
# The build enforces the analyzers and unused usings (EnforceCodeStyleInBuild, AnalysisMode recommended); this enforces
# the layout .editorconfig describes, so the style is the build's to keep, not the reviewers'.
dotnet format LinfenFlows.sln --verify-no-changes -v quiet || { echo "dotnet format found code to format: run 'dotnet format LinfenFlows.sln'"; exit 1; }

results="$repo_root/tests/TestResults"
rm -rf "$results"
status=0
dotnet test tests/LinfenFlows.Tests -c Release --no-build --nologo \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" --results-directory "$results" || status=$?

# What the fault and abuse tests tried (the API fuzzer's tally among them), and whether the system came through.
[ -f "$results/faults-and-attacks.txt" ] && cat "$results/faults-and-attacks.txt"

# The API document the host served (saved by PlatformEndToEndTests) must lint clean; redocly.yaml says which rule is off and why.
if [ -f "$results/openapi.json" ]; then
  lint=0
  node_modules/.bin/redocly lint "$results/openapi.json" --config redocly.yaml --format=summary >"$results/redocly.txt" 2>&1 || lint=$?
  grep -v '[║╔╚]' "$results/redocly.txt" | grep -v '^\s*$' || true   # without Redocly's banner about Node.js 20
  [ "$lint" -eq 0 ] || { echo "redocly lint found errors in the API document"; status=1; }
else
  echo "The API document was not written (tests/TestResults/openapi.json): nothing for redocly to lint"; status=1
fi

trx="$results/results.trx"
if [ -f "$trx" ]; then
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$(count total); executed=$(count executed); passed=$(count passed); failed=$(count failed)
  skipped=$((total - executed))
  if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
  else
    echo "$passed passed, $failed failed"
  fi
else
  echo "0 passed, 1 failed"
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
