-- GET the URL given to wrk as the logged-in viewer (BENCH_COOKIE), accepting gzip like a browser.
dofile("scripts/bench/report.lua")
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")
wrk.headers["Accept-Encoding"] = "gzip"
