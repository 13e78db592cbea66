"""Where the bytes go: a printer URL (a machine setting, like the database URL) mapped to python-escpos.

    usb://04B8:0E15            usb://0416:5011?in_ep=0x81&out_ep=0x03
    serial:///dev/rfcomm0?baudrate=9600      serial://COM5   (Bluetooth printers pair as a serial port)
    tcp://192.168.1.50:9100    file:///dev/usb/lp0           file:///tmp/out.bin (the raw bytes)
    win32://POS-58             (a Windows printer queue: one job per receipt, printed on close)
    cups://POS-58              (needs the optional pycups)

Sending never runs on the GUI thread (the print queue does it in the background) and
always has a timeout; every failure is a ``PrintFailed`` with a message for the cashier.
"""

from __future__ import annotations

import re
import socket
import struct
import sys
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote

from pos.i18n import _

SCHEMES = ("usb", "serial", "tcp", "file", "win32", "cups")
DEFAULT_TIMEOUT = 10.0  # seconds to connect, and to hand over the bytes


class PrintFailed(Exception):
    """The printer could not be reached or refused the job; ``str()`` is the message to show."""


@dataclass(frozen=True)
class PrinterAddress:
    scheme: str
    target: str  # host:port, device path, printer name, VID:PID
    options: dict[str, str] = field(default_factory=dict)


def parse_printer_url(url: str) -> PrinterAddress:
    """The address in a printer URL, or PrintFailed saying what a good one looks like."""
    url = url.strip()
    scheme, sep, _rest = url.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in SCHEMES:
        raise PrintFailed(_("{url} is not a printer address. Use usb://VID:PID, serial://COM5, tcp://HOST:9100, "
                            "file:///dev/usb/lp0, win32://Printer name or cups://Printer name.")
                          .format(url=url or "''"))
    rest = url.split("://", 1)[1]
    place, _sep, query = rest.partition("?")
    options = dict(parse_qsl(query))
    if scheme == "file":
        target = _file_path(unquote(place))
    elif scheme in ("serial", "win32", "cups"):
        target = unquote(place)  # serial://COM5, serial:///dev/rfcomm0; printer names may hold spaces
    else:
        target = place.rstrip("/")
    if not target:
        raise PrintFailed(_("The printer address {url} names no printer.").format(url=url))
    if scheme == "usb" and not re.fullmatch(r"[0-9A-Fa-f]{4}:[0-9A-Fa-f]{4}", target):
        raise PrintFailed(_("A USB printer is written usb://VID:PID with four hex digits each, e.g. usb://0416:5011."))
    if scheme == "tcp":
        host, _sep, port = target.rpartition(":") if ":" in target else (target, "", "9100")
        if not host or not port.isdigit() or "[" in target:  # no IPv6 printers: python-escpos speaks IPv4
            raise PrintFailed(_("A network printer is written tcp://HOST:PORT, e.g. tcp://192.168.1.50:9100."))
    return PrinterAddress(scheme, target, options)


def _file_path(path: str) -> str:
    """file:///dev/usb/lp0 → /dev/usb/lp0; file:///C:/out.bin → C:/out.bin; file://server/share/x → //server/share/x."""
    if path.startswith("localhost/"):
        path = path[len("localhost"):]
    if re.match(r"^/[A-Za-z]:[/\\]", path):
        return path[1:]
    if path and not path.startswith("/") and not re.match(r"^[A-Za-z]:[/\\]", path):
        return "//" + path  # a shared printer or folder on another computer
    return path


def _number(options: dict[str, str], key: str, default: int) -> int:
    try:
        return int(options.get(key, str(default)), 0)
    except ValueError:
        raise PrintFailed(_("The printer option {key}={value} is not a number.").format(
            key=key, value=options[key])) from None


def connect(address: PrinterAddress, timeout: float = DEFAULT_TIMEOUT):
    """A python-escpos printer object for the address, opened (it raises PrintFailed when it cannot)."""
    from escpos import printer as escpos_printer

    opts = address.options
    try:
        if address.scheme == "tcp":
            host, port = address.target.rsplit(":", 1) if ":" in address.target else (address.target, "9100")
            device = escpos_printer.Network(host, int(port), timeout=timeout)
        elif address.scheme == "serial":
            device = escpos_printer.Serial(address.target, baudrate=_number(opts, "baudrate", 9600),
                                           timeout=timeout, dsrdtr=bool(_number(opts, "dsrdtr", 1)))
        elif address.scheme == "usb":
            vid, pid = (int(part, 16) for part in address.target.split(":"))
            device = escpos_printer.Usb(vid, pid, timeout=int(timeout * 1000), in_ep=_number(opts, "in_ep", 0x82),
                                        out_ep=_number(opts, "out_ep", 0x01))
        elif address.scheme == "file":
            device = escpos_printer.File(address.target)
        elif address.scheme == "win32":
            # Untested on a real Windows queue: the only status check is that the queue exists (open); a
            # spooled printer is never asked about its paper, so ?status=1 does nothing for win32://.
            device = escpos_printer.Win32Raw(address.target)
        else:
            device = escpos_printer.CupsPrinter(address.target)
        device.open(raise_not_found=True)
        if address.scheme == "serial":  # python-escpos sets only the read timeout; a write could hang for ever
            device.device.write_timeout = timeout
    except PrintFailed:
        raise
    except Exception as exc:  # each transport has its own errors: socket, serial, usb, OS, win32print
        raise PrintFailed(describe(exc, address)) from None
    return device


def describe(exc: BaseException, address: PrinterAddress) -> str:
    """One line for the cashier: what went wrong with which printer."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    text = lines[-1] if lines else exc.__class__.__name__  # python-escpos puts the system's reason last
    lowered = str(exc).lower()
    if isinstance(exc, TimeoutError) or "timed out" in lowered or "timeout" in lowered:
        reason = _("it did not answer in time")
    elif isinstance(exc, ConnectionRefusedError) or "refused" in lowered:
        reason = _("it refused the connection (off, or another port?)")
    elif isinstance(exc, FileNotFoundError) or "not found" in lowered or "no such" in lowered:
        reason = _("it is not there (unplugged, or another name?)")
    elif "paper" in lowered:
        reason = _("it is out of paper")
    else:
        reason = text
    return _("The printer {printer} cannot print: {reason}.").format(
        printer=f"{address.scheme}://{address.target}", reason=reason)


PAPER_STATUS = b"\x10\x04\x04"  # DLE EOT 4: the paper roll sensor, answered in real time
PAPER_END = 0x60  # both bits set: no paper
STATUS_OPTION = "status"  # tcp://…?status=1: the printer is asked after each job whether it took it
PRE_CHECK_WAIT = 1.5  # seconds for the paper question before a job (no answer: paper assumed present)


@dataclass(frozen=True)
class Delivery:
    """What is known after a job was handed over.

    ``confirmed``: the printer proved it took the job (it answered a status query sent after the job), or the
    device is local (USB, serial, a file, a Windows or CUPS queue) and took the bytes. A network printer without
    ``?status=1`` (or one that does not answer) is only *sent, not confirmed*: its network took the bytes, but
    nothing says the printer read them. ``note`` says why it is not confirmed.
    """

    confirmed: bool
    note: str = ""


def asks_status(address: PrinterAddress) -> bool:
    return address.options.get(STATUS_OPTION, "").lower() in ("1", "yes", "true")


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("timed out")
    return left


def _status(sock, wait: float) -> int | None:
    """Ask DLE EOT 4 and read the answer byte; None when nothing came within ``wait`` seconds."""
    _discard_pending(sock)
    sock.settimeout(wait)
    try:
        sock.sendall(PAPER_STATUS)
        answer = sock.recv(1)
    except TimeoutError:
        return None
    return answer[0] if answer else None


def _discard_pending(sock) -> None:
    """Bytes the printer sent before (a late answer to an earlier question) are not an answer to the next one."""
    sock.setblocking(False)
    try:
        while sock.recv(64):
            pass
    except (BlockingIOError, InterruptedError):
        pass
    finally:
        sock.setblocking(True)


def paper_out(device, wait: float = PRE_CHECK_WAIT) -> bool:
    """Ask a network printer about its paper (``?status=1`` in its URL); no answer counts as paper present."""
    sock = getattr(device, "device", None)
    if sock is None or not hasattr(sock, "settimeout"):
        return False
    try:
        answer = _status(sock, wait)
    except OSError:
        return False
    return answer is not None and answer & PAPER_END == PAPER_END


def _unsent(sock) -> int | None:
    """Bytes still in this computer's send queue (not yet acknowledged by the printer); None when the system
    cannot say (only Linux can)."""
    try:
        import fcntl
        import termios

        return int.from_bytes(fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0"), sys.byteorder)
    except (ImportError, AttributeError, OSError):
        return None


def _wait_until_taken(sock, deadline: float) -> None:
    """The job left this computer: the printer's network acknowledged every byte (raises TimeoutError when not
    within the deadline: the printer is not reading)."""
    while _unsent(sock) not in (None, 0):
        _remaining(deadline)
        time.sleep(0.02)


def _abort(sock) -> None:
    """Close at once, dropping what the printer did not take (else the system goes on sending it after we gave up,
    and a retry prints it twice)."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass


def _send_network(sock, data: bytes, address: PrinterAddress, deadline: float) -> Delivery:
    """Hand the job to a network printer within the deadline, and find out whether it took it."""
    printer = f"{address.scheme}://{address.target}"
    out_of_paper = PrintFailed(_("The printer {printer} cannot print: {reason}.").format(
        printer=printer, reason=_("it is out of paper")))
    try:
        if asks_status(address):
            answer = _status(sock, min(PRE_CHECK_WAIT, _remaining(deadline)))
            if answer is not None and answer & PAPER_END == PAPER_END:
                raise out_of_paper  # a printer without paper may drop the bytes: nothing is sent
        sock.settimeout(_remaining(deadline))
        sock.sendall(data)  # the timeout bounds the whole call (a printer that stopped reading)
        if not asks_status(address):
            _wait_until_taken(sock, deadline)
            return Delivery(False, "")
        answer = _status(sock, _remaining(deadline))
    except TimeoutError:
        _abort(sock)
        raise PrintFailed(_("The printer {printer} cannot print: {reason}.").format(
            printer=printer, reason=_("it did not take the print in time"))) from None
    if answer is None:
        if _unsent(sock):  # not even all of it left this computer: the printer is not reading
            _abort(sock)
            raise PrintFailed(_("The printer {printer} cannot print: {reason}.").format(
                printer=printer, reason=_("it did not take the print in time")))
        return Delivery(False, _("no answer to the status question after the print"))
    if answer & PAPER_END == PAPER_END:
        raise out_of_paper  # the roll ended during the job: it may be cut short, so it waits to be printed again
    return Delivery(True)


def send(url: str, data: bytes, timeout: float = DEFAULT_TIMEOUT) -> Delivery:
    """Hand the bytes to the printer and close it (Win32Raw prints on close); PrintFailed on any failure.

    Everything, connecting included, is over within ``timeout`` seconds (a network printer that accepts and never
    reads is given up then). With ``?status=1`` a network printer is asked for its paper first (when it reports
    none, nothing is sent and the job waits) and again after the job: its answer proves it read the job.
    """
    address = parse_printer_url(url)
    deadline = time.monotonic() + timeout
    device = connect(address, timeout)
    try:
        if address.scheme == "tcp":
            return _send_network(device.device, data, address, deadline)
        device._raw(data)
        return Delivery(True)
    except PrintFailed:
        raise
    except Exception as exc:
        raise PrintFailed(describe(exc, address)) from None
    finally:
        try:
            device.close()
        except Exception:  # noqa: S110 (closing a broken connection may fail too; the job's error is above)
            pass


def find_printers() -> list[tuple[str, str]]:
    """(URL, description) of the USB printers and serial ports (Bluetooth printers pair as one) seen now.

    Finding USB devices needs libusb; without it (or without the right to read the
    devices) the list is just shorter, never an error.
    """
    found: list[tuple[str, str]] = []
    try:
        import usb.core

        for device in usb.core.find(find_all=True) or ():
            classes = {device.bDeviceClass} | {i.bInterfaceClass for cfg in device for i in cfg}
            if 7 in classes:  # USB class 7: printer
                url = f"usb://{device.idVendor:04X}:{device.idProduct:04X}"
                found.append((url, _("USB printer {id}").format(id=url[6:])))
    except Exception:  # noqa: BLE001 (no libusb, no permission: nothing to list)
        pass
    try:
        from serial.tools import list_ports

        for port in list_ports.comports():
            description = port.description if port.description not in (None, "", "n/a") else ""
            found.append((f"serial://{port.device}", f"{port.device} {description}".strip()))
    except Exception:  # noqa: BLE001
        pass
    return found
