# Sourced by the run and test scripts: installs the pinned tools (Azurite, MailDev, Redocly CLI) if missing and starts
# Azurite and MailDev on free loopback ports.
# Usage: start_azurite DATA_DIR   (sets AZURITE_PID and AZURITE_CONNECTION_STRING)
#        start_maildev DATA_DIR   (sets MAILDEV_PID, MAILDEV_SMTP_PORT and MAILDEV_WEB_PORT)

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

ensure_node_packages() {
  local tool
  for tool in azurite maildev redocly; do
    [ -x "$repo_root/node_modules/.bin/$tool" ] && continue
    echo "Installing the pinned Azurite, MailDev and Redocly CLI (npm ci)..."
    (cd "$repo_root" && npm ci --no-audit --no-fund --loglevel=error)
    return
  done
}

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

port_is_free() {
  [[ "${1:-}" =~ ^[0-9]+$ ]] || return 1
  node -e "const s=require('net').createServer().once('error',()=>process.exit(1));
    s.listen($1,'127.0.0.1',()=>s.close(()=>process.exit(0)))"
}

start_azurite() {
  local data_dir="$1"
  ensure_node_packages
  mkdir -p "$data_dir"
  local blob queue table
  blob=$(free_port); queue=$(free_port); table=$(free_port)
  # --skipApiVersionCheck: the current Azure SDKs ask for newer service versions than Azurite 3.37 knows.
  "$repo_root/node_modules/.bin/azurite" --silent --location "$data_dir" --skipApiVersionCheck --loose --disableTelemetry \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
    --tableHost 127.0.0.1 --tablePort "$table" >"$data_dir/azurite.log" 2>&1 &
  AZURITE_PID=$!
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  AZURITE_CONNECTION_STRING="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$table") 2>/dev/null && (exec 3<>"/dev/tcp/127.0.0.1/$blob") 2>/dev/null; then
      return 0
    fi
    if ! kill -0 "$AZURITE_PID" 2>/dev/null; then
      echo "Azurite did not start:" >&2; cat "$data_dir/azurite.log" >&2; return 1
    fi
    sleep 0.2
  done
  echo "Azurite did not open its ports in time." >&2
  return 1
}

stop_azurite() {
  [ -n "${AZURITE_PID:-}" ] || return 0
  kill "$AZURITE_PID" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$AZURITE_PID" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$AZURITE_PID" 2>/dev/null || true
}

# MailDev: a real SMTP server with a web inbox, for the mail LinfenFlows delivers on this machine.
start_maildev() {
  local data_dir="$1"
  ensure_node_packages
  mkdir -p "$data_dir/mail"
  MAILDEV_SMTP_PORT=$(free_port); MAILDEV_WEB_PORT=$(free_port)
  "$repo_root/node_modules/.bin/maildev" --smtp "$MAILDEV_SMTP_PORT" --web "$MAILDEV_WEB_PORT" --ip 127.0.0.1 --web-ip 127.0.0.1 \
    --mail-directory "$data_dir/mail" --silent >"$data_dir/maildev.log" 2>&1 &
  MAILDEV_PID=$!
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$MAILDEV_SMTP_PORT") 2>/dev/null; then return 0; fi
    if ! kill -0 "$MAILDEV_PID" 2>/dev/null; then echo "MailDev did not start:" >&2; cat "$data_dir/maildev.log" >&2; return 1; fi
    sleep 0.2
  done
  echo "MailDev did not open its port in time." >&2
  return 1
}

stop_maildev() {
  [ -n "${MAILDEV_PID:-}" ] || return 0
  kill "$MAILDEV_PID" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$MAILDEV_PID" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$MAILDEV_PID" 2>/dev/null || true
}
