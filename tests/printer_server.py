"""A network printer stand-in on 127.0.0.1: it keeps every byte it receives (or, hung, reads none).

Modes: ``reads=False`` accepts connections and never reads a byte (a printer that hung); ``paper=True`` or
``False`` answers every status question (DLE EOT 4) in the stream with its paper sensor, like a real printer
does in real time; ``paper=None`` reads everything and never answers.
"""

from __future__ import annotations

import socket
import threading
import time

STATUS = b"\x10\x04\x04"  # DLE EOT 4: the paper sensor


class FakeNetworkPrinter:
    def __init__(self, reads: bool = True, paper: bool | None = None, port: int = 0) -> None:
        self.reads = reads
        self.paper = paper  # None: does not answer status queries; else answers DLE EOT 4 with its paper sensor
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if not reads:
            self.server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.server.bind(("127.0.0.1", port))
        self.server.listen(8)
        self.port = self.server.getsockname()[1]
        self.url = f"tcp://127.0.0.1:{self.port}"
        self.confirmed_url = self.url + "?status=1"  # asked after each job whether it took it
        self.jobs: list[bytes] = []  # one entry per connection, complete once the sender closed
        self.held: list[socket.socket] = []
        self.answered = 0  # status questions answered
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _addr = self.server.accept()
            except OSError:
                return
            if not self.reads:
                self.held.append(conn)  # accepted, never read: the sender's buffers fill up
                continue
            threading.Thread(target=self._read, args=(conn,), daemon=True).start()

    def _read(self, conn: socket.socket) -> None:
        chunks, pending = [], b""
        with conn:
            while data := self._recv(conn):
                pending += data
                if self.paper is None:
                    chunks.append(pending)
                    pending = b""
                    continue
                while STATUS in pending:  # answered where it stands in the stream, the job before it read
                    before, pending = pending.split(STATUS, 1)
                    chunks.append(before)
                    conn.sendall(b"\x12" if self.paper else b"\x72")  # paper present / paper end
                    self.answered += 1
                keep = next((n for n in (2, 1) if pending.endswith(STATUS[:n])), 0)  # a question cut in two
                chunks.append(pending[:len(pending) - keep])
                pending = pending[len(pending) - keep:]
        self.jobs.append(b"".join(chunks) + pending)

    @staticmethod
    def _recv(conn: socket.socket) -> bytes:
        try:
            return conn.recv(65536)
        except ConnectionResetError:  # the sender gave up and dropped the connection
            return b""

    def wait_for(self, count: int, timeout: float = 5.0) -> list[bytes]:
        deadline = time.monotonic() + timeout
        while len(self.jobs) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return self.jobs

    def close(self) -> None:
        self.server.close()
        for conn in self.held:
            conn.close()


def closed_port() -> str:
    """The URL of a port nobody listens on."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"tcp://127.0.0.1:{port}"
