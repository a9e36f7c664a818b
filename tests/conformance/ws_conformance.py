#!/usr/bin/python3
# WebSocket conformance of the real server (RFC 6455), Autobahn-style.
#
# Proves that the server's WebSocket endpoint (GET /ws, Beast underneath) answers every kind of
# well-formed and malformed client frame the way RFC 6455 requires: pings and pongs, reserved
# bits and opcodes, fragmentation with interleaved control frames, UTF-8 validation (also split
# across fragments), the closing handshake with every valid and invalid close code, frame-length
# encoding, masking, and the 64 KiB message limit of docs/PROTOCOL.md.
#
# Frames are built with python3-autobahn's frame-level API (WebSocketProtocol.sendFrame can set
# any opcode, FIN, RSV bits, mask and length) on asyncio. Each case opens its own authenticated
# socket (session cookie, the server's own Origin), sends its frames and asserts the exact
# outcome: the close code the server sends (and that the server then closes the TCP connection),
# the pong payload, or the answer to a JSON request (`rid` is echoed, so a request whose `rid`
# holds multi-byte text proves the text arrived intact).
#
# Usage: /usr/bin/python3 tests/conformance/ws_conformance.py ARENA_BINARY
# Prints one line per case and "N cases, N passed"; exits 0 only when every case passes.
import asyncio
import json
import os
import struct
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from arena_server import ArenaServer, stop_on_sigterm  # noqa: E402

import txaio  # noqa: E402

txaio.use_asyncio()
# autobahn logs its own refusals (e.g. of an echoed close code 5000); the case lines say enough.
txaio.start_logging(level="critical")
from autobahn.asyncio.websocket import WebSocketClientFactory, WebSocketClientProtocol  # noqa: E402

CASE_TIMEOUT = 10.0    # per case; a conforming server answers in milliseconds
RUN_BUDGET = 90.0      # the whole run, server start and setup included (each case may add CASE_TIMEOUT)
MESSAGE_LIMIT = 64 * 1024  # docs/PROTOCOL.md: "1009: a message over 64 KiB"

OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0, 1, 2, 8, 9, 10


class Probe(WebSocketClientProtocol):
    """A client socket that records everything the server sends, in order."""

    def __init__(self):
        super().__init__()
        loop = asyncio.get_event_loop()
        self.events = asyncio.Queue()
        self.opened = loop.create_future()
        self.lost = loop.create_future()

    def onOpen(self):
        if not self.opened.done():
            self.opened.set_result(True)

    def onMessage(self, payload, isBinary):
        self.events.put_nowait(("message", payload, isBinary))

    def onPong(self, payload):
        self.events.put_nowait(("pong", payload))

    def onPing(self, payload):
        self.events.put_nowait(("ping", payload))
        super().onPing(payload)

    def onCloseFrame(self, code, reasonRaw):
        # Recorded before autobahn's own checks, so any code the server sends is seen.
        self.events.put_nowait(("close", code, reasonRaw))
        return super().onCloseFrame(code, reasonRaw)

    def connection_lost(self, exc):
        by_me = bool(getattr(self, "droppedByMe", False))
        super().connection_lost(exc)
        if not self.opened.done():
            self.opened.set_exception(ConnectionError("connection lost before the WebSocket opened"))
        if not self.lost.done():
            self.lost.set_result(by_me)
        self.events.put_nowait(("lost", by_me))


class Conn:
    """One case's socket, with helpers that send frames and describe what comes back."""

    def __init__(self, proto, deadline):
        self.p = proto
        self.deadline = deadline

    # ---- sending
    def frame(self, opcode, payload=b"", fin=True, rsv=0, mask=True, chopsize=None):
        if isinstance(payload, str):
            payload = payload.encode()
        if mask:
            self.p.sendFrame(opcode, payload, fin=fin, rsv=rsv, chopsize=chopsize)
        else:
            # maskClientFrames off for this one frame: sendFrame then writes it unmasked.
            self.p.maskClientFrames = False
            try:
                self.p.sendFrame(opcode, payload, fin=fin, rsv=rsv, chopsize=chopsize)
            finally:
                self.p.maskClientFrames = True

    def raw(self, data):
        self.p.sendData(data)

    def text(self, payload, **kw):
        self.frame(OP_TEXT, payload, **kw)

    # ---- receiving
    async def event(self):
        """The next event that matters: pushed events ({"ev": ...}) are skipped."""
        while True:
            left = self.deadline - time.monotonic()
            if left <= 0:
                return ("timeout",)
            try:
                ev = await asyncio.wait_for(self.p.events.get(), left)
            except asyncio.TimeoutError:
                return ("timeout",)
            if ev[0] == "message" and not ev[2]:
                try:
                    obj = json.loads(ev[1].decode("utf-8"))
                except (UnicodeDecodeError, ValueError):
                    return ev
                if isinstance(obj, dict) and "ev" in obj and "re" not in obj:
                    continue
            return ev

    def describe(self, ev, rid=None, ping=None):
        kind = ev[0]
        if kind == "message":
            if ev[2]:
                return "binary message (%d bytes)" % len(ev[1])
            try:
                obj = json.loads(ev[1].decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                return "text that is not JSON (%d bytes)" % len(ev[1])
            if isinstance(obj, dict) and "re" in obj:
                if rid is not None and obj["re"] != rid:
                    return "answer to another rid %r" % (obj["re"],)
                if obj.get("ok"):
                    return "answer ok"
                return "answer error %s" % obj.get("error", {}).get("code")
            return "message %s" % ev[1][:60]
        if kind == "pong":
            if ping is None:
                return "pong (%d bytes)" % len(ev[1])
            return "pong (%d bytes, %s)" % (len(ev[1]), "same payload" if ev[1] == ping else "OTHER payload")
        if kind == "close":
            return "close %s" % ("(no code)" if ev[1] is None else ev[1])
        if kind == "lost":
            return "tcp closed before a close frame"
        if kind == "ping":
            return "server ping"
        return "no answer in time"

    async def answer(self, rid):
        return self.describe(await self.event(), rid=rid)

    async def answers(self, rids):
        """One successful answer for each rid, in any order."""
        left = list(rids)
        while left:
            ev = await self.event()
            d = self.describe(ev)
            if ev[0] != "message" or d != "answer ok":
                return "%d answers ok, then %s" % (len(rids) - len(left), d)
            rid = json.loads(ev[1].decode())["re"]
            if rid not in left:
                return "%d answers ok, then an answer to an unexpected rid %r" % (len(rids) - len(left), rid)
            left.remove(rid)
        return "%d answers ok" % len(rids)

    async def pong(self, payload):
        return self.describe(await self.event(), ping=payload)

    async def close(self, check_tcp=True):
        """The server's close frame; then RFC 6455 7.1.1: the server closes the TCP connection."""
        ev = await self.event()
        d = self.describe(ev)
        if ev[0] != "close" or not check_tcp:
            return d
        left = max(0.1, self.deadline - time.monotonic())
        try:
            by_me = await asyncio.wait_for(asyncio.shield(self.p.lost), left)
        except asyncio.TimeoutError:
            return d + ", but the server kept the TCP connection open"
        return d if not by_me else d + ", but the server kept the TCP connection open"

    async def request(self, rid, op="server.info", **fields):
        """Sends a whole request frame and describes the answer."""
        self.text(req(rid, op, **fields))
        return await self.answer(rid)


def req(rid, op="server.info", **fields):
    body = {"op": op, "rid": rid}
    body.update(fields)
    return json.dumps(body, ensure_ascii=False).encode()


def padded_request(rid, size):
    """A server.info request of exactly `size` bytes (an unknown field carries the padding)."""
    head = ('{"op":"server.info","rid":%s,"pad":"' % json.dumps(rid)).encode()
    tail = b'"}'
    return head + b"x" * (size - len(head) - len(tail)) + tail


def close_payload(code, reason=b""):
    return struct.pack("!H", code) + reason


def header(opcode, length, fin=True, masked=True, len_bytes=None):
    """A frame header with a chosen length encoding (7-bit, 16-bit or 64-bit)."""
    b0 = (0x80 if fin else 0) | opcode
    mbit = 0x80 if masked else 0
    if len_bytes is None:
        len_bytes = 0 if length <= 125 else 2 if length <= 0xFFFF else 8
    if len_bytes == 0:
        h = bytes([b0, mbit | length])
    elif len_bytes == 2:
        h = bytes([b0, mbit | 126]) + struct.pack("!H", length)
    else:
        h = bytes([b0, mbit | 127]) + struct.pack("!Q", length)
    return h + (b"\x00\x00\x00\x00" if masked else b"")  # the zero mask leaves the payload as is


CASES = []


def case(cid, desc, expected):
    def register(fn):
        CASES.append((cid, desc, expected, fn))
        return fn
    return register


def in_use_then(cid, desc, expected, send):
    """A case on a socket that is proven to work (one request answered) before `send` runs."""
    async def fn(c):
        first = await c.request("before")
        if first != "answer ok":
            return "first request: " + first
        send(c)
        return await c.close()
    CASES.append((cid, desc, expected, fn))


# ------------------------------------------------------------------------------------------
# 1. The socket works: whole requests, authenticated.

@case("1.1", "text frame with a server.info request", "answer ok")
async def _(c):
    return await c.request(1)


@case("1.2", "auth.me over the socket (the session cookie was accepted)", "answer ok")
async def _(c):
    return await c.request("me", op="auth.me")


# Requests run concurrently on the server, and docs/PROTOCOL.md promises no order of answers:
# each must come exactly once, matched by its rid.
@case("1.3", "10 requests in one TCP write, each answered once", "10 answers ok")
async def _(c):
    c.raw(b"".join(header(OP_TEXT, len(req(i))) + req(i) for i in range(10)))
    return await c.answers(list(range(10)))


@case("1.4", "a frame written to TCP one byte at a time", "answer ok")
async def _(c):
    c.text(req("chopped"), chopsize=1)
    return await c.answer("chopped")


@case("1.5", "text frame that is not JSON: an error answer, the socket stays usable",
      "error invalid_json; answer ok")
async def _(c):
    c.text(b"not json")
    ev = await c.event()
    first = c.describe(ev)
    if first.startswith("answer error"):
        first = "error " + first.split()[-1]
    return first + "; " + await c.request("after")


# ------------------------------------------------------------------------------------------
# 2. Ping and pong (RFC 6455 5.5.2, 5.5.3: a pong echoes the ping's payload; control frames
# carry at most 125 bytes).

for cid, n in (("2.1", 0), ("2.2", 1), ("2.3", 64), ("2.4", 125)):
    def _mk(n):
        async def fn(c):
            payload = bytes((i * 7 + 3) % 256 for i in range(n))  # binary, not UTF-8
            c.frame(OP_PING, payload)
            return await c.pong(payload)
        return fn
    CASES.append((cid, "ping with a %d-byte payload" % n, "pong (%d bytes, same payload)" % n, _mk(n)))


@case("2.5", "ping with a 125-byte text payload, written one byte at a time",
      "pong (125 bytes, same payload)")
async def _(c):
    payload = b"*" * 125
    c.frame(OP_PING, payload, chopsize=1)
    return await c.pong(payload)


@case("2.6", "ping with a 126-byte payload", "close 1002")
async def _(c):
    c.frame(OP_PING, b"x" * 126)
    return await c.close()


@case("2.7", "ping with a 65535-byte payload", "close 1002")
async def _(c):
    c.frame(OP_PING, b"x" * 65535)
    return await c.close()


@case("2.8", "10 pings in a row: 10 pongs, in order", "10 pongs in order")
async def _(c):
    payloads = [("ping %d" % i).encode() for i in range(10)]
    for p in payloads:
        c.frame(OP_PING, p)
    got = []
    for p in payloads:
        d = await c.pong(p)
        if d != "pong (%d bytes, same payload)" % len(p):
            return "pong %d: %s" % (len(got), d)
        got.append(d)
    return "10 pongs in order"


@case("2.9", "unsolicited empty pong is ignored", "answer ok")
async def _(c):
    c.frame(OP_PONG, b"")
    return await c.request("after-pong")


@case("2.10", "unsolicited 125-byte pong is ignored", "answer ok")
async def _(c):
    c.frame(OP_PONG, b"p" * 125)
    return await c.request("after-pong")


@case("2.11", "pong with a 126-byte payload", "close 1002")
async def _(c):
    c.frame(OP_PONG, b"p" * 126)
    return await c.close()


@case("2.12", "fragmented ping (FIN clear) with a continuation", "close 1002")
async def _(c):
    c.frame(OP_PING, b"frag", fin=False)
    c.frame(OP_CONT, b"ment")
    return await c.close()


@case("2.13", "fragmented pong (FIN clear)", "close 1002")
async def _(c):
    c.frame(OP_PONG, b"frag", fin=False)
    return await c.close()


@case("2.14", "fragmented close (FIN clear)", "close 1002")
async def _(c):
    c.frame(OP_CLOSE, close_payload(1000), fin=False)
    return await c.close()


# ------------------------------------------------------------------------------------------
# 3. Reserved bits (RFC 6455 5.2: no extension was negotiated, so RSV1-3 must be 0).

for i, rsv in enumerate(range(1, 8)):
    def _mk(rsv):
        async def fn(c):
            c.text(req("rsv"), rsv=rsv)
            return await c.close()
        return fn
    CASES.append(("3.%d" % (i + 1), "text frame with RSV=%d%d%d" % (rsv >> 2 & 1, rsv >> 1 & 1, rsv & 1),
                  "close 1002", _mk(rsv)))

in_use_then("3.8", "binary frame with RSV1 after a good request", "close 1002",
            lambda c: c.frame(OP_BINARY, b"\x00\x01", rsv=4))
in_use_then("3.9", "ping with RSV2", "close 1002", lambda c: c.frame(OP_PING, b"hi", rsv=2))
in_use_then("3.10", "close with RSV3", "close 1002", lambda c: c.frame(OP_CLOSE, close_payload(1000), rsv=1))


@case("3.11", "continuation with RSV1 inside a fragmented message", "close 1002")
async def _(c):
    body = req("rsv-cont")
    c.text(body[:5], fin=False)
    c.frame(OP_CONT, body[5:], rsv=4)
    return await c.close()


# ------------------------------------------------------------------------------------------
# 4. Reserved opcodes (RFC 6455 5.2: 3-7 and 11-15 are reserved; an unknown opcode fails the
# connection).

for op in list(range(3, 8)) + list(range(11, 16)):
    def _mk(op):
        async def fn(c):
            c.frame(op, b"reserved" if op < 8 else b"")
            return await c.close()
        return fn
    CASES.append(("4.%d" % op, "reserved opcode %d" % op, "close 1002", _mk(op)))

in_use_then("4.16", "reserved opcode 5 with a payload after a good request", "close 1002",
            lambda c: c.frame(5, b"after a good request"))


# ------------------------------------------------------------------------------------------
# 5. Fragmentation (RFC 6455 5.4): a message in any number of fragments; control frames may be
# interleaved; a continuation needs an open message; a new data frame may not start inside one.

def split(data, n):
    """Exactly n non-empty parts (n <= len(data))."""
    cuts = [len(data) * i // n for i in range(n + 1)]
    return [data[cuts[i]:cuts[i + 1]] for i in range(n)]


async def send_fragments(c, parts, between=None):
    """Sends parts as one message (text, then continuations); `between(i)` runs after part i."""
    for i, part in enumerate(parts):
        c.frame(OP_TEXT if i == 0 else OP_CONT, part, fin=(i == len(parts) - 1))
        if between is not None and i < len(parts) - 1:
            d = await between(i)
            if d is not None:
                return d
    return None


for cid, n in (("5.1", 2), ("5.2", 5), ("5.3", 0)):
    def _mk(n):
        async def fn(c):
            body = req("frag-%d" % n)
            parts = split(body, n) if n else [body[i:i + 1] for i in range(len(body))]
            await send_fragments(c, parts)
            return await c.answer("frag-%d" % n)
        return fn
    CASES.append((cid, "text message in %s fragments" % (n or "1-byte"), "answer ok", _mk(n)))


@case("5.4", "empty first and last fragments around the payload", "answer ok")
async def _(c):
    await send_fragments(c, [b"", req("empty-frags"), b""])
    return await c.answer("empty-frags")


def ping_between(c, waited):
    """Interleaves a ping after each fragment and waits for its pong before going on: the pong
    comes while the message is still open, and nothing else comes before it."""
    async def between(i):
        payload = ("between %d" % i).encode()
        c.frame(OP_PING, payload)
        d = await c.pong(payload)
        if d != "pong (%d bytes, same payload)" % len(payload):
            return "after fragment %d: %s" % (i + 1, d)
        waited.append(i)
        return None
    return between


for cid, n in (("5.5", 2), ("5.6", 4), ("5.7", 10)):
    def _mk(n):
        async def fn(c):
            waited = []
            body = req("ping-frag-%d" % n)
            d = await send_fragments(c, split(body, n), ping_between(c, waited))
            if d is not None:
                return d
            return "%d pongs; %s" % (len(waited), await c.answer("ping-frag-%d" % n))
        return fn
    CASES.append((cid, "text in %d fragments with a ping between each (pong, then the message)" % n,
                  "%d pongs; answer ok" % (n - 1), _mk(n)))


@case("5.8", "unsolicited pongs between fragments are ignored", "answer ok")
async def _(c):
    parts = split(req("pong-frag"), 3)
    for i, part in enumerate(parts):
        c.frame(OP_TEXT if i == 0 else OP_CONT, part, fin=(i == len(parts) - 1))
        if i < len(parts) - 1:
            c.frame(OP_PONG, b"unsolicited")
    return await c.answer("pong-frag")


@case("5.9", "two fragmented messages back to back", "2 answers ok")
async def _(c):
    await send_fragments(c, split(req("m1"), 3))
    await send_fragments(c, split(req("m2"), 3))
    return await c.answers(["m1", "m2"])


@case("5.10", "continuation (FIN set) without a message", "close 1002")
async def _(c):
    c.frame(OP_CONT, req("orphan"))
    return await c.close()


@case("5.11", "continuation (FIN clear) without a message, then more", "close 1002")
async def _(c):
    body = req("orphan")
    c.frame(OP_CONT, body[:4], fin=False)
    c.frame(OP_CONT, body[4:])
    return await c.close()


in_use_then("5.12", "continuation right after a complete message", "close 1002",
            lambda c: c.frame(OP_CONT, b"more"))


@case("5.13", "a new text frame inside a fragmented message", "close 1002")
async def _(c):
    body = req("nested")
    c.text(body[:5], fin=False)
    c.text(req("nested-2"))
    return await c.close()


@case("5.14", "a new binary frame inside a fragmented text message", "close 1002")
async def _(c):
    c.text(req("nested")[:5], fin=False)
    c.frame(OP_BINARY, b"\x01\x02")
    return await c.close()


@case("5.15", "a new fragmented text message inside a fragmented one", "close 1002")
async def _(c):
    c.text(b'{"op":', fin=False)
    c.text(b'{"op":', fin=False)
    return await c.close()


# ------------------------------------------------------------------------------------------
# 6. UTF-8 (RFC 6455 5.6, 8.1: text must be valid UTF-8, else fail the connection; 7.4.1: 1007).
# The invalid bytes sit inside the JSON string of a request, so only UTF-8 validation stops it.

INVALID_UTF8 = [
    ("lone continuation byte 0x80", b"\x80"),
    ("overlong 2-byte '/' (C0 AF)", b"\xc0\xaf"),
    ("overlong 3-byte '/' (E0 80 AF)", b"\xe0\x80\xaf"),
    ("overlong 4-byte '/' (F0 80 80 AF)", b"\xf0\x80\x80\xaf"),
    ("overlong NUL (C0 80)", b"\xc0\x80"),
    ("high surrogate U+D800 (ED A0 80)", b"\xed\xa0\x80"),
    ("low surrogate U+DFFF (ED BF BF)", b"\xed\xbf\xbf"),
    ("surrogate pair encoded as two 3-byte sequences", b"\xed\xa0\x80\xed\xb0\x80"),
    ("above U+10FFFF (F4 90 80 80)", b"\xf4\x90\x80\x80"),
    ("byte 0xFE", b"\xfe"),
    ("byte 0xFF", b"\xff"),
    ("5-byte sequence (F8 88 80 80 80)", b"\xf8\x88\x80\x80\x80"),
    ("3-byte lead followed by ASCII (E2 41 41)", b"\xe2\x41\x41"),
]

for i, (what, bad) in enumerate(INVALID_UTF8):
    def _mk(bad):
        async def fn(c):
            c.text(b'{"op":"server.info","rid":"' + bad + b'"}')
            return await c.close()
        return fn
    CASES.append(("6.%d" % (i + 1), "text with invalid UTF-8: " + what, "close 1007", _mk(bad)))


@case("6.14", "text ending in a truncated sequence (E2 82, no third byte)", "close 1007")
async def _(c):
    c.text(b'{"op":"server.info","rid":"x"}\xe2\x82')
    return await c.close()


SPLIT_INVALID = [
    ("invalid byte at the start of the second fragment", b'{"op":"server.info","rid":"', b'\xff"}'),
    ("above U+10FFFF split F4 | 90 80 80", b'{"op":"server.info","rid":"\xf4', b'\x90\x80\x80"}'),
    ("surrogate split ED | A0 80", b'{"op":"server.info","rid":"\xed', b'\xa0\x80"}'),
    ("overlong split C0 | AF", b'{"op":"server.info","rid":"\xc0', b'\xaf"}'),
    ("overlong split E0 80 | AF", b'{"op":"server.info","rid":"\xe0\x80', b'\xaf"}'),
    ("sequence cut by the boundary, resumed by ASCII (E2 82 | 41)", b'{"op":"server.info","rid":"\xe2\x82', b'A"}'),
    ("truncated sequence at the end of the last fragment (… | E2 82)", b'{"op":"server.info","rid":"x"}', b'\xe2\x82'),
]

for i, (what, first, second) in enumerate(SPLIT_INVALID):
    def _mk(first, second):
        async def fn(c):
            c.text(first, fin=False)
            c.frame(OP_CONT, second)
            return await c.close()
        return fn
    CASES.append(("6.%d" % (15 + i), "fragmented text, " + what, "close 1007", _mk(first, second)))


@case("6.22", "invalid UTF-8 in a first fragment fails at once (the message is never finished)",
      "close 1007")
async def _(c):
    c.text(b'{"op":"server.info","rid":"\xc0\xaf', fin=False)
    return await c.close()


@case("6.23", "invalid UTF-8 in the third of four fragments fails before the last", "close 1007")
async def _(c):
    c.text(b'{"op":', fin=False)
    c.frame(OP_CONT, b'"server.info",', fin=False)
    c.frame(OP_CONT, b'"rid":"\xed\xbf\xbf', fin=False)
    return await c.close()


VALID_SPLITS = [
    ("2-byte 'æ' split C3 | A6", "æ", [1]),
    ("3-byte '€' split E2 | 82 AC", "€", [1]),
    ("3-byte '€' split E2 82 | AC", "€", [2]),
    ("4-byte U+1D11E split after 1 byte", "\U0001D11E", [1]),
    ("4-byte U+1D11E split after 2 bytes", "\U0001D11E", [2]),
    ("4-byte U+1D11E split after 3 bytes", "\U0001D11E", [3]),
    ("4-byte U+10FFFF, every byte its own fragment", "\U0010FFFF", [1, 2, 3]),
    ("'Blåbærsyltetøy €𝄞' one byte per fragment", "Blåbærsyltetøy €\U0001D11E", None),
]

for i, (what, text, cuts) in enumerate(VALID_SPLITS):
    def _mk(text, cuts):
        async def fn(c):
            prefix = b'{"op":"server.info","rid":"'
            char = text.encode()
            if cuts is None:
                parts = [prefix] + [char[j:j + 1] for j in range(len(char))] + [b'"}']
            else:
                bounds = [0] + cuts + [len(char)]
                pieces = [char[bounds[j]:bounds[j + 1]] for j in range(len(bounds) - 1)]
                parts = [prefix + pieces[0]] + pieces[1:-1] + [pieces[-1] + b'"}']
            await send_fragments(c, parts)
            return await c.answer(text)  # the echoed rid equals the text: it arrived intact
        return fn
    CASES.append(("6.%d" % (24 + i), "valid UTF-8 across fragments: " + what, "answer ok", _mk(text, cuts)))


@case("6.32", "valid edge code points in one frame (U+007F U+0080 U+07FF U+0800 U+FFFF U+10000 U+10FFFF)",
      "answer ok")
async def _(c):
    rid = "\u007f\u0080\u07ff\u0800\uffff\U00010000\U0010ffff"
    return await c.request(rid)


# ------------------------------------------------------------------------------------------
# 7. The closing handshake (RFC 6455 5.5.1, 7.4). The server answers a valid close with a close
# echoing the code (Beast echoes the code, without the reason), an empty close with 1000, and
# fails the connection (1002) on a close it cannot accept; then it closes the TCP connection.

VALID_CODES = [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999]
# 1012 (Service Restart) and 1013 (Try Again Later) are registered with IANA after RFC 6455;
# Beast accepts them, and so may any endpoint.
REGISTERED_LATER = [1012, 1013]
# 0-999 are not used; 1004 reserved; 1005 and 1006 must never be sent in a close frame; 1015
# must never be sent; 1016-2999 are reserved for the protocol and not defined.
INVALID_CODES = [0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999]

n = 0
for code in VALID_CODES + REGISTERED_LATER:
    n += 1

    def _mk(code):
        async def fn(c):
            c.frame(OP_CLOSE, close_payload(code, b"bye"))
            return await c.close()
        return fn
    CASES.append(("7.%d" % n, "close with code %d and a reason" % code, "close %d" % code, _mk(code)))

for code in INVALID_CODES:
    n += 1

    def _mk(code):
        async def fn(c):
            c.frame(OP_CLOSE, close_payload(code))
            return await c.close()
        return fn
    CASES.append(("7.%d" % n, "close with invalid code %d" % code, "close 1002", _mk(code)))


@case("7.26", "close with an empty payload", "close 1000")
async def _(c):
    c.frame(OP_CLOSE, b"")
    return await c.close()


@case("7.27", "close with a 1-byte payload", "close 1002")
async def _(c):
    c.frame(OP_CLOSE, b"\x03")
    return await c.close()


@case("7.28", "close 1000 with a 123-byte reason (a 125-byte payload)", "close 1000")
async def _(c):
    c.frame(OP_CLOSE, close_payload(1000, b"r" * 123))
    return await c.close()


@case("7.29", "close 1000 with a 124-byte reason (a 126-byte payload)", "close 1002")
async def _(c):
    c.frame(OP_CLOSE, close_payload(1000, b"r" * 124))
    return await c.close()


@case("7.30", "close 1000 with a valid multi-byte UTF-8 reason", "close 1000")
async def _(c):
    c.frame(OP_CLOSE, close_payload(1000, "Ha det bra, blåbær €𝄞".encode()))
    return await c.close()


# RFC 6455 8.1: a reason that is not UTF-8 fails the connection. The RFC names no code for
# failing on a close frame; Autobahn's suite (case 7.5.1) accepts 1002 or 1007. Beast sends 1002.
for cid, what, reason in (("7.31", "invalid UTF-8 reason (0xFF)", b"\xff"),
                          ("7.32", "reason with a surrogate (ED A0 80)", b"ok \xed\xa0\x80"),
                          ("7.33", "reason ending in a truncated sequence (E2 82)", b"ok \xe2\x82")):
    def _mk(reason):
        async def fn(c):
            c.frame(OP_CLOSE, close_payload(1000, reason))
            return await c.close()
        return fn
    CASES.append((cid, "close 1000 with an " + what if what[0] == "i" else "close 1000 with a " + what,
                  ("close 1002", "close 1007"), _mk(reason)))


@case("7.34", "a request sent after the client's close is not answered", "close 1000")
async def _(c):
    c.frame(OP_CLOSE, close_payload(1000))
    c.text(req("after-close"))
    return await c.close()


@case("7.35", "close in the middle of a fragmented message", "close 1000")
async def _(c):
    c.text(req("half")[:6], fin=False)
    c.frame(OP_CLOSE, close_payload(1000))
    return await c.close()


# Codes 5000 and above lie outside every range RFC 6455 7.4.2 defines; the RFC requires nothing
# for them (Autobahn's cases 7.13.1-2 are informational). Beast treats them as application codes
# and echoes them; autobahn's own client then refuses the echo and drops the connection, so only
# the close frame is checked here.
for cid, code in (("7.36", 5000), ("7.37", 65535)):
    def _mk(code):
        async def fn(c):
            c.frame(OP_CLOSE, close_payload(code))
            return await c.close(check_tcp=False)
        return fn
    CASES.append((cid, "close with code %d (undefined by RFC 6455: echoed)" % code, "close %d" % code, _mk(code)))


# 1014 (Bad Gateway) was registered with IANA later still, outside any RFC. RFC 6455 defines no
# outcome for it; Beast treats it as reserved and fails the connection.
@case("7.38", "close with code 1014 (registered after RFC 6455; Beast: reserved)", "close 1002")
async def _(c):
    c.frame(OP_CLOSE, close_payload(1014))
    return await c.close()


# ------------------------------------------------------------------------------------------
# 8. Framing: masking (RFC 6455 5.1: a server must fail on an unmasked client frame), length
# encoding (5.2: the minimal encoding must be used), binary frames and the message limit.

for cid, what, op, payload in (("8.1", "text", OP_TEXT, req("unmasked")),
                               ("8.2", "ping", OP_PING, b"unmasked"),
                               ("8.3", "close", OP_CLOSE, close_payload(1000))):
    def _mk(op, payload):
        async def fn(c):
            c.frame(op, payload, mask=False)
            return await c.close()
        return fn
    CASES.append((cid, "unmasked %s frame" % what, "close 1002", _mk(op, payload)))


@case("8.4", "unmasked continuation inside a masked fragmented message", "close 1002")
async def _(c):
    body = req("half-masked")
    c.text(body[:6], fin=False)
    c.frame(OP_CONT, body[6:], mask=False)
    return await c.close()


@case("8.5", "100-byte text with a 16-bit length (not minimal)", "close 1002")
async def _(c):
    body = padded_request("len16", 100)
    c.raw(header(OP_TEXT, len(body), len_bytes=2) + body)
    return await c.close()


@case("8.6", "1000-byte text with a 64-bit length (not minimal)", "close 1002")
async def _(c):
    body = padded_request("len64", 1000)
    c.raw(header(OP_TEXT, len(body), len_bytes=8) + body)
    return await c.close()


@case("8.7", "126-byte text with a 16-bit length (minimal)", "answer ok")
async def _(c):
    body = padded_request("len16ok", 126)
    c.raw(header(OP_TEXT, len(body), len_bytes=2) + body)
    return await c.answer("len16ok")


@case("8.8", "binary frame (docs/PROTOCOL.md: 1003)", "close 1003")
async def _(c):
    c.frame(OP_BINARY, b"\x00\x01\x02\x03")
    return await c.close()


@case("8.9", "empty binary frame", "close 1003")
async def _(c):
    c.frame(OP_BINARY, b"")
    return await c.close()


@case("8.10", "binary message in 3 fragments", "close 1003")
async def _(c):
    c.frame(OP_BINARY, b"\x00" * 10, fin=False)
    c.frame(OP_CONT, b"\x01" * 10, fin=False)
    c.frame(OP_CONT, b"\x02" * 10)
    return await c.close()


in_use_then("8.11", "binary frame with a JSON request after a good request", "close 1003",
            lambda c: c.frame(OP_BINARY, req("binary")))


@case("8.12", "a message of exactly %d bytes (the limit)" % MESSAGE_LIMIT, "answer ok")
async def _(c):
    c.text(padded_request("limit", MESSAGE_LIMIT))
    return await c.answer("limit")


@case("8.13", "a message of %d bytes (one over)" % (MESSAGE_LIMIT + 1), "close 1009")
async def _(c):
    c.text(padded_request("over", MESSAGE_LIMIT + 1))
    return await c.close()


@case("8.14", "a message of exactly %d bytes in 4 fragments" % MESSAGE_LIMIT, "answer ok")
async def _(c):
    await send_fragments(c, split(padded_request("limit-frag", MESSAGE_LIMIT), 4))
    return await c.answer("limit-frag")


@case("8.15", "fragments that add up to one byte over the limit", "close 1009")
async def _(c):
    body = padded_request("over-frag", MESSAGE_LIMIT + 1)
    c.text(body[:MESSAGE_LIMIT], fin=False)
    c.frame(OP_CONT, body[MESSAGE_LIMIT:])
    return await c.close()


@case("8.16", "a header announcing 4 GiB, no payload sent (fails on the header alone)", "close 1009")
async def _(c):
    c.raw(header(OP_TEXT, 1 << 32))
    return await c.close()


@case("8.17", "a header announcing 2^63-1 bytes, no payload sent", "close 1009")
async def _(c):
    c.raw(header(OP_TEXT, (1 << 63) - 1))
    return await c.close()


@case("8.18", "a 60 KiB request, a ping, another request: all answered",
      "answer ok; pong (4 bytes, same payload); answer ok")
async def _(c):
    a = await c.request("big-1", pad="y" * (60 * 1024))
    c.frame(OP_PING, b"ping")
    p = await c.pong(b"ping")
    return "%s; %s; %s" % (a, p, await c.request("big-2"))


# ------------------------------------------------------------------------------------------

async def run_case(loop, url, origin, cookie, fn, deadline):
    factory = WebSocketClientFactory(url, origin=origin, headers={"Cookie": cookie})
    factory.protocol = Probe
    # No pings of our own; wait for the server to close the TCP connection (RFC 6455 7.1.1)
    # rather than dropping it after autobahn's default 1 s.
    factory.setProtocolOptions(autoPingInterval=0, openHandshakeTimeout=CASE_TIMEOUT,
                               closeHandshakeTimeout=CASE_TIMEOUT, serverConnectionDropTimeout=CASE_TIMEOUT,
                               failByDrop=True, tcpNoDelay=True)
    host, port = url.split("//", 1)[1].split("/", 1)[0].split(":")
    transport, proto = await asyncio.wait_for(loop.create_connection(factory, host, int(port)),
                                              max(0.1, deadline - time.monotonic()))
    try:
        await asyncio.wait_for(asyncio.shield(proto.opened), max(0.1, deadline - time.monotonic()))
        return await fn(Conn(proto, deadline))
    finally:
        if not proto.lost.done():
            transport.abort()
            try:
                await asyncio.wait_for(asyncio.shield(proto.lost), 5)
            except asyncio.TimeoutError:
                pass


async def run_all(server, cookie, started, only):
    loop = asyncio.get_event_loop()
    url = "ws://%s/ws" % server.host
    results = []
    for cid, desc, expected, fn in CASES:
        if only and cid not in only:
            continue
        if time.monotonic() - started > RUN_BUDGET:
            got = "not run: the run's time budget is spent"
        else:
            t0 = time.monotonic()
            try:
                got = await run_case(loop, url, server.origin, cookie, fn, t0 + CASE_TIMEOUT)
            except Exception as e:  # a case that cannot even connect fails, and the run goes on
                got = "error: %s: %s" % (type(e).__name__, e)
        # `expected` is one outcome, or a tuple of outcomes the RFC allows equally.
        ok = got in expected if isinstance(expected, tuple) else got == expected
        results.append(ok)
        print("%-5s %-4s %s\n            expected: %s\n            got:      %s"
              % (cid, "ok" if ok else "FAIL", desc, " or ".join(expected) if isinstance(expected, tuple) else expected,
                 got), flush=True)
    return results


def main():
    if len(sys.argv) < 2:
        print("usage: ws_conformance.py ARENA_BINARY [CASE_ID...]", file=sys.stderr)
        return 2
    ids = [c[0] for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    stop_on_sigterm()
    started = time.monotonic()
    # A generous socket cap: this suite is about framing, not the per-user connection limit.
    server = ArenaServer(sys.argv[1], extra_args=["--max-sockets-per-user", "1000"])
    try:
        cookie = server.complete_setup()
        results = asyncio.run(run_all(server, cookie, started, set(sys.argv[2:])))
        alive = server.proc.poll() is None
    finally:
        rc = server.stop()
    passed = sum(results)
    print("%d cases, %d passed, %d failed (%.1f s)" % (len(results), passed, len(results) - passed,
                                                       time.monotonic() - started))
    if not alive:
        print("FAIL: the server exited during the run (exit status %s)" % rc)
        return 1
    return 0 if passed == len(results) and results else 1


if __name__ == "__main__":
    sys.exit(main())
