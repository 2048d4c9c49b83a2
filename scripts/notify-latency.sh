#!/usr/bin/env bash
# How long from a change to its email: starts the release server with DynamoDB Local and the SES
# stand-in on ports of its own, makes CHANGES edits (one every 300 ms) to a task whose person in
# charge is someone else, and reads the notifier's own measurement from the JSON logs:
# `notify_lag_ms` = SES accepted the email − the change's time (set in the write's transaction),
# so it covers outbox → relay → DynamoDB → stream → claim → SES. Prints p50 / p95 / max.
# Usage: scripts/notify-latency.sh   (after `make test`, which builds the release binary)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

CHANGES=${CHANGES:-40}
PORT=3300 DYNAMODB_PORT=8030 SES_PORT=8035
DATABASE=taskboard_latency

ensure_mariadb
WORK=$(mktemp -d)
trap 'stop_started; rm -rf "$WORK"' EXIT
start_dynamodb "$DYNAMODB_PORT" "$WORK/dynamodb.log"
start_ses "$SES_PORT" "$WORK/ses.log"
start_release_server "$PORT" "$DATABASE" "$WORK/server.log" TABLE_PREFIX=latency- \
  AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$DYNAMODB_PORT" \
  AWS_ENDPOINT_URL_DYNAMODB_STREAMS="http://127.0.0.1:$DYNAMODB_PORT" \
  AWS_ENDPOINT_URL_SESV2="http://127.0.0.1:$SES_PORT"

base="http://127.0.0.1:$PORT"
sign_up "$base" "$WORK/pia.cookies" "Pia Pic" pia@example.com
sign_up "$base" "$WORK/sophie.cookies" "Sophie Supervisor" sophie@example.com
pia_id=$(mysql_client -h 127.0.0.1 -u root -N "$DATABASE" -e "SELECT id FROM users WHERE email='pia@example.com'")
curl -sf -o /dev/null -b "$WORK/sophie.cookies" -X POST "$base/api/create_task" \
  --data-urlencode "request_id=$(cat /proc/sys/kernel/random/uuid)" --data-urlencode "title=Latency probe" \
  --data-urlencode "description=" --data-urlencode "deadline=" --data-urlencode "pic=$pia_id"
task_id=$(mysql_client -h 127.0.0.1 -u root -N "$DATABASE" -e "SELECT id FROM tasks LIMIT 1")

say "making $CHANGES changes"
for i in $(seq "$CHANGES"); do
  curl -sf -o /dev/null -b "$WORK/sophie.cookies" -X POST "$base/api/update_task" \
    --data-urlencode "id=$task_id" --data-urlencode "version=$i" --data-urlencode "title=Latency probe $i" \
    --data-urlencode "description=" --data-urlencode "deadline=" --data-urlencode "pic=$pia_id" \
    --data-urlencode "status=todo"
  sleep 0.3
done

expected=$((CHANGES + 1))
for _ in $(seq 100); do
  [ "$(grep -c '"notify_lag_ms"' "$WORK/server.log" || true)" -ge "$expected" ] && break
  sleep 0.2
done
grep -o '"notify_lag_ms":[0-9]*' "$WORK/server.log" | cut -d: -f2 | sort -n | awk '
  { t[NR] = $1 }
  END {
    if (NR == 0) { print "no notifications were logged"; exit 1 }
    printf "change → email accepted by SES: n=%d  p50 %d ms  p95 %d ms  max %d ms\n", NR, t[int(NR * 0.5 + 0.5)], t[int(NR * 0.95 + 0.5)], t[NR]
  }'
