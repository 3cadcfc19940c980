"""Reading the text files the extractor is pointed at: whole (:func:`read_text`) or
as a stream of pieces cut at sentence ends (:func:`read_pieces`), so that a large
dump is read in memory that does not grow with the file.

Encodings: UTF-8 (a byte-order mark is dropped, so offsets count from the first
character after it), UTF-16 (with a byte-order mark, or without one when the NUL
bytes say so), GB18030 (the superset of GBK/GB2312) and Big5 (told apart from
GB18030 by where its double bytes fall). Anything else, a binary file, a directory or
a missing file raises :class:`InputError` naming the file and saying what to do.
``-`` reads standard input.
"""
from __future__ import annotations

import codecs
import re
import sys
from pathlib import Path
from typing import BinaryIO, Iterator

SNIFF_BYTES = 64 * 1024
BLOCK_BYTES = 256 * 1024
# A piece is cut after a sentence end; a run of text longer than this without one is cut
# at a clause mark, or else after a character that is no part of a number.
MAX_PIECE_CHARS = 256 * 1024
_SENTENCE_END_RE = re.compile(r"[。！？!?]\s*")
_CLAUSE_MARK_RE = re.compile(r"[，,；;、：:\s]")
_NUMBERISH = set("0123456789０１２３４５６７８９.．,，%％零〇○一二两兩三四五六七八九十百千万亿萬億壹贰叁肆伍陆柒捌玖拾佰仟余多来几")


class InputError(ValueError):
    """A file that cannot be read as text; the message names the file and says what to do."""


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" / "utf-16-be" when the NUL bytes of *data* fall on one side of each pair
    (the high bytes of ASCII characters: digits, newlines) and the pairs read as text."""
    sample = data[:4096 - 4096 % 2]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if even + odd < 2 or min(even, odd) * 4 > max(even, odd):
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = sample.decode(encoding)
    except UnicodeDecodeError:
        return None
    return encoding if looks_like_text(text) else None


def looks_like_text(text: str) -> bool:
    """Nearly every character is a letter, digit, punctuation or ordinary whitespace."""
    if not text:
        return True
    odd = sum(1 for ch in text if (ch < " " and ch not in "\n\r\t\f") or "\ue000" <= ch <= "\uf8ff"
              or "\ud800" <= ch <= "\udfff" or ch in "\ufffd\ufffe\uffff")
    return odd * 50 < len(text)


def _gb_share(data: bytes) -> float:
    """Share of the double-byte characters of *data* in the GB2312 area (lead B0-F7, trail A1-FE):
    close to 1 for GB text, about a half for Big5 text read as GB."""
    inside = total = 0
    i, n = 0, min(len(data), SNIFF_BYTES)
    while i < n - 1:
        b = data[i]
        if b < 0x80:
            i += 1
            continue
        total += 1
        if 0xB0 <= b <= 0xF7 and 0xA1 <= data[i + 1] <= 0xFE:
            inside += 1
        i += 2
    return inside / total if total else 1.0


def sniff_encoding(head: bytes, name: str) -> str:
    """The encoding of a file whose first bytes are *head*; InputError if it is not text."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = _utf16_without_bom(head)
    if utf16:
        return utf16
    if b"\x00" in head:
        raise InputError(f"{name}: binary file (it holds NUL bytes); give a UTF-8, UTF-16, GB18030 or Big5 "
                         "text file")
    partial = len(head) >= SNIFF_BYTES  # a character may straddle the end of the sample

    def reads(encoding: str) -> str:
        return codecs.getincrementaldecoder(encoding)().decode(head, final=not partial)

    try:
        reads("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    if _gb_share(head) < 0.8:
        try:
            if looks_like_text(reads("big5")):
                return "big5"
        except UnicodeDecodeError:
            pass
    try:
        text = reads("gb18030")
    except UnicodeDecodeError as e:
        raise InputError(f"{name}: neither UTF-8, UTF-16, GB18030 nor Big5 text (undecodable byte at "
                         f"offset {e.start}); convert it to UTF-8 first") from None
    if not looks_like_text(text):
        raise InputError(f"{name}: not text (control characters where text would be); give a UTF-8, "
                         "UTF-16, GB18030 or Big5 text file")
    return "gb18030"


def _open(path: str | Path) -> tuple[BinaryIO, bool]:
    """A binary stream of *path* (``-``: standard input) and whether to close it."""
    if str(path) == "-":
        return sys.stdin.buffer, False
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{path}: is a directory; give a text file")
    try:
        return p.open("rb"), True
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read: {e.strerror or e}") from None


def _blocks(stream: BinaryIO, name: str) -> Iterator[bytes]:
    while True:
        try:
            block = stream.read(BLOCK_BYTES)
        except OSError as e:
            raise InputError(f"{name}: cannot read: {e.strerror or e}") from None
        if not block:
            return
        yield block


class TextStream:
    """The decoded text of a file, block by block; ``encoding`` is known after the first block."""

    def __init__(self, path: str | Path):
        self.name = "standard input" if str(path) == "-" else str(path)
        self._stream, self._close = _open(path)
        self.encoding = ""

    def chunks(self) -> Iterator[str]:
        decoder = None
        consumed = 0
        try:
            head = b""
            blocks = _blocks(self._stream, self.name)
            for block in blocks:
                head += block
                if len(head) >= SNIFF_BYTES:
                    break
            self.encoding = sniff_encoding(head[:SNIFF_BYTES], self.name) if head else "utf-8"
            decoder = codecs.getincrementaldecoder(self.encoding)()
            for block in _chain(head, blocks):
                if self.encoding not in ("utf-16", "utf-16-le", "utf-16-be") and b"\x00" in block:
                    raise InputError(f"{self.name}: binary data (a NUL byte) near byte {consumed + block.index(0)}; "
                                     "give a text file")
                yield decoder.decode(block)
                consumed += len(block)
            yield decoder.decode(b"", final=True)
        except UnicodeDecodeError as e:
            raise InputError(f"{self.name}: not {self.encoding_name} after byte {consumed + e.start}: the file "
                             "mixes encodings or is not text; convert it to UTF-8 first") from None
        finally:
            if self._close:
                self._stream.close()

    @property
    def encoding_name(self) -> str:
        return {"utf-8-sig": "UTF-8", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}.get(
            self.encoding, self.encoding.upper())


def _chain(head: bytes, rest: Iterator[bytes]) -> Iterator[bytes]:
    if head:
        yield head
    yield from rest


def read_text(path: str | Path) -> tuple[str, str]:
    """The whole text of *path* (``-``: standard input) and the encoding it was read in
    (utf-8, utf-16, gb18030 or big5). Raises :class:`InputError` for a missing file, a
    directory, a binary file or bytes no encoding reads."""
    stream = TextStream(path)
    text = "".join(stream.chunks())
    return text, _plain(stream.encoding)


def _plain(encoding: str) -> str:
    return {"utf-8-sig": "utf-8", "utf-16-le": "utf-16", "utf-16-be": "utf-16"}.get(encoding, encoding)


def _cut(buffer: str, final: bool) -> int:
    """Where to end the next piece of *buffer*: after its last sentence end, or (in a run
    longer than MAX_PIECE_CHARS) after a clause mark or any character no number holds."""
    if final:
        return len(buffer)
    last = None
    for last in _SENTENCE_END_RE.finditer(buffer, max(0, len(buffer) - MAX_PIECE_CHARS)):  # noqa: B007 (the last match)
        pass
    if last is not None and last.end() < len(buffer):
        return last.end()
    if len(buffer) < MAX_PIECE_CHARS:
        return 0
    for m in _CLAUSE_MARK_RE.finditer(buffer, len(buffer) - 4096):
        last = m
    if last is not None:
        return last.end()
    at = len(buffer) - 64
    while at > 0 and buffer[at - 1] in _NUMBERISH:
        at -= 1
    return at or len(buffer) - 64


def read_pieces(stream: TextStream) -> Iterator[tuple[int, str]]:
    """``(offset, piece)``: the text of *stream* in pieces cut after sentence ends, each
    with the offset of its first character in the whole text."""
    return _pieces(stream.chunks())


def text_pieces(text: str) -> Iterator[tuple[int, str]]:
    """:func:`read_pieces` of a text already in memory."""
    return _pieces(text[i:i + BLOCK_BYTES] for i in range(0, len(text), BLOCK_BYTES))


def _pieces(chunks) -> Iterator[tuple[int, str]]:
    buffer = ""
    offset = 0
    for chunk in chunks:
        buffer += chunk
        while True:
            cut = _cut(buffer, False)
            if cut <= 0:
                break
            yield offset, buffer[:cut]
            offset += cut
            buffer = buffer[cut:]
    if buffer:
        yield offset, buffer
