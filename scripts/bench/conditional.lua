-- GET the board as a browser that has it already: If-None-Match with the page's ETag
-- (BENCH_ETAG). Counts the 304s, so the run reports what share of answers were "not modified".
dofile("scripts/bench/report.lua")
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.headers["Accept-Encoding"] = "gzip"
wrk.headers["If-None-Match"] = os.getenv("BENCH_ETAG")

local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("not_modified", 0)
end

function response(status, headers, body)
  if status == 304 then
    not_modified = (not_modified or 0) + 1
  end
end

local report = done
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + (thread:get("not_modified") or 0)
  end
  report(summary, latency, requests)
  io.write(string.format("NOT_MODIFIED share=%.3f\n", total / math.max(summary.requests, 1)))
end
