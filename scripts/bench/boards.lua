-- GET one of many boards at random (BENCH_BOARDS="first-last", their ids) as the viewer: the
-- "100 boards of 500 tasks" row of the scaling table.
dofile("scripts/bench/report.lua")
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.headers["Accept-Encoding"] = "gzip"
local first, last = string.match(os.getenv("BENCH_BOARDS"), "(%d+)-(%d+)")
first, last = tonumber(first), tonumber(last)

function request()
  return wrk.format("GET", "/boards/" .. math.random(first, last))
end
