"""The live page's own files: its words (static/words.json) in both languages with the same
fields and no English left in the Chinese, every word the script or the page asks for there and
none unused; nothing fetched from another host; every file shipped with the package."""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path

from untranslated import english_left

from optimiser.report.words import LANGS, fields_of

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "optimiser" / "live" / "static"
CJK = re.compile(r"[\u4e00-\u9fff]")


def words() -> dict[str, dict[str, str]]:
    return json.loads((STATIC / "words.json").read_text(encoding="utf-8"))


def test_every_word_is_said_in_both_languages_with_the_same_fields():
    for key, said in words().items():
        assert set(said) == set(LANGS), key
        assert all(said[lang].strip() for lang in LANGS), key
        assert fields_of(said["zh"]) == fields_of(said["en"]), key
        zh = said["zh"].format(**dict.fromkeys(fields_of(said["zh"]), ""))
        if re.search(r"[^\W\d_]", zh):
            assert CJK.search(zh), (key, "no Chinese in the Chinese text")
        assert not english_left(zh), (key, english_left(zh))


def test_the_page_asks_only_for_words_it_has_and_has_none_it_never_asks_for():
    script = (STATIC / "live.js").read_text(encoding="utf-8")
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    asked = set(re.findall(r"\bt\('([\w.]+)'", script)) | set(
        re.findall(r'data-w="([\w.]+)"', page)
    )
    known = set(words())
    assert asked - known == set()
    quoted = set(re.findall(r"'([\w.]+)'", script)) | asked
    assert known - quoted == set(), "words no script or page asks for"


def test_nothing_is_fetched_from_another_host():
    for path in STATIC.iterdir():
        text = path.read_text(encoding="utf-8")
        assert not re.search(
            r"(?:https?:)?//[\w.-]+\.\w+/", text.replace("http://www.w3.org/2000/svg", "")
        ), path.name


def test_every_static_file_is_in_the_package():
    patterns = [
        line.split()[2:]
        for line in (ROOT / "MANIFEST.in").read_text(encoding="utf-8").splitlines()
        if line.startswith("recursive-include optimiser/live/static ")
    ]
    shipped = [p for group in patterns for p in group]
    for path in STATIC.iterdir():
        assert any(fnmatch.fnmatch(path.name, p) for p in shipped), path.name
