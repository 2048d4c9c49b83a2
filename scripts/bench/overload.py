"""make bench's overload run: CONNECTIONS keep-alive connections GET URL as fast as they can for
SECONDS, and every answer is timed by status, so the refusals (503) can be told from the pages.

Usage: overload.py URL COOKIE CONNECTIONS SECONDS [INTERVAL_MS]
Each connection sends its next request INTERVAL_MS (default 100) after it sent the last one, or at
once when the answer took longer: 256 connections offer 2,560 requests/s, about eight times the
pages this machine renders in a second, so the server is overloaded while this one-threaded client
keeps time to spare. Sent back to back instead, the client itself ran out of CPU (6,400 answers/s
on one core) and its clock measured its own queue: refusals the server answered in microseconds
were timed at up to 127 ms (make bench, 2026-12-03).
Prints one line: OVERLOAD requests=… ok=… refused=… other=… timeouts=… ok_p99_ms=… refused_p99_ms=…
refused_max_ms=… with_retry_after=…   (a request unanswered after 5 s counts as a timeout).
The times are the client's own, so they include its scheduling (Python's asyncio): an upper bound
on the server's.
Standard library only.
"""

import asyncio
import sys
import time
import urllib.parse

url, cookie, connections, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
interval = float(sys.argv[5]) / 1000 if len(sys.argv) > 5 else 0.1
parsed = urllib.parse.urlparse(url)
path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
request = (
    f"GET {path} HTTP/1.1\r\nHost: {parsed.hostname}:{parsed.port}\r\nCookie: {cookie}\r\n"
    "Connection: keep-alive\r\n\r\n"
).encode()
TIMEOUT = 5.0

times = {"ok": [], "refused": [], "other": []}
retry_after = 0
timeouts = 0


async def read_response(reader):
    """Reads one response; returns (status, headers)."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while True:
            size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    return status, headers


async def client(deadline):
    global retry_after, timeouts
    reader = writer = None
    next_send = time.monotonic()
    while time.monotonic() < deadline:
        if writer is None:
            reader, writer = await asyncio.open_connection(parsed.hostname, parsed.port)
        wait = next_send - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        started = time.monotonic()
        next_send = started + interval
        writer.write(request)
        try:
            status, headers = await asyncio.wait_for(read_response(reader), TIMEOUT)
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError):
            timeouts += 1
            writer.close()
            writer = None
            continue
        took = (time.monotonic() - started) * 1000
        kind = "ok" if status == 200 else "refused" if status == 503 else "other"
        times[kind].append(took)
        if status == 503 and "retry-after" in headers:
            retry_after += 1
        if headers.get("connection", "").lower() == "close":
            writer.close()
            writer = None


def percentile(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100))]


async def main():
    deadline = time.monotonic() + seconds
    # Started a little apart, so the connections' requests are spread over each interval.
    async def staggered(k):
        await asyncio.sleep(interval * k / connections)
        await client(deadline)

    await asyncio.gather(*(staggered(k) for k in range(connections)))
    total = sum(len(v) for v in times.values()) + timeouts
    print(
        f"OVERLOAD requests={total} rps={total / seconds:.1f} ok={len(times['ok'])} refused={len(times['refused'])} "
        f"other={len(times['other'])} timeouts={timeouts} ok_p99_ms={percentile(times['ok'], 99):.1f} "
        f"refused_p99_ms={percentile(times['refused'], 99):.1f} "
        f"refused_max_ms={max(times['refused'], default=0.0):.1f} with_retry_after={retry_after}"
    )


asyncio.run(main())
