#!/usr/bin/env bash
# `make dev`: set up, start MariaDB and the local AWS stand-ins, and serve the release build
# at http://127.0.0.1:3000. Ctrl-C stops the server and the stand-ins this script started.
# Data is kept between runs: MariaDB database `taskboard`, DynamoDB Local files in .data/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export PATH="$HOME/.cargo/bin:$PATH"

bash scripts/setup.sh
ensure_mariadb
mkdir -p .data
trap stop_started EXIT
trap "exit 130" INT TERM
start_dynamodb "${DYNAMODB_PORT:-8000}" .data/dynamodb.log .data/dynamodb
start_ses "${SES_PORT:-8005}" .data/ses.log
create_database taskboard

# Local defaults; anything already in the environment (or in .env) wins.
if [ -f .env ]; then set -a; source .env; set +a; fi
export AWS_ENDPOINT_URL_DYNAMODB="${AWS_ENDPOINT_URL_DYNAMODB:-http://127.0.0.1:${DYNAMODB_PORT:-8000}}"
export AWS_ENDPOINT_URL_SESV2="${AWS_ENDPOINT_URL_SESV2:-http://127.0.0.1:${SES_PORT:-8005}}"

# SECOND_PORT=3002 make dev: a second instance on that port, on the same database, to watch a
# board follow changes made through the other instance (the live board), as behind a load balancer.
if [ -n "${SECOND_PORT:-}" ]; then
  cargo leptos build --release
  say "a second instance at http://127.0.0.1:$SECOND_PORT (log: .data/second-instance.log)"
  LISTEN_ADDR="127.0.0.1:$SECOND_PORT" APP_BASE_URL="http://127.0.0.1:$SECOND_PORT" LEPTOS_SITE_ROOT=target/site \
    "$(target_dir)/release/taskboard" >.data/second-instance.log 2>&1 &
  STARTED_PIDS+=($!)
fi

say "building and serving Taskboard at http://127.0.0.1:3000 (the SES inbox: http://127.0.0.1:${SES_PORT:-8005}/) — Ctrl-C stops"
cargo leptos serve --release
