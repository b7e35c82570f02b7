"""CSV with the encodings Chinese government spreadsheets export: UTF-8 (with or without BOM),
GB18030 (a superset of GBK and GB2312)."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path

from optimiser.io.raw import CHUNK, RawTable, TableBuilder
from optimiser.problems import Problem


def decode(data: bytes, file: str) -> tuple[str, str]:
    """Return (text, encoding name). Raises a Problem-carrying ValueError when no encoding fits."""
    encoding = detect_encoding(data, file)
    body = data[3:] if encoding == "utf-8-sig" else data
    return body.decode("utf-8" if encoding == "utf-8-sig" else encoding), encoding


def detect_encoding(data: bytes, file: str) -> str:
    """The encoding of a file's bytes: utf-8-sig (with a byte-order mark), utf-8 or gb18030.
    Checked in pieces, so a large file is never held decoded. Raises a Problem-carrying
    ValueError, naming the row, when no encoding fits the whole file."""
    if data.startswith(b"\xef\xbb\xbf"):
        error = _decode_error(data, "utf-8", 3)
        if error is not None:
            raise _bad_encoding(file, data, error)
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ValueError(
            Problem(
                file,
                None,
                None,
                None,
                "a UTF-16 file (Excel's 'Unicode text'): save it as CSV UTF-8 or CSV (GBK)",
            )
        )
    first_error = _decode_error(data, "utf-8")
    if first_error is None:
        return "utf-8"
    if _decode_error(data, "gb18030") is not None:
        raise _bad_encoding(file, data, first_error)
    mixed = _utf8_chinese_line(data)
    if mixed is not None:
        line = data[: first_error.start].count(b"\n") + 1
        raise ValueError(
            Problem(
                file,
                line,
                None,
                data[first_error.start : first_error.start + 8].hex(" "),
                f"one encoding for the whole file: row {mixed} is UTF-8 Chinese, this row is not "
                "(rows pasted from a GBK file?); save it again as CSV UTF-8",
            )
        )
    return "gb18030"


def _decode_error(data: bytes, encoding: str, start: int = 0) -> UnicodeDecodeError | None:
    """The first place `data[start:]` does not decode in `encoding` (its `start` an offset into
    `data`), or None. Decoded a megabyte at a time and thrown away."""
    decoder = codecs.getincrementaldecoder(encoding)()
    step = 1 << 20
    for offset in range(start, len(data), step):
        try:
            decoder.decode(data[offset : offset + step])
        except UnicodeDecodeError:
            break
    else:
        try:
            decoder.decode(b"", final=True)
            return None
        except UnicodeDecodeError:
            offset = max(start, len(data) - step)
    # the exact place: decode again from the start of the line (a character boundary in both
    # encodings: neither uses the byte 0x0a inside a character) to the end of the piece
    begin = max(start, data.rfind(b"\n", start, offset) + 1)
    try:
        data[begin : offset + step].decode(encoding)
    except UnicodeDecodeError as exc:
        return UnicodeDecodeError(
            exc.encoding, data, begin + exc.start, begin + exc.end, exc.reason
        )
    return UnicodeDecodeError(encoding, data, offset, offset + 1, "truncated data")


def _utf8_chinese_line(data: bytes) -> int | None:
    """The first row that is valid UTF-8 holding Chinese characters, in a file that is not
    UTF-8 as a whole: a sign of rows in two encodings (a GBK row is almost never valid UTF-8
    Chinese)."""
    for number, line in enumerate(_byte_lines(data), start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return number
    return None


def _byte_lines(data: bytes) -> Iterator[bytes]:
    """The lines of `data` one at a time (split at b"\\n"), without a list of them all."""
    start = 0
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        yield data[start:end]
        start = end + 1


def _bad_encoding(file: str, data: bytes, exc: UnicodeDecodeError | None) -> ValueError:
    offset = exc.start if exc else 0
    line = data[:offset].count(b"\n") + 1
    return ValueError(
        Problem(
            file,
            line,
            None,
            data[offset : offset + 8].hex(" "),
            "text in UTF-8 or GB18030/GBK; these bytes are neither",
        )
    )


def folder_in_place(path: Path) -> Problem:
    """A folder where a file (a table, policy.yaml) should be: bad input, named by its path."""
    return Problem(
        str(path),
        None,
        None,
        None,
        "a file, but this is a folder: remove or rename the folder and put the file there",
    )


def read_text(path: Path) -> tuple[str | None, str | None, list[Problem]]:
    """(text, encoding, problems) of a file in any encoding `decode` accepts."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        return None, None, [folder_in_place(path)]
    except OSError as exc:
        return (
            None,
            None,
            [Problem(path.name, None, None, None, f"a readable file ({exc.strerror})")],
        )
    try:
        text, encoding = decode(data, path.name)
    except ValueError as exc:
        return None, None, [exc.args[0]]
    return text, encoding, []


def read_csv(path: Path, name: str) -> tuple[RawTable | None, list[Problem]]:
    """Read one CSV table; every problem found is returned, the table only if it is usable.

    The file is never held decoded as a whole: its bytes are checked for an encoding, then read
    a few thousand rows at a time into columns (optimiser.io.raw)."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        return None, [folder_in_place(path)]
    except OSError as exc:
        return None, [Problem(path.name, None, None, None, f"a readable file ({exc.strerror})")]
    try:
        encoding = detect_encoding(data, path.name)
    except ValueError as exc:
        return None, [exc.args[0]]

    def lines() -> Iterable[str]:
        return chain.from_iterable(_decoded(data, encoding))

    return parse_csv_lines(lines, path.name, name, encoding)


BLOCK = 1 << 15  # bytes decoded at once: small enough to stay in the processor's cache and to
# leave the allocator's large blocks alone (a megabyte at a time costs a million-row history
# 25 MB more at its peak)


def _decoded(data: bytes, encoding: str) -> Iterator[io.StringIO]:
    """The file's text a block at a time, each piece ending at a line end (a character boundary
    in both encodings: neither uses the byte 0x0a inside a character), its lines read as
    TextIOWrapper(newline="") reads them: a third faster, the whole never held decoded."""
    start = 3 if encoding == "utf-8-sig" else 0
    codec = "utf-8" if encoding == "utf-8-sig" else encoding
    while start < len(data):
        end = data.find(b"\n", start + BLOCK)
        end = len(data) if end < 0 else end + 1
        yield io.StringIO(data[start:end].decode(codec), newline="")
        start = end


def parse_csv_text(
    text: str, file: str, name: str, encoding: str | None = None
) -> tuple[RawTable | None, list[Problem]]:
    return parse_csv_lines(lambda: io.StringIO(text, newline=""), file, name, encoding)


def parse_csv_lines(
    lines: Callable[[], Iterable[str]], file: str, name: str, encoding: str | None = None
) -> tuple[RawTable | None, list[Problem]]:
    """A table from CSV text, `lines()` giving it line by line (each line with its line end).

    Rows are read a chunk at a time; a chunk's row numbers follow from the lines the reader
    consumed. A file the csv module refuses somewhere is read again row by row, so every row
    before the fault is still checked and the fault is named at its line."""
    try:
        return _parse(lines(), file, name, encoding, exact=False)
    except _Malformed:
        return _parse(lines(), file, name, encoding, exact=True)


class _Malformed(Exception):
    pass


def _chunks(reader, exact: bool) -> Iterator[tuple[list[list[str]], list[int]]]:
    """The records a chunk at a time, with the line each ends on. Read at C speed, the numbers
    worked out from the lines consumed; or (`exact`, for a file the csv module refuses
    somewhere) one record at a time, the records before the fault still given."""
    if not exact:
        consumed = 0
        while chunk := list(islice(reader, CHUNK)):
            yield chunk, _line_numbers(chunk, consumed, reader.line_num)
            consumed = reader.line_num
        return
    chunk, numbers = [], []
    try:
        for record in reader:
            chunk.append(record)
            numbers.append(reader.line_num)
            if len(chunk) == CHUNK:
                yield chunk, numbers
                chunk, numbers = [], []
    except csv.Error:
        if chunk:
            yield chunk, numbers
        raise
    if chunk:
        yield chunk, numbers


def _parse(
    lines: Iterable[str], file: str, name: str, encoding: str | None, exact: bool
) -> tuple[RawTable | None, list[Problem]]:
    problems: list[Problem] = []
    reader = csv.reader(lines, strict=True)
    builder: TableBuilder | None = None
    width = 0
    chunks = _chunks(reader, exact)
    while True:
        try:
            chunk, numbers = next(chunks, ((), ()))
        except csv.Error as exc:
            if not exact:
                raise _Malformed from None
            problems.append(
                Problem(
                    file,
                    reader.line_num,
                    None,
                    None,
                    f"well-formed CSV ({exc}); check for an unclosed quote",
                )
            )
            break
        except UnicodeDecodeError as exc:  # checked before reading; said all the same
            problems.append(
                Problem(file, reader.line_num + 1, None, None, f"text in UTF-8 or GB18030 ({exc})")
            )
            break
        if not chunk:
            break
        if builder is None:  # the header: the first row that is not blank
            first = next((i for i, row in enumerate(chunk) if "".join(row).strip()), None)
            if first is None:
                continue
            builder = TableBuilder(name, file, chunk[first], encoding)
            width = len(chunk[first])
            chunk, numbers = chunk[first + 1 :], numbers[first + 1 :]
        if set(map(len, chunk)) == {width}:  # the usual chunk: a blank row starts blank
            firsts = list(map(itemgetter(0), chunk))
            blank = set()
            if "" in firsts or any(map(str.isspace, firsts)):
                maybe = [i for i, first in enumerate(firsts) if not first.strip()]
                blank = {i for i in maybe if not "".join(chunk[i]).strip()}
            ragged = []
        else:
            blank = {i for i, text in enumerate(map(str.strip, map("".join, chunk))) if not text}
            ragged = [i for i, row in enumerate(chunk) if len(row) != width and i not in blank]
        for i in ragged:
            problems.append(
                Problem(
                    file,
                    numbers[i],
                    None,
                    ",".join(chunk[i])[:80],
                    f"{width} comma-separated cells as in the header, found {len(chunk[i])}"
                    " (a stray comma or quote, or another delimiter?)",
                )
            )
        if blank or ragged:
            drop = blank.union(ragged)
            keep = [i for i in range(len(chunk)) if i not in drop]
            chunk, numbers = [chunk[i] for i in keep], [numbers[i] for i in keep]
        builder.add_rows(numbers, chunk)
    if builder is None:
        problems.append(Problem(file, None, None, None, "a header row and data; the file is empty"))
        return None, problems
    table, found = builder.finish()
    problems = found + problems
    if len(table.header) == 1 and any(sep in table.header[0] for sep in (";", "\t", "|")):
        problems.append(
            Problem(
                file,
                1,
                None,
                table.header[0][:80],
                "comma-separated columns; this header uses another delimiter",
            )
        )
    return table, problems


LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _line_numbers(chunk: list[list[str]], before: int, after: int) -> list[int]:
    """The line each record of `chunk` ends on, the reader having read lines before+1..after:
    one line a record, unless a quoted cell holds line breaks."""
    if after - before == len(chunk):
        return list(range(before + 1, after + 1))
    numbers, line = [], before
    for record in chunk:
        line += 1 + sum(len(LINE_BREAK.findall(cell)) for cell in record)
        numbers.append(line)
    return numbers
