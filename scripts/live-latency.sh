#!/usr/bin/env bash
# The live board's figures (issue 17): two release servers on one database, a watcher's stream
# on each, CHANGES moves through the first; prints change → event p50 / p95 / max on the same
# instance and on the other, the MySQL statements per second the two add while idle, and the
# first server's RSS with STREAMS open streams. Usage: scripts/live-latency.sh (after make test).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

CHANGES=${CHANGES:-50} STREAMS=${STREAMS:-1000}
PORT_A=3320 PORT_B=3321 DYNAMODB_PORT=8050 SES_PORT=8055
DATABASE=taskboard_live

ensure_mariadb
WORK=$(mktemp -d)
trap 'stop_started; rm -rf "$WORK"' EXIT
ulimit -n 8192 2>/dev/null || true
start_dynamodb "$DYNAMODB_PORT" "$WORK/dynamodb.log"
start_ses "$SES_PORT" "$WORK/ses.log"
aws=(TABLE_PREFIX=live- AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$DYNAMODB_PORT"
  AWS_ENDPOINT_URL_DYNAMODB_STREAMS="http://127.0.0.1:$DYNAMODB_PORT" AWS_ENDPOINT_URL_SESV2="http://127.0.0.1:$SES_PORT"
  NOTIFYING_WRITES_PER_MINUTE=0)
start_release_server "$PORT_A" "$DATABASE" "$WORK/a.log" "${aws[@]}"
pid_a=$RELEASE_SERVER_PID
# The second instance: the same database (start_release_server would create it afresh).
start_another_server "$PORT_B" "$DATABASE" "$WORK/b.log" "${aws[@]}"

base_a="http://127.0.0.1:$PORT_A" base_b="http://127.0.0.1:$PORT_B"
sign_up "$base_a" "$WORK/sophie.cookies" "Sophie Supervisor" sophie@example.com
sign_up "$base_a" "$WORK/pia.cookies" "Pia Watcher" pia@example.com
curl -sf -o /dev/null -b "$WORK/sophie.cookies" -X POST "$base_a/api/create_board" --data-urlencode "name=Live"
board=$(mysql_client -h 127.0.0.1 -u root -N "$DATABASE" -e "SELECT MAX(id) FROM boards")
mysql_client -h 127.0.0.1 -u root "$DATABASE" -e "INSERT INTO board_members (board_id, user_id, role)
  SELECT $board, id, 'member' FROM users WHERE email = 'pia@example.com'"
curl -sf -o /dev/null -b "$WORK/sophie.cookies" -X POST "$base_a/api/create_task" --data-urlencode "board=$board" \
  --data-urlencode "request_id=$(cat /proc/sys/kernel/random/uuid)" --data-urlencode "title=Live probe" \
  --data-urlencode "description=" --data-urlencode "deadline=" --data-urlencode "pic="
task=$(mysql_client -h 127.0.0.1 -u root -N "$DATABASE" -e "SELECT MAX(id) FROM tasks")
cookie() { awk '$6 ~ /taskboard_session/ { print $6 "=" $7 }' "$1"; }

say "idle: MySQL statements over 10 s with both instances running and nothing happening"
sleep 3
questions() { mysql_client -h 127.0.0.1 -u root -N -e "SHOW GLOBAL STATUS LIKE 'Questions'" | awk '{ print $2 }'; }
q0=$(questions); sleep 10; q1=$(questions)
# Each `questions` call is itself one statement.
awk -v d=$((q1 - q0 - 1)) 'BEGIN { printf "idle: %.1f statements/s for two instances (%.1f per instance)\n", d / 10, d / 20 }'

say "$CHANGES moves through the first instance, a watcher on each; then $STREAMS more streams"
python3 scripts/live-latency.py "$base_a" "$base_b" "$board" "$task" "$(cookie "$WORK/pia.cookies")" \
  "$(cookie "$WORK/sophie.cookies")" "$pid_a" "$CHANGES" "$STREAMS"
