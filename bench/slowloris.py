#!/usr/bin/env python3
"""Slow and excess clients against a running jobmatch (docs/reliability.md).

  bench/slowloris.py --port P --pid PID [--slow 500] [--silent 0] [--seconds 20]

Opens --slow connections that send a request's headers one byte a second and
--silent connections that send nothing, then for --seconds measures: when the
server closed them, how many of the silent ones were refused at once (503),
how a well-behaved client fares meanwhile (one GET /healthz every 100 ms on a
new connection: successes and latency percentiles), and the CPU time the
server process used (from /proc/PID/stat). Prints one JSON object.
"""
import argparse
import json
import os
import selectors
import socket
import time

HEAD = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 4000


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values, p):
    if not values:
        return None
    values = sorted(values)
    return values[min(len(values) - 1, int(p / 100 * len(values)))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--slow", type=int, default=500)
    ap.add_argument("--silent", type=int, default=0)
    ap.add_argument("--seconds", type=float, default=20)
    a = ap.parse_args()

    sel = selectors.DefaultSelector()
    start = time.monotonic()
    cpu0 = cpu_seconds(a.pid)
    conns = {}  # socket -> [kind, bytes sent, closed_at, first reply]
    refused_connect = 0
    for kind, n in (("slow", a.slow), ("silent", a.silent)):
        for _ in range(n):
            s = socket.socket()
            try:
                s.connect(("127.0.0.1", a.port))
            except OSError:
                refused_connect += 1
                s.close()
                continue
            s.setblocking(False)
            sel.register(s, selectors.EVENT_READ)
            conns[s] = [kind, 0, None, b""]

    ok, failed, latencies = 0, 0, []
    next_probe = next_byte = time.monotonic()
    while time.monotonic() - start < a.seconds:
        now = time.monotonic()
        if now >= next_byte:  # one byte a second on every slow connection
            for s, c in conns.items():
                if c[0] == "slow" and c[2] is None and c[1] < len(HEAD):
                    try:
                        s.send(HEAD[c[1]:c[1] + 1])
                        c[1] += 1
                    except OSError:
                        c[2] = now - start
            next_byte = now + 1
        if now >= next_probe:  # a well-behaved client
            t0 = time.monotonic()
            try:
                with socket.create_connection(("127.0.0.1", a.port), timeout=5) as p:
                    p.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                    reply = p.recv(4096)
                if reply.startswith(b"HTTP/1.1 200"):
                    ok += 1
                    latencies.append((time.monotonic() - t0) * 1000)
                else:
                    failed += 1
            except OSError:
                failed += 1
            next_probe = now + 0.1
        for key, _ in sel.select(timeout=0.05):
            s, c = key.fileobj, conns[key.fileobj]
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if data:
                c[3] += data
                continue
            c[2] = time.monotonic() - start
            sel.unregister(s)
    cpu = cpu_seconds(a.pid) - cpu0
    elapsed = time.monotonic() - start

    def closed(kind):
        times = [c[2] for c in conns.values() if c[0] == kind and c[2] is not None]
        total = sum(1 for c in conns.values() if c[0] == kind)
        return {"opened": total, "closed": len(times),
                "closed_after_s_p50": percentile(times, 50),
                "closed_after_s_max": max(times) if times else None}

    refused_503 = sum(1 for c in conns.values() if c[3].startswith(b"HTTP/1.1 503"))
    print(json.dumps({
        "seconds": round(elapsed, 1),
        "slow": closed("slow"),
        "silent": dict(closed("silent"), refused_503=refused_503),
        "connect_failed": refused_connect,
        "client": {"ok": ok, "failed": failed,
                   "ms_p50": percentile(latencies, 50), "ms_p99": percentile(latencies, 99)},
        "server_cpu_s": round(cpu, 2),
    }, indent=1))
    for s in conns:
        s.close()


if __name__ == "__main__":
    main()
