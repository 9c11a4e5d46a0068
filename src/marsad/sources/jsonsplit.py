"""JSON read within bounds: a top-level array is split into its items at the byte level, and
each item is parsed on its own by `json.loads`.

The splitter only follows strings and brackets, so it holds one item at a time (never more than
`max_item` bytes of it), and its memory does not grow with the nesting depth or the length of a
number. `loads` turns whatever `json.loads` refuses (invalid JSON, a number of more than 4,300
digits, nesting too deep for its recursion) into a reason the user reads; one bad item is
rejected and the items around it are read.

>>> list(array_items(io.BytesIO('[{"text": "نص"},7]'.encode()), 100))
[b'{"text": "\\xd9\\x86\\xd8\\xb5"}', b'7']
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any, Protocol

MAX_DEPTH = 64  # an article record is an object of strings: two or three levels
MAX_JUNK = 100  # runs of bytes out of place between two items before the array is given up
CHUNK = 1 << 20
# The rest of a string: any bytes but a quote or a backslash, and escape pairs, without
# backtracking (one C loop however many escapes the string has).
_STRING_REST = re.compile(rb'(?:[^"\\]++|\\.)*+', re.S)
# The usual item, an object of strings and numbers, found whole by one match (when it lies in
# the current chunk); anything else is walked byte by byte. Both end it at the same byte.
_STRING = rb'"(?:[^"\\]++|\\.)*+"'
_FLAT_OBJECT = re.compile(rb'\s*+\{\s*+(?:' + _STRING + rb'\s*+:\s*+(?:' + _STRING
                          + rb'|[^",{}\[\]\s]++)\s*+,?\s*+)*+\}', re.S)
_STRUCTURE = re.compile(rb'["\[\]{},]')
_SPACE = b" \t\r\n"
_BOM = b"\xef\xbb\xbf"


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class JsonBreak(Exception):
    """The array itself is broken (it does not start with `[`, is cut short, or has run after
    run of bytes out of place): what follows is not read. `truncated` says whether the input
    just ended."""

    def __init__(self, reason: str, truncated: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.truncated = reason, truncated


class Skipped:
    """An item not kept (too large, nested too deeply, or bytes out of place), with the reason."""

    __slots__ = ("reason",)

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __repr__(self) -> str:
        return f"Skipped({self.reason!r})"


_TYPES = {dict: "an object", list: "an array", str: "a string", int: "a number",
          float: "a number", bool: "true or false", type(None): "null"}


def type_name(value: Any) -> str:
    """What a JSON value is, in words ("a number", "an array")."""
    return _TYPES.get(type(value), "a value")


def loads(data: bytes, encoding: str = "utf-8") -> tuple[Any, str | None]:
    """(value, None) for the bytes of one JSON value, or (None, why it cannot be read).

    >>> loads(b'{"id": ' + b"9" * 5000 + b"}")[1]
    'invalid JSON (a number of more than 4300 digits)'
    """
    try:
        return json.loads(data.decode(encoding)), None
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 ({exc.reason} at byte {exc.start})"
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}" if exc.lineno > 1 else f"column {exc.colno}"
        return None, f"invalid JSON ({exc.msg}: {where})"
    except RecursionError:
        return None, "invalid JSON (nested too deeply)"
    except ValueError as exc:  # int() refuses more than 4300 digits (CVE-2020-10735)
        if "digits" in str(exc):
            return None, "invalid JSON (a number of more than 4300 digits)"
        return None, f"invalid JSON ({exc})"


def array_items(stream: Readable, max_item: int) -> Iterator[bytes | Skipped]:
    """The bytes of each item of the JSON array that `stream` holds (a UTF-8 BOM and white space
    before it are skipped), or Skipped for an item larger than `max_item` bytes, nested more
    than MAX_DEPTH levels, or for bytes out of place between items. Raises JsonBreak where the
    array ends early or cannot be followed."""
    scan = _Scanner(stream)
    if scan.next_byte() != b"[":
        raise JsonBreak("it does not start with [", truncated=scan.at_end)
    if scan.peek_byte() == b"]":
        scan.pos += 1
        return
    while True:
        yield scan.item(max_item)
        junk = 0
        while (after := scan.next_byte()) not in (b",", b"]"):
            if not after:
                raise JsonBreak("the input ends after an item", truncated=True)
            if (junk := junk + 1) > MAX_JUNK:
                raise JsonBreak(f"more than {MAX_JUNK} runs of bytes out of place in a row")
            yield _junk(scan, max_item)
        if after == b"]":
            return


def _junk(scan: _Scanner, max_item: int) -> Skipped:
    """Bytes where a `,` or `]` must be, skipped like an item (to the next `,` or `]` outside
    strings and brackets), so that the items after them are still read."""
    at = scan.offset() - 1
    scan.pos -= 1  # the byte just read, still in the current chunk
    scan.item(max_item)
    if scan.offset() == at:  # a stray } or ]: the walk ends before it
        scan.pos += 1
    return Skipped(f"invalid JSON (bytes at byte {at} where a , or ] must be)")


class _Scanner:
    """A byte stream read a chunk at a time, with a position in the current chunk."""

    def __init__(self, stream: Readable) -> None:
        self.stream = stream
        self.buf, self.pos, self.before, self.at_end = b"", 0, 0, False
        self.started = False

    def offset(self) -> int:
        return self.before + self.pos

    def _fill(self) -> bool:
        """The next chunk (keeping the position's overshoot past the old one); False at the end."""
        data = self.stream.read(CHUNK)
        if not self.started:
            self.started = True
            data = data.removeprefix(_BOM)
        if not data:
            self.at_end = True
            return False
        self.pos -= len(self.buf)
        self.before += len(self.buf)
        self.buf = data
        return True

    def next_byte(self) -> bytes:
        """The next byte that is not white space, consumed; b"" at the end."""
        byte = self.peek_byte()
        self.pos += len(byte)
        return byte

    def peek_byte(self) -> bytes:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _SPACE:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos:self.pos + 1]
            if not self._fill():
                return b""

    def item(self, max_item: int) -> bytes | Skipped:
        """One item from the current position, which is left on the `,` or `]` after it."""
        start = self.pos
        flat = _FLAT_OBJECT.match(self.buf, start)
        if flat is not None and flat.end() - start <= max_item:
            self.pos = flat.end()
            return self.buf[start:self.pos]
        walk = _Walk(max_item)
        while not walk.done:
            if self.pos >= len(self.buf):
                walk.keep(self.buf[start:])
                if not self._fill():
                    raise JsonBreak("the input ends inside an item", truncated=True)
                start = 0  # the position may be past an escaped byte: that byte is kept too
                continue
            self.pos = walk.step(self.buf, self.pos)
        walk.keep(self.buf[start:self.pos])
        return walk.result()


class _Walk:
    """Where one item is: inside a string or not, how deep; and its bytes while they are kept."""

    def __init__(self, max_item: int) -> None:
        self.max_item = max_item
        self.parts: list[bytes] = []
        self.size, self.depth = 0, 0
        self.in_string = self.done = False
        self.skipped: str | None = None

    def keep(self, part: bytes) -> None:
        self.size += len(part)
        if self.skipped is None and self.size > self.max_item:
            self._skip(f"item too large (more than {self.max_item / 1e6:.1f} MB)")
        if self.skipped is None:
            self.parts.append(part)

    def _skip(self, reason: str) -> None:
        self.skipped, self.parts = reason, []

    def result(self) -> bytes | Skipped:
        return Skipped(self.skipped) if self.skipped else b"".join(self.parts)

    def step(self, buf: bytes, pos: int) -> int:
        """The position after the next string or structure byte from `pos` (the end of the
        chunk when there is none); sets `done` when the item ends."""
        if self.in_string:
            end = _STRING_REST.match(buf, pos).end()  # type: ignore[union-attr]  # always matches
            if end == len(buf):
                return end
            if buf[end] == 0x5C:  # a backslash at the chunk's end: its escaped byte is next
                return end + 2
            self.in_string = False
            self.done = self.depth == 0
            return end + 1
        m = _STRUCTURE.search(buf, pos)
        if m is None:
            return len(buf)
        return self._structure(buf[m.start()], m.start())

    def _structure(self, byte: int, at: int) -> int:
        if byte == 0x22:  # "
            self.in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            self.depth += 1
            if self.depth > MAX_DEPTH and self.skipped is None:
                self._skip(f"nested too deeply (more than {MAX_DEPTH} levels)")
        elif byte == 0x2C and self.depth == 0:  # , after a number or a literal
            self.done = True
            return at
        elif byte in (0x5D, 0x7D):  # ] }
            if self.depth == 0:  # the array's own ] after a number or a literal
                self.done = True
                return at
            self.depth -= 1
            self.done = self.depth == 0
        return at + 1


def first_item(head: bytes) -> Any:
    """The first item of the JSON array that starts `head`, parsed; None when `head` ends
    before it does or it is not valid JSON.

    >>> first_item(b'[{"date_extracted": "2015-07-21"}, {"broken')
    {'date_extracted': '2015-07-21'}
    """
    try:
        item = next(array_items(io.BytesIO(head), len(head)), None)
    except JsonBreak:
        return None
    return loads(item)[0] if isinstance(item, bytes) else None
