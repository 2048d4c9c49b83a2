-- GET the URL given to wrk with the viewer's API token (BENCH_TOKEN), accepting gzip.
dofile("scripts/bench/report.lua")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN")
wrk.headers["Accept-Encoding"] = "gzip"
