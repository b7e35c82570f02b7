"""report.html is one self-contained file with the summary, the chart, the tables and the
explanation in both languages; `allocate explain RUN_DIR` renders a finished run again from its
folder alone (the dataset may be gone)."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import tiny
from click.testing import CliRunner

from optimiser.cli import cli


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def run_with_html(tmp_path):
    data = tiny.write(tmp_path / "data")
    result = CliRunner().invoke(
        cli, ["--year", "2018", "--data", str(data), "--out", str(tmp_path / "out"), "--html"]
    )
    assert result.exit_code == 0, result.output
    (folder,) = [p for p in (tmp_path / "out").glob("*/*/*") if p.is_dir()]
    return data, folder


def test_report_is_self_contained_with_chart_tables_and_both_languages(tmp_path):
    _, folder = run_with_html(tmp_path)
    text = (folder / "report.html").read_text(encoding="utf-8")
    parser = Tags()
    parser.feed(text)
    names = [t for t, _ in parser.tags]
    assert "svg" in names and names.count("rect") >= 3  # one bar piece per county and source
    assert not [a for t, a in parser.tags if t in ("script", "link", "img")]  # nothing external
    assert "★ 深一县" in text  # the deep county marked in the chart and the table
    # the housing deadline forces all of deep1's housing need: binding in every optimal plan
    assert "规则 · Rules" in text and "R-DEADLINE" in text and "004-3" in text
    assert "起约束作用的政策规则" in text and "Policy rules that bind" in text
    assert re.search(r"深度贫困县获得中央和省级专项资金 [\d,.]+ 万元", text)


def test_explain_rerenders_from_the_run_folder_alone(tmp_path):
    data, folder = run_with_html(tmp_path)
    (folder / "report.html").unlink()
    shutil.rmtree(data)  # no dataset, no solving: only the run folder
    result = CliRunner().invoke(cli, ["explain", str(folder), "--lang", "zh", "--html"])
    assert result.exit_code == 0, result.output
    assert "最关键的政策规则" in result.output
    assert (folder / "report.html").exists()


def test_explain_of_a_missing_folder_is_bad_input(tmp_path):
    result = CliRunner().invoke(cli, ["explain", str(tmp_path / "nothing")])
    assert result.exit_code == 2 and "summary.json" in result.output
