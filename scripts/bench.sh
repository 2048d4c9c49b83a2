#!/usr/bin/env bash
# `make bench`: the performance figures of Taskboard, reproducible on any machine.
#   1. builds the release server, the browser side and the ceiling (examples/board_ceiling.rs)
#   2. seeds 50 users and a board of 5,000 tasks, the scaling boards (1,000, 20,000 and 50,000
#      tasks) and 100 boards of 500 into a fresh database; starts the release server (with
#      DynamoDB Local and the SES stand-in, as in development), a second one on the same
#      database with the board cache off and the default concurrency limit, and the ceiling
#   3. drives them with wrk from a second process over loopback, logged in: the board page
#      (cached, uncached, and answered 304 to a browser that has it), a task page, the ceiling,
#      the move server fn; the scaling table; an overload run of 256 connections against the
#      limited server (scripts/bench/overload.py times each answer by status); samples RSS
#   4. page weight of a first visit to the board (HTML, CSS, JS, WASM; raw and gzip), checked
#      against the budget; Lighthouse (performance, accessibility) for /login and the board
#   5. the live board: change → update latency and RSS with 1,000 open streams
#      (scripts/live-latency.sh, two more instances on their own database)
#   6. prints the table (also written to target/bench/results.md) and fails when the page
#      weight is over budget.
# Usage: make bench   |   DURATION=30s TASKS=10000 make bench
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export PATH="$HOME/.cargo/bin:$PATH"

TASKS=${TASKS:-5000}
USERS=50
DURATION=${DURATION:-10s}
BUDGET_GZIP_KB=${BUDGET_GZIP_KB:-250}
PORT=3400 CEILING_PORT=3401 UNCACHED_PORT=3402 DYNAMODB_PORT=8040 SES_PORT=8045
# The scaling table's boards besides the main one (ids 11, 12, 13), and 100 boards of 500
# tasks (ids 101-200).
SCALE_SIZES=(1000 20000 50000)
MANY_BOARDS=100 MANY_TASKS=500
DATABASE=taskboard_bench
OUT=$(target_dir)/bench
mkdir -p "$OUT"

bash scripts/setup.sh --test
command -v wrk >/dev/null || { say "installing wrk (apt)"; apt_install wrk; }

say "building the release server, the browser side and the ceiling"
cargo leptos build --release --precompress --frontend-only
# The same flags as `make test`, so a tested binary is not rebuilt.
LEPTOS_OUTPUT_NAME=taskboard cargo build --release --no-default-features --features ssr \
  --bin taskboard --example board_ceiling

ensure_mariadb
trap stop_started EXIT
start_dynamodb "$DYNAMODB_PORT" "$OUT/dynamodb.log"
start_ses "$SES_PORT" "$OUT/ses.log"
# The move runs are one person moving cards hundreds of times a second, each emailing its person
# in charge: far past the per-person limit on emailing changes, which is turned off here (0). So
# is the concurrency limit, which the 64-connection runs would otherwise meet now and then.
aws=(AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$DYNAMODB_PORT"
  AWS_ENDPOINT_URL_DYNAMODB_STREAMS="http://127.0.0.1:$DYNAMODB_PORT"
  AWS_ENDPOINT_URL_SESV2="http://127.0.0.1:$SES_PORT"
  AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1)
start_release_server "$PORT" "$DATABASE" "$OUT/server.log" RUST_LOG=warn TABLE_PREFIX=bench- \
  NOTIFYING_WRITES_PER_MINUTE=0 API_REQUESTS_PER_MINUTE=0 MAX_CONCURRENT_REQUESTS=1000 "${aws[@]}"
server_pid=$RELEASE_SERVER_PID
base="http://127.0.0.1:$PORT"

# tasks_sql BOARD N: N tasks on board BOARD (an id, or an SQL expression of seq). Every 50th
# is supervised by the viewer (user 1); a fifth have nobody in charge.
tasks_sql() {
  cat <<SQL
INSERT INTO tasks (board_id, title, description, status, position, deadline, supervisor_id, pic_id)
  SELECT $1, CONCAT('Task ', seq, ': prepare the quarterly report section'),
         'Collect the figures from each team, check them against last quarter and write the summary.',
         ELT(1 + seq % 4, 'todo', 'in_progress', 'in_review', 'done'), seq * 1024,
         DATE_ADD('2026-01-01', INTERVAL seq % 730 DAY), 1 + seq % $USERS,
         IF(seq % 5 = 0, NULL, 1 + (seq * 7) % $USERS)
  FROM seq_1_to_$2;
SQL
}
# board_sql ID NAME: a board with its columns, every user a member, user 2 its admin.
board_sql() {
  cat <<SQL
INSERT INTO boards (id, name) VALUES ($1, '$2');
INSERT INTO column_locks (board_id, status) VALUES ($1, 'todo'), ($1, 'in_progress'), ($1, 'in_review'), ($1, 'done');
INSERT INTO board_members (board_id, user_id, role) SELECT $1, id, IF(id = 2, 'admin', 'member') FROM users;
SQL
}

say "signing up the viewer and seeding $((USERS - 1)) more users and $TASKS tasks"
sign_up "$base" "$OUT/cookies" "Bench Viewer" viewer@example.com
cookie="taskboard_session=$(awk '$6 == "taskboard_session" { print $7 }' "$OUT/cookies")"
# seq_1_to_N is MariaDB's sequence engine. Every 50th task is supervised by the viewer. All of
# them are on board 1, with every user a member: the viewer a plain member (so, as before boards,
# they may move only the cards they supervise or are in charge of), user 2 its admin.
mysql_client -h 127.0.0.1 -P 3306 -u root "$DATABASE" <<SQL
INSERT INTO users (email, name, handle, password_hash, email_verified_at)
  SELECT CONCAT('user', seq, '@example.com'), CONCAT('User ', seq), CONCAT('user', seq), 'not-a-real-hash', NOW()
  FROM seq_1_to_$((USERS - 1));
UPDATE users SET email_verified_at = NOW();
INSERT INTO boards (id, name) VALUES (1, 'Bench board');
INSERT INTO column_locks (board_id, status) VALUES (1, 'todo'), (1, 'in_progress'), (1, 'in_review'), (1, 'done');
INSERT INTO board_members (board_id, user_id, role) SELECT 1, id, IF(id = 2, 'admin', 'member') FROM users;
$(tasks_sql 1 "$TASKS")
$(for i in "${!SCALE_SIZES[@]}"; do board_sql $((11 + i)) "Scale ${SCALE_SIZES[$i]}"; tasks_sql $((11 + i)) "${SCALE_SIZES[$i]}"; done)
INSERT INTO boards (id, name) SELECT 100 + seq, CONCAT('Board ', seq) FROM seq_1_to_$MANY_BOARDS;
INSERT INTO column_locks (board_id, status)
  SELECT b.id, s.status FROM boards b
  CROSS JOIN (SELECT 'todo' AS status UNION ALL SELECT 'in_progress' UNION ALL SELECT 'in_review' UNION ALL SELECT 'done') s
  WHERE b.id > 100;
INSERT INTO board_members (board_id, user_id, role)
  SELECT b.id, u.id, IF(u.id = 2, 'admin', 'member') FROM boards b CROSS JOIN users u WHERE b.id > 100;
$(tasks_sql "101 + seq % $MANY_BOARDS" $((MANY_BOARDS * MANY_TASKS)))
ANALYZE TABLE tasks, users, board_members, column_counts;
SQL
task_id=$(mysql_client -h 127.0.0.1 -u root -N "$DATABASE" -e "SELECT id FROM tasks WHERE supervisor_id = 1 LIMIT 1")
# A read token of the viewer's for the REST API runs (made here; the server keeps its SHA-256).
export BENCH_TOKEN
BENCH_TOKEN="tbp_$(head -c 120 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)"
mysql_client -h 127.0.0.1 -u root "$DATABASE" -e "INSERT INTO api_tokens (user_id, name, secret_hash, hint, access, created_at)
  VALUES (1, 'bench', '$(printf '%s' "$BENCH_TOKEN" | sha256sum | cut -d' ' -f1)', '${BENCH_TOKEN:0:8}', 'read', NOW(6))"
# The viewer's first 8 tasks with their current versions, for move.lua (read again before each
# move run: the previous run has moved them on).
move_tasks() {
  mysql_client -h 127.0.0.1 -u root -N "$DATABASE" \
    -e "SELECT GROUP_CONCAT(CONCAT(id, ':', version)) FROM (SELECT id, version FROM tasks WHERE supervisor_id = 1 ORDER BY id LIMIT 8) t"
}

say "starting the ceiling on 127.0.0.1:$CEILING_PORT"
DATABASE_URL="mysql://root@127.0.0.1:3306/$DATABASE" LISTEN_ADDR="127.0.0.1:$CEILING_PORT" VIEWER_ID=1 BOARD_ID=1 \
  "$(target_dir)/release/examples/board_ceiling" >"$OUT/ceiling.log" 2>&1 &
STARTED_PIDS+=($!)
wait_for_url "http://127.0.0.1:$CEILING_PORT/" 30 "the ceiling"

say "starting a second server on the same database: no board data cache (BOARD_CACHE_ENTRIES=0), the default concurrency limit"
start_another_server "$UNCACHED_PORT" "$DATABASE" "$OUT/uncached.log" RUST_LOG=warn TABLE_PREFIX=bench- \
  NOTIFYING_WRITES_PER_MINUTE=0 BOARD_CACHE_ENTRIES=0 "${aws[@]}"
uncached="http://127.0.0.1:$UNCACHED_PORT"

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$server_pid/status"; }
# rss_peak_while PID: the server's highest RSS (KB) while process PID runs.
rss_peak_while() {
  local peak=0 now
  while kill -0 "$1" 2>/dev/null; do
    now=$(rss_kb)
    [ "$now" -gt "$peak" ] && peak=$now
    sleep 0.1
  done
  echo "$peak"
}

export BENCH_COOKIE="$cookie" BENCH_ORIGIN="$base"
declare -A result rss_peak
# run NAME CONNECTIONS SCRIPT URL: one wrk run; its RESULT line is kept as result[NAME] and the
# server's highest RSS during it (KB) as rss_peak[NAME].
run() {
  local name=$1 connections=$2 script=$3 url=$4 threads wrk_pid
  threads=$((connections < 2 ? 1 : 2))
  [ "$script" = move ] && threads=$connections # move.lua: one connection per thread
  wrk --latency -t"$threads" -c"$connections" -d"$DURATION" -s "scripts/bench/$script.lua" "$url" >"$OUT/$name.txt" &
  wrk_pid=$!
  rss_peak[$name]=$(rss_peak_while "$wrk_pid")
  wait "$wrk_pid"
  result[$name]=$(grep '^RESULT' "$OUT/$name.txt")
  say "$name: ${result[$name]#RESULT } (server RSS peak $((rss_peak[$name] / 1024)) MB)"
}
field() { sed -n "s/.*\b$2=\([0-9.]*\).*/\1/p" <<<"${result[$1]}"; }

say "warming up"
wrk -t1 -c4 -d3s -s scripts/bench/get.lua "$base/boards/1" >/dev/null
wrk -t1 -c4 -d3s -s scripts/bench/get.lua "http://127.0.0.1:$CEILING_PORT/" >/dev/null
sleep 1
rss_idle=$(rss_kb)

say "load: $DURATION per run, $TASKS tasks"
run board_c1 1 get "$base/boards/1"
run ceiling_c1 1 get "http://127.0.0.1:$CEILING_PORT/"
run board_c64 64 get "$base/boards/1"
run ceiling_c64 64 get "http://127.0.0.1:$CEILING_PORT/"
run uncached_c1 1 get "$uncached/boards/1"
run uncached_c64 64 get "$uncached/boards/1"
export BENCH_ETAG
BENCH_ETAG=$(curl -sf -D - -o /dev/null -H "Cookie: $cookie" "$base/boards/1" | awk 'tolower($1) == "etag:" { print $2 }' | tr -d '\r')
run not_modified_c64 64 conditional "$base/boards/1"
not_modified_share=$(sed -n 's/^NOT_MODIFIED share=//p' "$OUT/not_modified_c64.txt")
run api_c1 1 api "$base/api/v1/boards/1/tasks"
run api_c64 64 api "$base/api/v1/boards/1/tasks"
run task_c1 1 get "$base/tasks/$task_id"
run task_c64 64 get "$base/tasks/$task_id"
export BENCH_MOVE_TASKS; BENCH_MOVE_TASKS=$(move_tasks)
run move_c1 1 move "$base"
BENCH_MOVE_TASKS=$(move_tasks)
run move_c8 8 move "$base"

say "scaling: the board page at 64 connections, cached and uncached, by the size of the board"
declare -A scale_board=([$TASKS]=1)
for i in "${!SCALE_SIZES[@]}"; do scale_board[${SCALE_SIZES[$i]}]=$((11 + i)); done
scale_sizes=$(printf '%s\n' "${!scale_board[@]}" | sort -n)
for n in $scale_sizes; do
  wrk -t1 -c4 -d2s -s scripts/bench/get.lua "$base/boards/${scale_board[$n]}" >/dev/null
  run "scale_${n}_cached" 64 get "$base/boards/${scale_board[$n]}"
  run "scale_${n}_uncached" 64 get "$uncached/boards/${scale_board[$n]}"
done
export BENCH_BOARDS="101-$((100 + MANY_BOARDS))"
run many_cached 64 boards "$base"
run many_uncached 64 boards "$uncached"

say "overload: 256 connections (a request per 100 ms each) against the server with the default concurrency limit, no cache"
python3 scripts/bench/overload.py "$uncached/boards/1" "$cookie" 256 "${DURATION%s}" 100 | tee "$OUT/overload.txt"
overload=$(grep '^OVERLOAD' "$OUT/overload.txt")
ofield() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" <<<"$overload"; }
(( $(ofield requests) > 0 )) || die "the overload run made no requests"

say "page weight of a first visit to the board"
curl -sf -b "$OUT/cookies" "$base/boards/1" -o "$OUT/board.html"
weight_rows="" raw_total=0 gzip_total=0 sent_total=0
# raw, gzip -6 of it (the budget's measure), and the bytes the server sends a browser that
# accepts Brotli, as Chromium does (the assets precompressed at build time, the HTML on the fly).
add_weight() {
  local label=$1 file=$2 url=$3 raw gz sent
  raw=$(wc -c <"$file")
  gz=$(gzip -6 -c "$file" | wc -c)
  sent=$(curl -sf -b "$OUT/cookies" -H 'Accept-Encoding: br, gzip' "$url" | wc -c)
  raw_total=$((raw_total + raw)) gzip_total=$((gzip_total + gz)) sent_total=$((sent_total + sent))
  weight_rows+="| $label | $((raw / 1024)) KB | $((gz / 1024)) KB | $((sent / 1024)) KB |"$'\n'
}
add_weight "HTML (/)" "$OUT/board.html" "$base/boards/1"
for asset in $(grep -o '/pkg/[^"'"'"' ]*' "$OUT/board.html" | sort -u); do
  curl -sf "$base$asset" -o "$OUT/asset"
  add_weight "$asset" "$OUT/asset" "$base$asset"
done
weight_rows+="| **total** | **$((raw_total / 1024)) KB** | **$((gzip_total / 1024)) KB** | **$((sent_total / 1024)) KB** |"$'\n'

say "Lighthouse (mobile preset, Chromium $(chromium --version 2>/dev/null | awk '{print $2}'))"
# lighthouse_scores NAME URL [FLAGS]: "PERFORMANCE ACCESSIBILITY" of URL, each the median of
# three runs (LH_RUNS; the dark theme's runs are for accessibility only, which does not vary:
# one each). One run's performance score moves by ten points on this machine with what else
# runs (five runs on an idle board page: 86, 96, 96, 94, 94), as Lighthouse's own docs on
# variability warn; the median of three is what they suggest.
lighthouse_scores() {
  local name=$1 url=$2 run reports=()
  shift 2
  for run in $(seq 1 "${LH_RUNS:-3}"); do
    reports+=("$OUT/lighthouse-$name-$run.json")
    CHROME_PATH=/usr/bin/chromium end2end/node_modules/.bin/lighthouse "$url" --quiet \
      --only-categories=performance,accessibility --output=json --output-path="$OUT/lighthouse-$name-$run.json" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" "$@" >/dev/null 2>"$OUT/lighthouse-$name-$run.log" || true
  done
  python3 -c '
import json, statistics, sys
scores = {"performance": [], "accessibility": []}
for path in sys.argv[1:]:
    try:
        report = json.load(open(path))
    except Exception:
        continue
    for category in scores:
        scores[category].append(round((report["categories"][category]["score"] or 0) * 100))
print(" ".join(str(statistics.median_low(v)) if v else "?" for v in scores.values()))' "${reports[@]}"
}
# The move runs left the audit trail and the emails behind; Lighthouse waits until they have
# gone out, so it does not share the cores with DynamoDB Local and the relay.
for _ in $(seq 1 120); do
  backlog=$(mysql_client -h 127.0.0.1 -u root -N "$DATABASE" -e "SELECT COUNT(*) FROM audit_outbox WHERE relayed_at IS NULL")
  [ "$backlog" = 0 ] && break
  sleep 1
done
sleep 5
read -r lh_login_perf lh_login_a11y < <(lighthouse_scores login "$base/login")
printf '{"Cookie": "%s"}' "$cookie" >"$OUT/lighthouse-headers.json"
read -r lh_board_perf lh_board_a11y < <(lighthouse_scores board "$base/boards/1" --extra-headers="$OUT/lighthouse-headers.json")
# The same two pages in the dark theme: a visitor's theme cookie for /login, the viewer's
# account setting for the board (put back afterwards).
printf '{"Cookie": "taskboard_theme=dark"}' >"$OUT/lighthouse-dark-headers.json"
read -r _ lh_login_dark_a11y < <(LH_RUNS=1 lighthouse_scores login-dark "$base/login" --extra-headers="$OUT/lighthouse-dark-headers.json")
mysql_client -h 127.0.0.1 -u root "$DATABASE" -e "UPDATE users SET theme = 'dark' WHERE id = 1"
read -r _ lh_board_dark_a11y < <(LH_RUNS=1 lighthouse_scores board-dark "$base/boards/1" --extra-headers="$OUT/lighthouse-headers.json")
mysql_client -h 127.0.0.1 -u root "$DATABASE" -e "UPDATE users SET theme = NULL WHERE id = 1"

say "the live board: change → update latency, and RSS with 1,000 open streams"
bash scripts/live-latency.sh 2>&1 | tee "$OUT/live.txt"
live_same=$(sed -n 's/^change → event, same instance: //p' "$OUT/live.txt")
live_other=$(sed -n 's/^change → event, other instance: //p' "$OUT/live.txt")
streams_rss_mb=$(sed -n 's/^server RSS: .*, \([0-9.]*\) MB with [0-9]*$/\1/p' "$OUT/live.txt")

board_rss=${rss_peak[board_c64]}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0) ? a / b : 0 }'; }
rps_ratio=$(ratio "$(field board_c64 rps)" "$(field ceiling_c64 rps)")
p99_ratio=$(ratio "$(field board_c64 p99_ms)" "$(field ceiling_c64 p99_ms)")
smallest=$(head -1 <<<"$scale_sizes") largest=$(tail -1 <<<"$scale_sizes")
# The cost of a request is the inverse of the requests/s: the scaling ratio is how much dearer
# the largest board is than the smallest.
scale_ratio_uncached=$(ratio "$(field "scale_${smallest}_uncached" rps)" "$(field "scale_${largest}_uncached" rps)")
scale_ratio_cached=$(ratio "$(field "scale_${smallest}_cached" rps)" "$(field "scale_${largest}_cached" rps)")
verdict() { awk -v v="$1" -v limit="$3" -v op="$2" 'BEGIN { ok = (op == "<") ? v < limit : (op == "<=") ? v <= limit : v >= limit; print ok ? "met" : "**missed**" }'; }
row() { # name, connections
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$(field "$3" rps)" "$(field "$3" p50_ms)" \
    "$(field "$3" p95_ms)" "$(field "$3" p99_ms)" "$(field "$3" errors)"
}
{
  echo "## make bench — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $TASKS tasks / $USERS users, wrk $DURATION per run"
  echo
  echo "| request | connections | req/s | p50 ms | p95 ms | p99 ms | errors |"
  echo "|---|---|---|---|---|---|---|"
  row "board page \`GET /boards/1\` (SSR, cached)" 1 board_c1
  row "board page \`GET /boards/1\` (SSR, cached)" 64 board_c64
  row "board page, board data cache off (second server)" 1 uncached_c1
  row "board page, board data cache off (second server)" 64 uncached_c64
  row "board page, \`If-None-Match\` → 304 ($(awk -v s="$not_modified_share" 'BEGIN { printf "%.0f %%", s * 100 }') 304s)" 64 not_modified_c64
  row "ceiling: same query, JSON, no session" 1 ceiling_c1
  row "ceiling: same query, JSON, no session" 64 ceiling_c64
  row "REST API \`GET /api/v1/boards/1/tasks\` (one page of 50, JSON, token)" 1 api_c1
  row "REST API \`GET /api/v1/boards/1/tasks\` (one page of 50, JSON, token)" 64 api_c64
  row "task page \`GET /tasks/$task_id\`" 1 task_c1
  row "task page \`GET /tasks/$task_id\`" 64 task_c64
  row "move server fn \`POST /api/move_task\`" 1 move_c1
  row "move server fn \`POST /api/move_task\`" 8 move_c8
  echo
  echo "| scaling: board page, 64 connections | cached req/s | cached p99 ms | data cache off req/s | data cache off p99 ms |"
  echo "|---|---|---|---|---|"
  for n in $scale_sizes; do
    printf '| one board of %s tasks | %s | %s | %s | %s |\n' "$n" "$(field "scale_${n}_cached" rps)" \
      "$(field "scale_${n}_cached" p99_ms)" "$(field "scale_${n}_uncached" rps)" "$(field "scale_${n}_uncached" p99_ms)"
  done
  printf '| %s boards of %s tasks, one at random each request | %s | %s | %s | %s |\n' "$MANY_BOARDS" "$MANY_TASKS" \
    "$(field many_cached rps)" "$(field many_cached p99_ms)" "$(field many_uncached rps)" "$(field many_uncached p99_ms)"
  echo
  echo "| overload: 256 connections, a request per 100 ms each (2,560/s offered), data cache off, default limit | |"
  echo "|---|---|"
  echo "| answers/s | $(ofield rps) |"
  echo "| pages (200) | $(ofield ok), p99 $(ofield ok_p99_ms) ms |"
  echo "| refused (503, Retry-After) | $(ofield refused) ($(ofield with_retry_after) with Retry-After), p99 $(ofield refused_p99_ms) ms, max $(ofield refused_max_ms) ms |"
  echo "| other answers / timeouts (5 s) | $(ofield other) / $(ofield timeouts) |"
  echo
  echo "| live board (scripts/live-latency.sh) | |"
  echo "|---|---|"
  echo "| change → update, same instance | $live_same |"
  echo "| change → update, other instance | $live_other |"
  echo
  echo "| first visit to the board | raw | gzip | sent to Chromium (br) |"
  echo "|---|---|---|---|"
  printf '%s' "$weight_rows"
  echo
  echo "| target | measured | |"
  echo "|---|---|---|"
  echo "| board ≥ 1.0 × ceiling req/s (64 connections) | $rps_ratio | $(verdict "$rps_ratio" '>=' 1.0) |"
  echo "| board p99 ≤ 1.5 × ceiling p99 (64 connections) | $p99_ratio | $(verdict "$p99_ratio" '<=' 1.5) |"
  echo "| move p95 ≤ 10 ms (1 connection) | $(field move_c1 p95_ms) ms | $(verdict "$(field move_c1 p95_ms)" '<=' 10) |"
  echo "| scaling: cost at $largest ÷ cost at $smallest tasks ≤ 1.3 (data cache off; cached) | $scale_ratio_uncached; $scale_ratio_cached | $(verdict "$scale_ratio_uncached" '<=' 1.3) |"
  echo "| overload: 0 timeouts, every refusal ≤ 100 ms | $(ofield timeouts) timeouts, slowest refusal $(ofield refused_max_ms) ms | $(verdict "$(awk -v t="$(ofield timeouts)" -v m="$(ofield refused_max_ms)" 'BEGIN { print (t == 0 && m <= 100) ? 1 : 0 }')" '>=' 1) |"
  echo "| first visit ≤ $BUDGET_GZIP_KB KB gzip | $((gzip_total / 1024)) KB | $(verdict "$((gzip_total / 1024))" '<' $((BUDGET_GZIP_KB + 1))) |"
  echo "| Lighthouse performance ≥ 95 (/login, board) | $lh_login_perf, $lh_board_perf | $(verdict "$(( ${lh_login_perf/\?/0} < ${lh_board_perf/\?/0} ? ${lh_login_perf/\?/0} : ${lh_board_perf/\?/0} ))" '>=' 95) |"
  echo "| Lighthouse accessibility = 100 (/login, board) | $lh_login_a11y, $lh_board_a11y | $(verdict "$(( ${lh_login_a11y/\?/0} < ${lh_board_a11y/\?/0} ? ${lh_login_a11y/\?/0} : ${lh_board_a11y/\?/0} ))" '>=' 100) |"
  echo "| Lighthouse accessibility = 100, dark theme (/login, board) | $lh_login_dark_a11y, $lh_board_dark_a11y | $(verdict "$(( ${lh_login_dark_a11y/\?/0} < ${lh_board_dark_a11y/\?/0} ? ${lh_login_dark_a11y/\?/0} : ${lh_board_dark_a11y/\?/0} ))" '>=' 100) |"
  echo "| server RSS under load < 64 MB (board, 64 connections) | idle $((rss_idle / 1024)) MB, peak $((board_rss / 1024)) MB | $(verdict "$((board_rss / 1024))" '<' 64) |"
  echo "| server RSS with 1,000 live streams < 96 MB | ${streams_rss_mb:-?} MB | $(verdict "${streams_rss_mb:-999}" '<' 96) |"
} | tee "$OUT/results.md"

if [ $((gzip_total / 1024)) -gt "$BUDGET_GZIP_KB" ]; then
  die "page weight over budget: $((gzip_total / 1024)) KB gzip > $BUDGET_GZIP_KB KB"
fi
say "results in $OUT/results.md (wrk output and Lighthouse reports beside it)"
