#!/usr/bin/env bash
# Fuzzes the REST API with schemathesis (PyPI, in .venv) from its own OpenAPI document: every
# check on, bounded in examples per operation and in time. Fails on any finding.
#
#   scripts/api-fuzz.sh PORT DATABASE
#
# Starts one more server on PORT over a fresh DATABASE (the AWS stand-ins of the caller's
# environment), seeds an account with a board, a few tasks, a label and a read-and-write token,
# and points schemathesis at it with that token. The server runs with the per-token rate limit
# and the emailing-writes pace off: a fuzzer is a flood by design, and both limits have their own
# integration tests. Called by scripts/test.sh after the end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

PORT=$1
DATABASE=$2
LOGS=$(target_dir)/test-logs
FUZZ_PID=""
trap '[ -n "$FUZZ_PID" ] && kill "$FUZZ_PID" 2>/dev/null; wait 2>/dev/null || true' EXIT

create_database "$DATABASE" --fresh
DATABASE_URL="mysql://root@127.0.0.1:3306/$DATABASE" \
  LISTEN_ADDR="127.0.0.1:$PORT" APP_BASE_URL="http://127.0.0.1:$PORT" \
  LEPTOS_SITE_ROOT=target/site TABLE_PREFIX=fuzz- LOG_FORMAT=json \
  API_REQUESTS_PER_MINUTE=0 NOTIFYING_WRITES_PER_MINUTE=0 \
  "$(target_dir)/release/taskboard" >"$LOGS/fuzz-server.log" 2>&1 &
FUZZ_PID=$!
wait_for_url "http://127.0.0.1:$PORT/readyz" 60 "the fuzzed server (log: $LOGS/fuzz-server.log)" "$FUZZ_PID"

# A token made here for this run only: 40 random letters and digits after the prefix; the
# server keeps its SHA-256, as it does for the ones people make on their account page.
TOKEN="tbp_$(head -c 120 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 40)"
HASH=$(printf '%s' "$TOKEN" | sha256sum | cut -d' ' -f1)
mysql_client -h 127.0.0.1 -P 3306 -u root "$DATABASE" <<SQL
INSERT INTO users (id, email, name, handle, password_hash) VALUES
  (1, 'fuzz@example.com', 'Fuzz Owner', 'fuzz', 'not-a-real-hash'),
  (2, 'pat@example.com', 'Pat Member', 'pat', 'not-a-real-hash');
INSERT INTO boards (id, name) VALUES (1, 'Fuzzed board');
INSERT INTO column_locks (board_id, status) VALUES (1, 'todo'), (1, 'in_progress'), (1, 'in_review'), (1, 'done');
INSERT INTO board_members (board_id, user_id, role) VALUES (1, 1, 'admin'), (1, 2, 'member');
INSERT INTO labels (id, board_id, name, colour, created_at) VALUES (1, 1, 'Bug', 'red', NOW(6));
INSERT INTO tasks (id, board_id, title, description, status, position, deadline, supervisor_id, pic_id) VALUES
  (1, 1, 'First', '', 'todo', 1024, NULL, 1, 2),
  (2, 1, 'Second', 'More', 'in_progress', 1024, '2099-12-31', 1, NULL),
  (3, 1, 'Third', '', 'done', 1024, NULL, 2, 1);
INSERT INTO api_tokens (user_id, name, secret_hash, hint, access, created_at) VALUES
  (1, 'fuzz', '$HASH', '${TOKEN:0:8}', 'write', NOW(6));
SQL

# One worker: with two, hypothesis parses its lambdas' source in two threads at once, and
# CPython 3.11 before 3.11.8 (the interpreter some machines' venvs are made from) can fail
# that with "SystemError: AST constructor recursion depth mismatch" (python/cpython#106905),
# which schemathesis reports as a runtime error of the operation (an earlier CI run failed so).
"${ST:-.venv/bin/st}" --config-file scripts/schemathesis.toml run "http://127.0.0.1:$PORT/api/v1/openapi.json" \
  --checks all \
  --header "Authorization: Bearer $TOKEN" \
  --max-examples 25 \
  --max-time 180 \
  --request-timeout 10 \
  --workers 1 \
  --seed 20261202 \
  --no-color \
  --report junit --report-dir "$LOGS/schemathesis"
