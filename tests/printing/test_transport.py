"""Printer addresses as a shop writes them, and transports that fail without hanging."""

from __future__ import annotations

import os
import sys
import time

import pytest

from pos.printing.transport import Delivery, PrintFailed, parse_printer_url, send
from tests.printer_server import FakeNetworkPrinter


@pytest.mark.parametrize("url, scheme, target, options", [
    ("usb://0416:5011", "usb", "0416:5011", {}),
    ("usb://04B8:0E15?in_ep=0x81&out_ep=0x03", "usb", "04B8:0E15", {"in_ep": "0x81", "out_ep": "0x03"}),
    ("serial://COM5", "serial", "COM5", {}),
    ("serial:///dev/rfcomm0?baudrate=9600", "serial", "/dev/rfcomm0", {"baudrate": "9600"}),
    ("tcp://192.168.1.50:9100", "tcp", "192.168.1.50:9100", {}),
    ("tcp://printer.local", "tcp", "printer.local", {}),
    ("file:///dev/usb/lp0", "file", "/dev/usb/lp0", {}),
    ("file:///C:/Users/Ani/struk.bin", "file", "C:/Users/Ani/struk.bin", {}),
    ("file://KASIR2/share/struk.bin", "file", "//KASIR2/share/struk.bin", {}),
    ("win32://POS-58 Printer", "win32", "POS-58 Printer", {}),
    ("win32://Kasir%20depan", "win32", "Kasir depan", {}),
    ("win32://Kasir [depan]", "win32", "Kasir [depan]", {}),
    ("cups://POS58", "cups", "POS58", {}),
    (" TCP://10.0.0.9:9100 ", "tcp", "10.0.0.9:9100", {}),
])
def test_printer_urls_as_a_shop_writes_them(url, scheme, target, options):
    address = parse_printer_url(url)
    assert (address.scheme, address.target, address.options) == (scheme, target, options)


@pytest.mark.parametrize("url, message", [
    ("", "is not a printer address"), ("LPT1", "is not a printer address"), ("http://x", "is not a printer address"),
    ("usb://12:34", "four hex digits"), ("tcp://:9100", "tcp://HOST:PORT"), ("tcp://host:port", "tcp://HOST:PORT"),
    ("tcp://[fe80::1]:9100", "tcp://HOST:PORT"), ("file://", "names no printer"),
])
def test_a_bad_printer_url_says_what_a_good_one_looks_like(url, message):
    with pytest.raises(PrintFailed, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_printer_url(url)


def test_a_file_printer_gets_the_bytes_and_a_missing_folder_is_a_clear_error(tmp_path):
    out = tmp_path / "out.bin"
    send(out.as_uri(), b"\x1b@hello")
    assert out.read_bytes() == b"\x1b@hello"
    with pytest.raises(PrintFailed, match="is not there"):
        send((tmp_path / "no" / "out.bin").as_uri(), b"x")


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal stands in for the Bluetooth port")
def test_a_serial_printer_that_takes_nothing_times_out():
    master, slave = os.openpty()  # nobody reads the other end: the port's buffer fills up
    try:
        started = time.monotonic()
        with pytest.raises(PrintFailed, match="did not answer in time"):
            send(f"serial://{os.ttyname(slave)}?dsrdtr=0", b"x" * 1_000_000, timeout=1)
        assert time.monotonic() - started < 5
    finally:
        os.close(master)
        os.close(slave)


# --- network printers: printed only when proven (a printer that accepts and never reads) ---------------

@pytest.fixture
def hung():
    server = FakeNetworkPrinter(reads=False)  # accepts the connection, never reads a byte
    yield server
    server.close()


def test_a_network_printer_that_never_reads_is_not_proven_to_have_printed(hung):
    delivery = send(hung.url, b"\x1b@a short receipt\n", timeout=2)
    assert delivery == Delivery(confirmed=False, note="")  # sent, not confirmed: never "printed"


def test_asked_for_its_status_a_printer_that_never_reads_never_answers_and_is_given_up_in_time(hung):
    started = time.monotonic()
    delivery = send(hung.confirmed_url, b"\x1b@a short receipt\n", timeout=2)
    assert time.monotonic() - started < 3
    assert not delivery.confirmed and "no answer to the status question" in delivery.note


def test_a_printer_that_never_reads_a_big_job_fails_within_the_timeout_not_when_buffers_fill(hung):
    started = time.monotonic()
    with pytest.raises(PrintFailed, match="did not take the print in time"):
        send(hung.url, b"\x1b@" + b"\x00" * 1_000_000, timeout=2)  # fits this computer's buffers, never taken
    assert time.monotonic() - started < 4


def test_a_printer_that_answers_the_status_question_after_the_job_has_printed_it():
    printer = FakeNetworkPrinter(paper=True)
    try:
        job = b"\x1b@" + b"receipt line\n" * 500
        assert send(printer.confirmed_url, job, timeout=5) == Delivery(confirmed=True)
        assert printer.wait_for(1) == [job] and printer.answered == 2  # before the job (paper) and after it
        assert send(printer.url, job, timeout=5) == Delivery(confirmed=False)  # not asked: not proven
    finally:
        printer.close()


def test_a_printer_that_reads_but_never_answers_is_sent_not_confirmed():
    silent = FakeNetworkPrinter(paper=None)
    try:
        delivery = send(silent.confirmed_url, b"\x1b@hello", timeout=2)
        assert not delivery.confirmed and silent.wait_for(1)[0].startswith(b"\x10\x04\x04\x1b@hello")
    finally:
        silent.close()


def test_a_local_printer_is_printed_when_it_took_the_bytes(tmp_path):
    assert send((tmp_path / "out.bin").as_uri(), b"x") == Delivery(confirmed=True)
