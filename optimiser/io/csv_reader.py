"""CSV with the encodings Chinese government spreadsheets export: UTF-8 (with or without BOM),
GB18030 (a superset of GBK and GB2312)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from optimiser.io.raw import RawRow, RawTable
from optimiser.problems import Problem


def decode(data: bytes, file: str) -> tuple[str, str]:
    """Return (text, encoding name). Raises a Problem-carrying ValueError when no encoding fits."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise _bad_encoding(file, data, exc) from None
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
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise _bad_encoding(file, data, first_error) from None
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
    return text, "gb18030"


def _utf8_chinese_line(data: bytes) -> int | None:
    """The first row that is valid UTF-8 holding Chinese characters, in a file that is not
    UTF-8 as a whole: a sign of rows in two encodings (a GBK row is almost never valid UTF-8
    Chinese)."""
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if any("\u4e00" <= ch <= "\u9fff" for ch in text):
            return number
    return None


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
    """Read one CSV table; every problem found is returned, the table only if it is usable."""
    text, encoding, problems = read_text(path)
    if text is None:
        return None, problems
    return parse_csv_text(text, path.name, name, encoding)


def parse_csv_text(
    text: str, file: str, name: str, encoding: str | None = None
) -> tuple[RawTable | None, list[Problem]]:
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows: list[RawRow] = []
    try:
        for record in reader:
            number = reader.line_num
            if not any(cell.strip() for cell in record):
                continue  # blank line
            if header is None:
                header = [cell.strip().lower() for cell in record]
                problems += _header_problems(file, header)
                continue
            if len(record) != len(header):
                problems.append(
                    Problem(
                        file,
                        number,
                        None,
                        ",".join(record)[:80],
                        f"{len(header)} comma-separated cells as in the header, found {len(record)}"
                        " (a stray comma or quote, or another delimiter?)",
                    )
                )
                continue
            rows.append(RawRow(number, {h: c.strip() for h, c in zip(header, record, strict=True)}))
    except csv.Error as exc:
        problems.append(
            Problem(
                file,
                reader.line_num,
                None,
                None,
                f"well-formed CSV ({exc}); check for an unclosed quote",
            )
        )
    if header is None:
        problems.append(Problem(file, None, None, None, "a header row and data; the file is empty"))
        return None, problems
    if len(header) == 1 and any(sep in header[0] for sep in (";", "\t", "|")):
        problems.append(
            Problem(
                file,
                1,
                None,
                header[0][:80],
                "comma-separated columns; this header uses another delimiter",
            )
        )
    table = RawTable(name, file, tuple(header), tuple(rows), encoding)
    return table, problems


def _header_problems(file: str, header: list[str]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for index, column in enumerate(header, 1):
        if not column:
            problems.append(Problem(file, 1, f"#{index}", "", "a column name; this one is empty"))
        elif column in seen:
            problems.append(Problem(file, 1, column, column, "each column name once"))
        seen.add(column)
    return problems
