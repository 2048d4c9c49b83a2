#!/usr/bin/env bash
# How long the server takes to answer for a big board: seeds 50 users and 5,000 tasks into a
# fresh database, starts the release server, logs in, and times sequential requests from curl
# (a second process, over loopback) for the board page (server-rendered HTML) and the board
# server fn (JSON). Prints p50 / p95 / max and the response sizes (as sent: gzip where asked).
# Until `make bench` exists (issue 8), this is how the board's closing figures were taken.
# Usage: scripts/board-render-time.sh   (after `make test`, which builds the release binary)
#        TASKS=10000 REQUESTS=100 scripts/board-render-time.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

TASKS=${TASKS:-5000}
REQUESTS=${REQUESTS:-50}
PORT=${PORT:-3200}
DATABASE=taskboard_measure

ensure_mariadb
WORK=$(mktemp -d)
trap 'stop_started; rm -rf "$WORK"' EXIT
start_release_server "$PORT" "$DATABASE" "$WORK/server.log" RUST_LOG=warn

base="http://127.0.0.1:$PORT"
curl -sf -o /dev/null -c "$WORK/cookies" -X POST "$base/api/sign_up" \
  --data-urlencode "name=Bench Viewer" --data-urlencode "email=viewer@example.com" \
  --data-urlencode "password=violet tugboat orbit"

say "seeding 49 more users and $TASKS tasks"
# seq_1_to_N is MariaDB's sequence engine.
mysql_client -h 127.0.0.1 -P 3306 -u root "$DATABASE" <<SQL
INSERT INTO users (email, name, password_hash)
  SELECT CONCAT('user', seq, '@example.com'), CONCAT('User ', seq), 'not-a-real-hash' FROM seq_1_to_49;
INSERT INTO tasks (title, description, status, position, deadline, supervisor_id, pic_id)
  SELECT CONCAT('Task ', seq, ': prepare the quarterly report section'), 'Some words about the task.',
         ELT(1 + seq % 4, 'todo', 'in_progress', 'in_review', 'done'), seq * 1024,
         DATE_ADD('2026-01-01', INTERVAL seq % 730 DAY), 1 + seq % 50, IF(seq % 5 = 0, NULL, 1 + (seq * 7) % 50)
  FROM seq_1_to_$TASKS;
SQL

# time_requests LABEL CURL_ARGS...: REQUESTS sequential requests after 5 to warm up.
time_requests() {
  local label=$1; shift
  for _ in 1 2 3 4 5; do curl -sf -o /dev/null -b "$WORK/cookies" "$@"; done
  for _ in $(seq "$REQUESTS"); do
    curl -sf -o /dev/null -b "$WORK/cookies" -w '%{time_total} %{size_download}\n' "$@"
  done | sort -n | awk -v label="$label" '
    { t[NR] = $1 * 1000; size = $2 }
    END {
      p50 = t[int(NR * 0.50 + 0.5)]; p95 = t[int(NR * 0.95 + 0.5)];
      printf "%-28s n=%d  p50 %.1f ms  p95 %.1f ms  max %.1f ms  body %.0f KB\n", label, NR, p50, p95, t[NR], size / 1024
    }'
}

say "timing $REQUESTS requests each ($TASKS tasks)"
time_requests "GET / (SSR page)" "$base/"
time_requests "GET / (SSR page, gzip)" --compressed "$base/"
time_requests "POST /api/board (JSON)" -X POST "$base/api/board"
time_requests "GET /?q=Task%2012 (search)" "$base/?q=Task%2012"
