#!/usr/bin/env bash
# Runs LinfenFlows on this machine: Azurite (data kept in .azurite/), then the local host. Ctrl+C stops both; so does the
# host dying in any way (even kill -9): Azurite never outlives the run.
# LINFENFLOWS_PORT chooses the port; otherwise the last run's port (kept in .azurite/) is taken again when it is free,
# so links in mails already sent keep working. LINFENFLOWS_DATA moves the data folder; LINFENFLOWS_NO_BUILD=1 skips the build.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/azurite.sh"
cd "$repo_root"

data="${LINFENFLOWS_DATA:-$repo_root/.azurite}"
port_file="$data/localhost.port"
host_pid=""

# Runs once, on every way out (normal end, a failed step, Ctrl+C, SIGTERM, the host's death); nothing in it may stop it
# half-way, so errexit is off here.
cleanup() {
  set +e
  trap - EXIT INT TERM
  if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then
    kill -TERM "$host_pid" 2>/dev/null
    wait "$host_pid" 2>/dev/null
  fi
  stop_maildev
  stop_azurite
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

mkdir -p "$data"
if [ -n "${LINFENFLOWS_PORT:-}" ]; then
  port="$LINFENFLOWS_PORT"
elif [ -f "$port_file" ] && port_is_free "$(cat "$port_file")"; then
  port="$(cat "$port_file")"
else
  port="$(free_port)"
fi
echo "$port" >"$port_file"

start_azurite "$data"
start_maildev "$data"

if [ "${LINFENFLOWS_NO_BUILD:-}" != "1" ]; then
  echo "Building LinfenFlows..."
  dotnet build functions/LocalHost -c Release -v quiet -nologo
fi

export AzureWebJobsStorage="$AZURITE_CONNECTION_STRING"
export LinfenFlows__PublicBaseUrl="http://127.0.0.1:$port/"
export LocalHost__DevelopmentIdentity="${LocalHost__DevelopmentIdentity:-true}"
export LocalHost__FunctionKey="${LocalHost__FunctionKey:-local-function-key}"
export LocalHost__MasterKey="${LocalHost__MasterKey:-local-master-key}"
# Every role of every process has someone to play it; mail goes to the development mail server.
export LocalHost__SampleDirectory="${LocalHost__SampleDirectory:-true}"
export LinfenFlows__Mail__Host=127.0.0.1 LinfenFlows__Mail__Port="$MAILDEV_SMTP_PORT" LinfenFlows__Mail__Security=None
echo "Mail inbox (MailDev): http://127.0.0.1:$MAILDEV_WEB_PORT/"
# What this machine needs different from host.json (README, "The local host"): work a killed host had taken comes back
# in 30 s instead of 5 minutes, and the control queues prefetch only what the dispatcher gets through well within that.
export LocalHost__Durable__ControlQueueVisibilityTimeout="${LocalHost__Durable__ControlQueueVisibilityTimeout:-00:00:30}"
export LocalHost__Durable__WorkItemQueueVisibilityTimeout="${LocalHost__Durable__WorkItemQueueVisibilityTimeout:-00:00:30}"
export LocalHost__Durable__ControlQueueBufferThreshold="${LocalHost__Durable__ControlQueueBufferThreshold:-20}"
export LocalHost__Durable__ControlQueueBatchSize="${LocalHost__Durable__ControlQueueBatchSize:-5}"
dotnet functions/LocalHost/bin/Release/net10.0/LinfenFlows.LocalHost.dll --urls "http://127.0.0.1:$port" &
host_pid=$!
status=0
wait "$host_pid" || status=$?
host_pid=""
exit "$status"
