#!/usr/bin/env bash
# Deploys the SpaceTime VR monitoring stack (docs/deploy.md).
#
#   deploy/deploy.sh [options] [preflight|start|status|stop]      (default: start)
#
# --mode local   runs the Debian binaries (victoria-metrics, prometheus-alertmanager, prometheus)
#                and this package's exporter and health monitor as background processes, each
#                with a pid file, log and data directory under the state directory.
# --mode docker  runs deploy/docker-compose.yml.
#
# `start` runs the preflight first (ports free, binaries present, every config valid), then starts
# what is not already running and waits for each health URL. Running it twice is safe: a component
# whose pid file names a live process of the same program is left alone, and its port is not
# reported as taken.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

mode=local
command=start
state_dir="${SPACETIME_STATE_DIR:-$ROOT/.tmp/deploy}"
prometheus_config="$ROOT/deploy/prometheus/prometheus.yml"
alertmanager_config="$ROOT/deploy/alertmanager/alertmanager.yml"
compose_file="$ROOT/deploy/docker-compose.yml"
api_url="${SPACETIME_API_URL:-http://127.0.0.1:8080}"
jwt_token="${SPACETIME_JWT_TOKEN:-$ROOT/jwt_token.txt}"
telemetry_url="${SPACETIME_TELEMETRY_URL:-}"
monitor_config="${SPACETIME_CONFIG:-}"
only=""
wait_seconds=60
declare -A port=([victoria-metrics]=8428 [alertmanager]=9093 [exporter]=9091 [prometheus]=9090 [grafana]=3000 [node-exporter]=9100
  [elasticsearch]=9200 [kibana]=5601 [filebeat]=5066)
ports_overridden=0

LOCAL_COMPONENTS=(victoria-metrics alertmanager exporter prometheus health)
DOCKER_SERVICES=(victoria-metrics alertmanager exporter prometheus grafana node-exporter)
# The compose file's `logs` profile, with --logs.
DOCKER_LOG_SERVICES=(elasticsearch kibana filebeat)
with_logs=0

usage() {
  cat <<EOF
Usage: deploy/deploy.sh [options] [preflight|start|status|stop]

Options:
  --mode local|docker          local Debian binaries (default) or docker compose
  --state-dir DIR              pid files, logs and data of the local mode (default: .tmp/deploy)
  --prometheus-config FILE     default: deploy/prometheus/prometheus.yml
  --alertmanager-config FILE   default: deploy/alertmanager/alertmanager.yml
  --api-url URL                the game's API for the exporter and health monitor (default: $api_url)
  --jwt-token FILE|env:NAME    the game's JWT (default: jwt_token.txt)
  --telemetry-url WS-URL       the game's telemetry WebSocket for the exporter (default: none)
  --config FILE                spacetime-monitor YAML config for the exporter and health monitor
                               (targets, log sources...; see deploy/spacetime-monitor.example.yml)
  --only LIST                  comma-separated components (local: ${LOCAL_COMPONENTS[*]})
  --port NAME=PORT             listen port of a component (local mode; the configs must agree)
  --wait SECONDS               how long to wait for each health URL (default: $wait_seconds)
  --logs                       docker mode: also Elasticsearch, Kibana and Filebeat (profile logs)
EOF
}

die() {
  echo "deploy: $*" >&2
  exit 1
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --mode) mode="${2:?--mode needs local or docker}"; shift 2 ;;
    --state-dir) state_dir="${2:?}"; shift 2 ;;
    --prometheus-config) prometheus_config="${2:?}"; shift 2 ;;
    --alertmanager-config) alertmanager_config="${2:?}"; shift 2 ;;
    --api-url) api_url="${2:?}"; shift 2 ;;
    --jwt-token) jwt_token="${2:?}"; shift 2 ;;
    --telemetry-url) telemetry_url="${2:?}"; shift 2 ;;
    --config) monitor_config="${2:?}"; shift 2 ;;
    --only) only="${2:?}"; shift 2 ;;
    --wait) wait_seconds="${2:?}"; shift 2 ;;
    --logs) with_logs=1; shift ;;
    --port)
      spec="${2:?--port needs NAME=PORT}"
      name="${spec%%=*}"
      value="${spec#*=}"
      [[ -n "${port[$name]+set}" ]] || die "--port: unknown component '$name' (known: ${!port[*]})"
      [[ "$value" =~ ^[0-9]+$ ]] && ((value > 0 && value < 65536)) || die "--port $spec: not a port number"
      port[$name]="$value"
      ports_overridden=1
      shift 2
      ;;
    -h | --help) usage; exit 0 ;;
    preflight | start | status | stop) command="$1"; shift ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done

[[ "$mode" == local || "$mode" == docker ]] || die "--mode must be local or docker, not '$mode'"
[[ "$mode" == local || $ports_overridden == 0 ]] ||
  die "--port applies to --mode local; deploy/docker-compose.yml fixes the ports of the containers"

[[ "$mode" == docker || $with_logs == 0 ]] || die "--logs applies to --mode docker (the log pipeline has no local mode here)"
if [[ "$mode" == local ]]; then
  all_components=("${LOCAL_COMPONENTS[@]}")
else
  all_components=("${DOCKER_SERVICES[@]}")
  if ((with_logs)); then
    all_components+=("${DOCKER_LOG_SERVICES[@]}")
    export COMPOSE_PROFILES=logs
  fi
fi
components=()
if [[ -n "$only" ]]; then
  IFS=',' read -r -a requested <<<"$only"
  for c in "${requested[@]}"; do
    [[ " ${all_components[*]} " == *" $c "* ]] || die "--only: unknown component '$c' (known in $mode mode: ${all_components[*]})"
  done
  # Always in dependency order, whatever order --only lists them in.
  for c in "${all_components[@]}"; do
    [[ ",$only," == *",$c,"* ]] && components+=("$c")
  done
else
  components=("${all_components[@]}")
fi

wanted() { [[ " ${components[*]} " == *" $1 "* ]]; }

run_dir="$state_dir/run"
log_dir="$state_dir/logs"
data_dir="$state_dir/data"

# --- processes of the local mode -------------------------------------------------------------

# The program a component's pid must be running, so a recycled pid is never mistaken for ours.
program_of() {
  case "$1" in
    victoria-metrics) echo victoria-metrics ;;
    alertmanager) echo alertmanager ;;
    prometheus) echo prometheus ;;
    exporter | health) echo spacetime-monitor ;;
  esac
}

# Prints the pid of a running component started by this script, or nothing.
running_pid() {
  local file="$run_dir/$1.pid" pid
  [[ -f "$file" ]] || return 0
  pid="$(<"$file")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && [[ -r "/proc/$pid/cmdline" ]] &&
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$(program_of "$1")"; then
    echo "$pid"
  else
    rm -f "$file"
  fi
}

health_url() {
  case "$1" in
    victoria-metrics) echo "http://127.0.0.1:${port[victoria-metrics]}/health" ;;
    alertmanager) echo "http://127.0.0.1:${port[alertmanager]}/-/ready" ;;
    prometheus) echo "http://127.0.0.1:${port[prometheus]}/-/ready" ;;
    exporter) echo "http://127.0.0.1:${port[exporter]}/-/healthy" ;;
    grafana) echo "http://127.0.0.1:${port[grafana]}/api/health" ;;
    node-exporter) echo "http://127.0.0.1:${port[node-exporter]}/metrics" ;;
    elasticsearch) echo "http://127.0.0.1:${port[elasticsearch]}/_cluster/health" ;;
    kibana) echo "http://127.0.0.1:${port[kibana]}/api/status" ;;
    filebeat) echo "http://127.0.0.1:${port[filebeat]}/" ;;
    health) echo "" ;;
  esac
}

where() {
  case "$1" in
    victoria-metrics) echo "http://127.0.0.1:${port[victoria-metrics]}/vmui (Prometheus API at /api/v1)" ;;
    alertmanager) echo "http://127.0.0.1:${port[alertmanager]}" ;;
    prometheus) echo "http://127.0.0.1:${port[prometheus]}" ;;
    exporter) echo "http://127.0.0.1:${port[exporter]}/metrics" ;;
    grafana) echo "http://127.0.0.1:${port[grafana]} (dashboards: SpaceTime VR folder)" ;;
    node-exporter) echo "http://127.0.0.1:${port[node-exporter]}/metrics" ;;
    elasticsearch) echo "http://127.0.0.1:${port[elasticsearch]}" ;;
    kibana) echo "http://127.0.0.1:${port[kibana]}" ;;
    filebeat) echo "http://127.0.0.1:${port[filebeat]} (Filebeat's own stats)" ;;
    health) echo "checks in $log_dir/health-checks.log" ;;
  esac
}

# --- preflight -------------------------------------------------------------------------------

problems=()
problem() { problems+=("$*"); }

port_in_use() {
  # A successful connect means something listens there (also a 0.0.0.0 listener).
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

need_binary() {
  command -v "$1" >/dev/null 2>&1 || problem "$1 not found: install the Debian package '$2' (apt-get install --no-install-recommends $2)"
}

alertmanager_binary() {
  if command -v prometheus-alertmanager >/dev/null 2>&1; then echo prometheus-alertmanager; else echo alertmanager; fi
}

check_ports() {
  local c p owner
  for c in "${components[@]}"; do
    [[ "$c" == health ]] && continue
    p="${port[$c]}"
    if [[ "$mode" == local && -n "$(running_pid "$c")" ]]; then continue; fi
    if port_in_use "$p"; then
      owner=""
      if command -v ss >/dev/null 2>&1; then
        owner="$(ss -Hltnp "sport = :$p" 2>/dev/null | grep -o 'users:(("[^"]*"' | head -n1 | cut -d'"' -f2 || true)"
      fi
      problem "port 127.0.0.1:$p for $c is already in use${owner:+ by '$owner'}: stop it, or choose another with --port $c=PORT"
    fi
  done
}

check_configs() {
  local out
  if wanted prometheus; then
    if [[ ! -f "$prometheus_config" ]]; then
      problem "Prometheus config $prometheus_config does not exist"
    elif command -v promtool >/dev/null 2>&1; then
      out="$(promtool check config "$prometheus_config" 2>&1)" || problem "promtool check config $prometheus_config failed:
$out"
      grep -Eq '^remote_write:' "$prometheus_config" ||
        echo "deploy: warning: $prometheus_config has no remote_write block: VictoriaMetrics will not receive Prometheus' series" >&2
    fi
  fi
  if wanted alertmanager; then
    if [[ ! -f "$alertmanager_config" ]]; then
      problem "Alertmanager config $alertmanager_config does not exist"
    elif command -v amtool >/dev/null 2>&1; then
      out="$(amtool check-config "$alertmanager_config" 2>&1)" || problem "amtool check-config $alertmanager_config failed:
$out"
    fi
  fi
}

preflight_local() {
  wanted victoria-metrics && need_binary victoria-metrics victoria-metrics
  wanted prometheus && need_binary prometheus prometheus
  wanted prometheus && need_binary promtool prometheus
  if wanted alertmanager; then
    command -v prometheus-alertmanager >/dev/null 2>&1 || command -v alertmanager >/dev/null 2>&1 ||
      problem "prometheus-alertmanager not found: install the Debian package 'prometheus-alertmanager'"
    need_binary amtool prometheus-alertmanager
  fi
  if wanted exporter || wanted health; then
    need_binary node nodejs
    if [[ ! -f "$ROOT/dist/cli/main.js" ]]; then
      problem "$ROOT/dist is missing: run 'npm install' (or 'npm run build') first"
    elif [[ -n "$monitor_config" ]]; then
      local out
      out="$(node "$ROOT/bin/spacetime-monitor.js" check-config "$monitor_config" 2>&1)" ||
        problem "spacetime-monitor check-config $monitor_config failed:
$out"
    fi
  fi
  need_binary curl curl
  check_configs
  check_ports
}

compose() {
  if docker compose version >/dev/null 2>&1; then
    docker compose -f "$compose_file" "$@"
  else
    docker-compose -f "$compose_file" "$@"
  fi
}

preflight_docker() {
  command -v docker >/dev/null 2>&1 || problem "docker not found: install Docker Engine, or use --mode local"
  if command -v docker >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1; then
    local out
    out="$(compose config -q 2>&1)" || problem "$compose_file is invalid:
$out"
  else
    problem "neither 'docker compose' nor 'docker-compose' found"
  fi
  local secret="${GRAFANA_ADMIN_PASSWORD_FILE:-$ROOT/deploy/grafana/secrets/admin_password}"
  [[ -s "$secret" ]] || echo "deploy: the Grafana admin password file $secret is missing: start creates a random one" >&2
  [[ -f "${SPACETIME_JWT_TOKEN_FILE:-$ROOT/jwt_token.txt}" ]] ||
    problem "the game's JWT file ${SPACETIME_JWT_TOKEN_FILE:-$ROOT/jwt_token.txt} is missing (set SPACETIME_JWT_TOKEN_FILE)"
  command -v curl >/dev/null 2>&1 || problem "curl not found: install the Debian package 'curl'"
  check_configs
  check_ports
}

preflight() {
  problems=()
  if [[ "$mode" == local ]]; then preflight_local; else preflight_docker; fi
  if ((${#problems[@]})); then
    echo "deploy: preflight failed ($mode mode):" >&2
    printf '  - %s\n' "${problems[@]}" >&2
    return 1
  fi
  echo "deploy: preflight passed ($mode mode: ${components[*]})"
}

# --- start, status, stop ---------------------------------------------------------------------

wait_healthy() {
  local name="$1" url="$2" pid="${3:-}" deadline=$((SECONDS + wait_seconds))
  while ((SECONDS < deadline)); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      echo "deploy: $name exited during start; last lines of $log_dir/$name.log:" >&2
      tail -n 20 "$log_dir/$name.log" >&2 || true
      return 1
    fi
    sleep 0.5
  done
  echo "deploy: $name did not answer $url within ${wait_seconds}s" >&2
  return 1
}

# Sets `cmd` to the command line of a local component.
set_command() {
  case "$1" in
    victoria-metrics)
      cmd=(victoria-metrics "-httpListenAddr=127.0.0.1:${port[victoria-metrics]}"
        "-storageDataPath=$data_dir/victoria-metrics" -retentionPeriod=12)
      ;;
    alertmanager)
      cmd=("$(alertmanager_binary)" "--config.file=$alertmanager_config" "--storage.path=$data_dir/alertmanager"
        "--web.listen-address=127.0.0.1:${port[alertmanager]}"
        "--web.external-url=http://127.0.0.1:${port[alertmanager]}" --cluster.listen-address=)
      ;;
    prometheus)
      cmd=(prometheus "--config.file=$prometheus_config" "--storage.tsdb.path=$data_dir/prometheus"
        "--web.listen-address=127.0.0.1:${port[prometheus]}"
        "--web.external-url=http://127.0.0.1:${port[prometheus]}" --web.enable-lifecycle)
      ;;
    exporter)
      cmd=(node "$ROOT/bin/spacetime-monitor.js" exporter --listen "127.0.0.1:${port[exporter]}"
        --api-url "$api_url" --jwt-token "$jwt_token")
      [[ -z "$telemetry_url" ]] || cmd+=(--telemetry-url "$telemetry_url")
      [[ -z "$monitor_config" ]] || cmd+=(--config "$monitor_config")
      ;;
    health)
      cmd=(node "$ROOT/bin/spacetime-monitor.js" health --api-url "$api_url" --jwt-token "$jwt_token"
        --log-file "$log_dir/health-checks.log" --state-file "$data_dir/health/health-state.json")
      [[ -z "$monitor_config" ]] || cmd+=(--config "$monitor_config")
      ;;
  esac
}

start_local() {
  mkdir -p "$run_dir" "$log_dir" "$data_dir"
  local c pid url cmd=()
  for c in "${components[@]}"; do
    pid="$(running_pid "$c")"
    if [[ -n "$pid" ]]; then
      echo "deploy: $c already running (pid $pid)"
      continue
    fi
    mkdir -p "$data_dir/$c"
    set_command "$c"
    # setsid: the component survives this shell and the terminal; its pid is the program's own.
    setsid nohup "${cmd[@]}" >>"$log_dir/$c.log" 2>&1 </dev/null &
    pid=$!
    echo "$pid" >"$run_dir/$c.pid"
    url="$(health_url "$c")"
    if [[ -n "$url" ]]; then
      # One that never became healthy is stopped again: left running, the next start would take it
      # for a good one ("already running") and never check it.
      wait_healthy "$c" "$url" "$pid" || {
        stop_one "$c" "$pid"
        return 1
      }
    else
      sleep 2
      kill -0 "$pid" 2>/dev/null || {
        echo "deploy: $c exited during start; see $log_dir/$c.log" >&2
        tail -n 20 "$log_dir/$c.log" >&2 || true
        return 1
      }
    fi
    echo "deploy: started $c (pid $pid)"
  done
}

start_docker() {
  local secret="${GRAFANA_ADMIN_PASSWORD_FILE:-$ROOT/deploy/grafana/secrets/admin_password}"
  if [[ ! -s "$secret" ]]; then
    mkdir -p "$(dirname "$secret")"
    (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$secret")
    echo "deploy: wrote a random Grafana admin password to $secret"
  fi
  local services=()
  for c in "${components[@]}"; do services+=("$([[ $c == victoria-metrics ]] && echo victoriametrics || echo "$c")"); done
  compose up -d --build "${services[@]}"
  for c in "${components[@]}"; do wait_healthy "$c" "$(health_url "$c")" || return 1; done
}

print_where() {
  echo
  echo "SpaceTime VR monitoring ($mode mode):"
  local c pid
  for c in "${components[@]}"; do
    pid=""
    [[ "$mode" == local ]] && pid="$(running_pid "$c")"
    printf '  %-17s %s%s\n' "$c" "$(where "$c")" "${pid:+  (pid $pid)}"
  done
  if [[ "$mode" == local ]]; then
    echo "  logs              $log_dir"
    echo "  grafana           not started in local mode: provision your Grafana from deploy/grafana/provisioning"
  fi
}

status() {
  local c pid url state rc=0
  for c in "${components[@]}"; do
    url="$(health_url "$c")"
    if [[ "$mode" == local ]]; then
      pid="$(running_pid "$c")"
      if [[ -z "$pid" ]]; then state="stopped"; rc=3
      elif [[ -z "$url" ]] || curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then state="running (pid $pid)"
      else state="running (pid $pid) but $url does not answer"; rc=3
      fi
    elif curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then state="healthy"
    else state="not answering $url"; rc=3
    fi
    printf '  %-17s %s\n' "$c" "$state"
  done
  return $rc
}

# TERM, up to 10 s to exit, then KILL; the pid file goes with it.
stop_one() {
  local c="$1" pid="$2"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$run_dir/$c.pid"
  echo "deploy: stopped $c (pid $pid)"
}

stop_local() {
  local i c pid
  # Reverse order: Prometheus stops before what it scrapes and writes to.
  for ((i = ${#components[@]} - 1; i >= 0; i--)); do
    c="${components[$i]}"
    pid="$(running_pid "$c")"
    [[ -n "$pid" ]] || continue
    stop_one "$c" "$pid"
  done
}

case "$command" in
  preflight) preflight ;;
  start)
    preflight
    if [[ "$mode" == local ]]; then start_local; else start_docker; fi
    print_where
    ;;
  status) status ;;
  stop)
    if [[ "$mode" == local ]]; then stop_local; else compose down; fi
    ;;
esac
