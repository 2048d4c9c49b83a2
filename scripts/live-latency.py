"""The live board's figures, against two running instances (scripts/live-latency.sh starts them).

Usage: live-latency.py BASE_A BASE_B BOARD TASK WATCHER_COOKIE MOVER_COOKIE SERVER_A_PID CHANGES STREAMS

1. change → event: WATCHER follows BOARD on both instances; MOVER moves TASK through A CHANGES
   times; for each, the time from sending the move to its event on A (same instance) and on B
   (the other instance). Prints p50 / p95 / max of each.
2. memory: opens STREAMS more streams on A and reports A's RSS before and with them open.
Standard library only (asyncio): nothing to install.
"""

import asyncio
import statistics
import sys
import time
import urllib.parse

base_a, base_b, board, task, watcher, mover, pid_a, changes, streams = sys.argv[1:10]
changes, streams = int(changes), int(streams)


def host_port(base):
    url = urllib.parse.urlparse(base)
    return url.hostname, url.port


async def open_stream(base, cookie):
    host, port = host_port(base)
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(
        (
            f"GET /boards/{board}/live HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n"
            "Accept: text/event-stream\r\n\r\n"
        ).encode()
    )
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    assert b" 200 " in head.split(b"\r\n")[0], head
    return reader, writer


async def next_change(reader, name, timeout=5.0):
    """Reads until an `event: change` arrives; returns the time it did."""
    buffer = b""
    deadline = time.monotonic() + timeout
    while b"event: change" not in buffer and b"event:change" not in buffer:
        chunk = await asyncio.wait_for(reader.read(65536), deadline - time.monotonic())
        if not chunk:
            raise RuntimeError(f"the stream on {name} ended after {buffer!r}")
        buffer += chunk
    return time.monotonic()


async def move(status, version):
    host, port = host_port(base_a)
    reader, writer = await asyncio.open_connection(host, port)
    body = urllib.parse.urlencode({"id": task, "version": version, "status": status}).encode()
    writer.write(
        (
            f"POST /api/move_task HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {mover}\r\n"
            f"Origin: {base_a}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n"
        ).encode()
        + body
    )
    await writer.drain()
    answer = await reader.read()
    writer.close()
    assert b" 200 " in answer.split(b"\r\n")[0], answer[:300]


def rss_kb():
    with open(f"/proc/{pid_a}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def summary(name, values):
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(len(values) * 0.95 + 0.5) - 1)]
    print(f"{name}: n={len(values)}  p50 {statistics.median(values):.1f} ms  p95 {p95:.1f} ms  max {values[-1]:.1f} ms")


async def main():
    # The writers are kept: a dropped asyncio writer closes its connection.
    (reader_a, writer_a), (reader_b, writer_b) = await open_stream(base_a, watcher), await open_stream(base_b, watcher)
    same, other = [], []
    for i in range(changes):
        sent = time.monotonic()
        waits = asyncio.gather(next_change(reader_a, base_a), next_change(reader_b, base_b))
        await move(["in_progress", "todo"][i % 2], i + 1)
        at_a, at_b = await waits
        same.append((at_a - sent) * 1000)
        other.append((at_b - sent) * 1000)
        await asyncio.sleep(0.2)
    summary("change → event, same instance", same)
    summary("change → event, other instance", other)

    before = rss_kb()
    opened = [await open_stream(base_a, watcher) for _ in range(streams)]
    await asyncio.sleep(2)
    with_streams = rss_kb()
    print(f"server RSS: {before / 1024:.1f} MB with 1 stream open, {with_streams / 1024:.1f} MB with {len(opened) + 1}")
    for _, writer in [*opened, (reader_a, writer_a), (reader_b, writer_b)]:
        writer.close()


asyncio.run(main())
