"""A loopback TCP proxy that adds a fixed delay to each round trip (not part of the test run).

    python tests/perf/latency_proxy.py --listen 55433 --to 127.0.0.1:55432 --ms 20

What a client sends reaches the server ``ms`` later; the answers come back at once. A request and its answer
therefore take ``ms`` more, as over a shop's Wi-Fi (5-30 ms), however many bytes they hold, and chunks sent one
after the other without waiting (a pipeline) are each delayed once, not once per chunk before them.
``LatencyProxy`` is used by the benchmarks from Python: ``with LatencyProxy(("127.0.0.1", 55432), 0.02) as port:``.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import socket
import threading
import time


class LatencyProxy:
    def __init__(self, target: tuple[str, int], delay: float, listen_port: int = 0) -> None:
        self.target, self.delay = target, delay
        self.server = socket.create_server(("127.0.0.1", listen_port))
        self.port = self.server.getsockname()[1]
        self.round_trips = 0  # requests forwarded (chunks the client sent after the server had answered)
        self._closed = threading.Event()

    def __enter__(self) -> int:
        threading.Thread(target=self._accept, daemon=True).start()
        return self.port

    def __exit__(self, *exc) -> None:
        self._closed.set()
        self.server.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _addr = self.server.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            for s in (client, upstream):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            queue: list = []
            ready = threading.Condition()
            order = itertools.count()
            threading.Thread(target=self._read_client, args=(client, upstream, queue, ready, order),
                             daemon=True).start()
            threading.Thread(target=self._send_late, args=(upstream, client, queue, ready), daemon=True).start()
            threading.Thread(target=self._pump_back, args=(upstream, client), daemon=True).start()

    def _read_client(self, client, upstream, queue, ready, order) -> None:
        while True:
            try:
                data = client.recv(65536)
            except OSError:
                data = b""
            with ready:
                heapq.heappush(queue, (time.monotonic() + self.delay, next(order), data))
                ready.notify()
            if not data:
                return

    def _send_late(self, upstream, client, queue, ready) -> None:
        while True:
            with ready:
                while not queue:
                    ready.wait()
                due, _n, data = queue[0]
                wait = due - time.monotonic()
                if wait > 0:
                    ready.wait(wait)
                    continue
                heapq.heappop(queue)
            if not data:
                _close(upstream)
                return
            self.round_trips += 1
            try:
                upstream.sendall(data)
            except OSError:
                _close(client)
                return

    def _pump_back(self, upstream, client) -> None:
        while True:
            try:
                data = upstream.recv(65536)
                if not data:
                    break
                client.sendall(data)
            except OSError:
                break
        _close(client)


def _close(s: socket.socket) -> None:
    try:
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    s.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--listen", type=int, default=55433)
    parser.add_argument("--to", default="127.0.0.1:55432")
    parser.add_argument("--ms", type=float, default=20)
    args = parser.parse_args()
    host, port = args.to.rsplit(":", 1)
    with LatencyProxy((host, int(port)), args.ms / 1000, args.listen) as listening:
        print(f"127.0.0.1:{listening} → {args.to}, +{args.ms:g} ms a round trip; Ctrl+C stops")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
