"""How allocation.xlsx looks and prints: number formats, fonts and fills, a sheet's title and
header rows, total rows, column widths fitted to their text (a Chinese character counts two),
and A4 landscape pages with the header rows repeated and the data warning on top."""

from __future__ import annotations

import math
from datetime import datetime
from functools import cache
from types import SimpleNamespace
from typing import TYPE_CHECKING

from optimiser.report.text import width
from optimiser.report.workbook_words import WORDS

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

MONEY = "#,##0.00"

MONEY_DASH = '#,##0.00;-#,##0.00;"-"'  # zero shown as -, still a number

PEOPLE = "#,##0"

SHARE = "0.00%"

VALUE = "#,##0.0000"


@cache
def _style() -> SimpleNamespace:
    """Fonts, fills and borders (openpyxl is imported only when a workbook is written)."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    return SimpleNamespace(
        bold=Font(bold=True),
        title=Font(bold=True, size=13),
        warn=Font(bold=True, color="C00000", size=12),
        key=Font(italic=True, color="808080"),
        alarm=Font(bold=True, color="C00000"),
        head_fill=PatternFill("solid", fgColor="D9E1F2"),
        deep_fill=PatternFill("solid", fgColor="FCE4D6"),
        total_fill=PatternFill("solid", fgColor="EDEDED"),
        head_border=Border(bottom=thin),
        total_border=Border(top=thin),
        wrap=Alignment(wrap_text=True, vertical="top"),
        wrap_cell=Alignment(wrap_text=True),
        wrap_centre=Alignment(wrap_text=True, vertical="center"),
        centre=Alignment(vertical="center"),
        left=Alignment(horizontal="left", vertical="top"),
        head_align=Alignment(wrap_text=True, vertical="center", horizontal="center"),
    )


MAX_WIDTH = 48  # characters; longer text wraps

LINE = 16  # points: the height of a line of text

TALLEST = 409  # points: Excel's tallest row


class SheetFormat:
    """The look shared by every sheet of one workbook, in one language."""

    def __init__(self, lang: str, warning: dict | None):
        self.lang = lang
        self.s = _style()
        self.printed: dict[str, int] = {}  # columns printed, by sheet
        self.warning = warning.get(lang) or warning.get("zh") if warning else None

    def w(self, key: str, **fields: object) -> str:
        return WORDS(key, self.lang, **fields)

    def titled(self, ws: Worksheet, title: str, headers: list[str], keys: int = 0) -> None:
        """Row 1 the title (after the data warning's short form), row 2 the header; the last
        `keys` columns are code keys, headed in grey italics."""
        self.printed[ws.title] = len(headers) - keys
        short = self.short_warning()
        ws.cell(1, 1, f"{title}　{short}" if short else title).font = self.s.title
        for col, text in enumerate(headers, start=1):
            cell = ws.cell(2, col, text)
            cell.font = self.s.bold if col <= len(headers) - keys else self.s.key
            cell.fill = self.s.head_fill
            cell.border = self.s.head_border
            cell.alignment = self.s.head_align

    def total_row(self, ws: Worksheet, row: int, values: list[object]) -> None:
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row, col, value if value != "" else None)
            cell.font = self.s.bold
            cell.fill = self.s.total_fill
            cell.border = self.s.total_border
            if isinstance(value, float):
                cell.number_format = MONEY

    def short_warning(self) -> str:
        """The warning's head (本方案含估算数据，仅供演示), for titles and page headers."""
        if not self.warning:
            return ""
        head = self.warning.split("：")[0] if self.lang == "zh" else self.warning.split(":")[0]
        return f"（{head}）" if self.lang == "zh" else f"({head})"

    def fit(
        self,
        ws: Worksheet,
        header_row: int,
        first_row: int,
        sample: int = 0,
        caps: dict[int, int] | None = None,
    ) -> None:
        """Column widths from the widest cell (a Chinese character counts two, as in Excel's
        Chinese fonts); `sample` rows at most are measured (the rest are alike); text wider
        than its column's cap (`caps`, else MAX_WIDTH) wraps, its row made tall enough."""
        caps = caps or {}
        widths: dict[int, int] = {}
        end, columns = ws.max_row, ws.max_column  # each a walk over every cell: once
        last = end if not sample else min(end, first_row + sample)
        for cells in ws.iter_rows(min_row=header_row, max_row=last, max_col=columns):
            for cell in cells:
                if cell.value is None:
                    continue
                shown = shown_text(cell.value, cell.number_format)
                size = width(shown) + (3 if isinstance(cell.value, int | float) else 2)
                if cell.row == header_row:
                    size = min(size, 16)  # headers wrap
                widths[cell.column] = max(widths.get(cell.column, 8), size)
        lines: dict[int, int] = {}
        for col, size in widths.items():
            cap = caps.get(col, MAX_WIDTH)
            ws.column_dimensions[column_letter(col)].width = min(size, cap)
            if size <= cap or col > self.printed.get(ws.title, columns):
                continue  # fits, or a code key column (for joining tables, not reading)
            for (cell,) in ws.iter_rows(min_row=first_row, max_row=end, min_col=col, max_col=col):
                if cell.value is None or 2 * len(str(cell.value)) + 1 <= cap - 1:
                    continue  # fits whatever its characters (width() is the slow part)
                needed = math.ceil((width(str(cell.value)) + 1) / (cap - 1))
                if needed > 1:  # set, as Excel does not fit a row's height to wrapped text
                    cell.alignment = self.s.wrap_cell
                    lines[cell.row] = max(lines.get(cell.row, 1), needed)
        for row, needed in lines.items():
            ws.row_dimensions[row].height = min(LINE * needed, TALLEST)
            (cells,) = ws.iter_rows(min_row=row, max_row=row, max_col=columns)
            for cell in cells:  # the row's other cells centred beside the wrapped text
                if cell.alignment.wrap_text:
                    cell.alignment = self.s.wrap_centre
                elif cell.value is not None:
                    cell.alignment = self.s.centre
        head = [
            math.ceil((width(str(c.value)) + 1) / (ws.column_dimensions[c.column_letter].width - 1))
            for (c,) in ws.iter_cols(min_row=header_row, max_row=header_row, max_col=columns)
            if c.value is not None
        ]
        ws.row_dimensions[header_row].height = LINE * max([2, *head])

    def page(self, ws: Worksheet, title_rows: str | None) -> None:
        """A4 landscape, fitted to the page width, header row repeated, the warning on top."""
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        if title_rows:
            ws.print_title_rows = title_rows
        if ws.title in self.printed:  # the code key columns are for joining tables, not paper
            ws.print_area = f"A1:{column_letter(self.printed[ws.title])}{ws.max_row}"
        short = self.short_warning()
        if short:
            ws.oddHeader.center.text = short.strip("（）()")
            ws.oddHeader.center.color = "C00000"
        ws.oddFooter.center.text = self.w("footer")


def column_letter(col: int) -> str:
    """Excel's name of a column: 1 -> A, 27 -> AA."""
    name = ""
    while col:
        col, rest = divmod(col - 1, 26)
        name = chr(65 + rest) + name
    return name


def cell_value(value: object, places: int, sheets: SheetFormat | None = None) -> float | str | None:
    """A float rounded to `places` (no float noise); None for a missing value; an infinite
    range bound as words when `sheets` is given."""
    if value is None or value == "":
        return None
    value = float(value)
    if math.isnan(value):
        return None
    if math.isinf(value):
        if sheets is None:
            return None
        return sheets.w("no_high" if value > 0 else "no_low")
    return round(value, places) if places else float(round(value))


def shown_text(value: object, number_format: str) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "%" in number_format:
            return f"{value:.2%}"
        if "0.0000" in number_format:
            return f"{value:,.4f}"
        if "0.00" in number_format:
            return f"{value:,.2f}"
        return f"{value:,.0f}" if number_format != "General" else str(value)
    return str(value)


def local_time(started: str) -> str:
    """An ISO time as the reader's clock shows it, with its UTC offset (zone names such as CST
    are ambiguous)."""
    moment = datetime.fromisoformat(started).astimezone()
    offset = moment.strftime("%z")
    return f"{moment:%Y-%m-%d %H:%M:%S} (UTC{offset[:3]}:{offset[3:]})"
