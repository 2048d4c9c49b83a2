#!/usr/bin/env bash
# `make test`: every test, against real services. Starts what is missing (MariaDB, DynamoDB Local
# in memory, the SES stand-in) on test ports, stops what it started, exits non-zero on any failure.
#   0. formatting and lints (cargo fmt --check, clippy with warnings as errors), and the
#      deployment files (hadolint, Terraform parsed and cross-checked, checkov)
#   1. the browser side: WASM bundle, CSS, static files (cargo leptos build --frontend-only)
#   2. unit and integration tests (cargo test); this also builds the server binary, with the
#      same profile, features and LEPTOS_OUTPUT_NAME as `cargo leptos build`, so one build serves
#      both the tests and the end-to-end server
#   3. end-to-end tests: Playwright driving Debian's Chromium against that server
#   4. the REST API fuzzed by schemathesis from its OpenAPI document (scripts/api-fuzz.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export PATH="$HOME/.cargo/bin:$PATH"

DYNAMODB_TEST_PORT=8010
SES_TEST_PORT=8015
E2E_PORT=3100
E2E_SECOND_PORT=3101
FUZZ_PORT=3102
TLS_DATABASE_PORT=3317
E2E_DATABASE=taskboard_e2e
LOGS=$(target_dir)/test-logs
started=$(date +%s)

bash scripts/setup.sh --test
ensure_mariadb
mkdir -p "$LOGS"
SERVER_PID="" SECOND_SERVER_PID=""
cleanup() {
  [ -n "$SECOND_SERVER_PID" ] && kill "$SECOND_SERVER_PID" 2>/dev/null && wait "$SECOND_SERVER_PID" 2>/dev/null
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  stop_started
}
trap cleanup EXIT
trap "exit 130" INT TERM
start_dynamodb "$DYNAMODB_TEST_PORT" "$LOGS/dynamodb.log"
start_tls_mariadb "$TLS_DATABASE_PORT" "$(target_dir)/tls-mariadb"
start_ses "$SES_TEST_PORT" "$LOGS/ses.log"

export AWS_ENDPOINT_URL_DYNAMODB="http://127.0.0.1:$DYNAMODB_TEST_PORT"
export AWS_ENDPOINT_URL_DYNAMODB_STREAMS="http://127.0.0.1:$DYNAMODB_TEST_PORT"
export AWS_ENDPOINT_URL_SESV2="http://127.0.0.1:$SES_TEST_PORT"
export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
export TEST_DATABASE_ADMIN_URL="mysql://root@127.0.0.1:3306"
# The TLS-only MariaDB (tests/api/database_tls.rs), its CA, and a CA that signed nothing of it.
export TLS_DATABASE_URL="mysql://tls:tls-test-only@127.0.0.1:$TLS_DATABASE_PORT/taskboard_tls"
TLS_DATABASE_CA_FILE="$(cd "$(target_dir)" && pwd)/tls-mariadb/ca.pem"
export TLS_DATABASE_CA_FILE TLS_DATABASE_OTHER_CA_FILE="${TLS_DATABASE_CA_FILE%/ca.pem}/other-ca.pem"

say "0/4 formatting and lints (Rust, Dockerfile, Terraform, workflows)"
cargo fmt --check
.venv/bin/hadolint Dockerfile
# No terraform binary is installed: python-hcl2 parses terraform/ and every reference is
# resolved (scripts/check-terraform.py), then checkov checks the resources and the workflows.
# Skipped checks carry their reason in a #checkov:skip comment next to the resource.
.venv-hcl2/bin/python scripts/check-terraform.py terraform
# The load balancer's listener, evaluated for requests through CloudFront and around it: the
# probes (/readyz queries MySQL and DynamoDB) are not reachable from the internet.
.venv-hcl2/bin/python scripts/check-edge-routing.py terraform
.venv/bin/checkov --directory terraform --framework terraform --compact --quiet --skip-download
.venv/bin/checkov --directory .github/workflows --framework github_actions --compact --quiet --skip-download
# The deploy job's trigger, evaluated against a fork's pull request from a branch named main.
.venv/bin/python scripts/check-deploy-trigger.py .github/workflows/deploy.yml
LEPTOS_OUTPUT_NAME=taskboard cargo clippy --release --no-default-features --features ssr --all-targets -- -D warnings
# The notifier Lambda is its own binary, built with the "lambda" feature.
LEPTOS_OUTPUT_NAME=taskboard cargo clippy --release --no-default-features --features lambda --bin notifier -- -D warnings

say "1/4 release build of the browser side (WASM + CSS)"
cargo leptos build --release --precompress --frontend-only

say "2/4 unit and integration tests (and the release server binary)"
# cargo-leptos sets LEPTOS_OUTPUT_NAME when it builds; Leptos reads it at compile time to name
# the WASM file, so the binary built here must see it too.
LEPTOS_OUTPUT_NAME=taskboard cargo test --release --no-default-features --features ssr --no-fail-fast

say "3/4 end-to-end tests (Playwright + Chromium)"
create_database "$E2E_DATABASE" --fresh
# Each change is mailed at once (no squash window), so the tests that read emails need not wait
# two minutes; the squashing itself is covered by the integration tests (tests/api/notify.rs).
export NOTIFY_SQUASH_SECONDS=0
# The webhook test's receiver listens on this machine, which webhooks may reach only when a
# local instance allows it (production refuses the setting).
export WEBHOOK_PRIVATE_ADDRESSES=allow
DATABASE_URL="mysql://root@127.0.0.1:3306/$E2E_DATABASE" \
  LISTEN_ADDR="127.0.0.1:$E2E_PORT" APP_BASE_URL="http://127.0.0.1:$E2E_PORT" \
  LEPTOS_SITE_ROOT=target/site TABLE_PREFIX=e2e- LOG_FORMAT=json \
  "$(target_dir)/release/taskboard" >"$LOGS/e2e-server.log" 2>&1 &
SERVER_PID=$!
wait_for_url "http://127.0.0.1:$E2E_PORT/readyz" 60 "the Taskboard server (log: $LOGS/e2e-server.log)" "$SERVER_PID"
# A second instance on the same database, as two ECS tasks behind the load balancer (the live
# board's test has a user on each).
DATABASE_URL="mysql://root@127.0.0.1:3306/$E2E_DATABASE" RUN_MIGRATIONS=false \
  LISTEN_ADDR="127.0.0.1:$E2E_SECOND_PORT" APP_BASE_URL="http://127.0.0.1:$E2E_SECOND_PORT" \
  LEPTOS_SITE_ROOT=target/site TABLE_PREFIX=e2e- LOG_FORMAT=json \
  "$(target_dir)/release/taskboard" >"$LOGS/e2e-server-2.log" 2>&1 &
SECOND_SERVER_PID=$!
wait_for_url "http://127.0.0.1:$E2E_SECOND_PORT/readyz" 60 "the second Taskboard server (log: $LOGS/e2e-server-2.log)" "$SECOND_SERVER_PID"
# Seed the cards the board tests look for (end2end/fixtures/board.sql).
mysql_client -h 127.0.0.1 -P 3306 -u root "$E2E_DATABASE" <end2end/fixtures/board.sql
MYSQL_CLIENT=$(command -v mariadb || command -v mysql)
(cd end2end && BASE_URL="http://127.0.0.1:$E2E_PORT" SECOND_BASE_URL="http://127.0.0.1:$E2E_SECOND_PORT" \
  SES_URL="http://127.0.0.1:$SES_TEST_PORT" \
  E2E_DATABASE="$E2E_DATABASE" MYSQL_CLIENT="$MYSQL_CLIENT" npx playwright test)

say "4/4 the REST API fuzzed from its OpenAPI document (schemathesis)"
bash scripts/api-fuzz.sh "$FUZZ_PORT" taskboard_fuzz

say "all tests passed in $(( $(date +%s) - started )) s"
