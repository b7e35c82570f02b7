"""YAML files (policy, provenance, scenarios, register), read safely, with the line of every key
so a problem can name the row as well as the key.

One loader reads them all: pyyaml's SafeLoader (libyaml's, where pyyaml has it), stricter in
three ways.

- **Words stay words.** Only `true` and `false` (any case) are booleans, as in YAML 1.2: `off`,
  `on`, `yes` and `no` are read as the words written, so `R-EARMARK: off` switches the rule off
  instead of turning into a boolean (where a field is a boolean, pydantic still reads yes/no).
- **Each key once.** A key written twice in one mapping, at any depth, is refused with both
  lines (YAML would silently keep the last).
- **Aliases bounded.** A file may use at most MAX_ALIASES aliases (`*name`), standing for at
  most MAX_ALIAS_NODES values in all (an alias of a list of aliases counts everything it
  expands to), no deeper than MAX_DEPTH, and no alias inside what it names. The count is kept
  over the file's events, before anything is composed or expanded, so a file that grows when
  read (the "billion laughs") is refused in milliseconds. None of the formats needs aliases;
  the bound leaves room for the few a hand-written file uses to repeat a text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from optimiser.io.csv_reader import read_text
from optimiser.problems import Problem

MAX_ALIASES = 100
MAX_ALIAS_NODES = 10_000
MAX_DEPTH = 100
BOOL_TAG = "tag:yaml.org,2002:bool"
MERGE_TAG = "tag:yaml.org,2002:merge"


class Refused(yaml.YAMLError):
    """A file YAML would read but this loader will not: a key twice, too many aliases."""

    def __init__(
        self, line: int, expected: str, column: str | None = None, value: str | None = None
    ):
        super().__init__(expected)
        self.line, self.expected, self.column, self.value = line, expected, column, value


# libyaml's parser and composer when pyyaml has them (the wheels do): ten times quicker than
# pyyaml's own on the register and provenance files, a tenth of a second of every run
BASE = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


class Loader(BASE):
    """SafeLoader with YAML 1.2's booleans (see the module's text); aliases are bounded by
    `bound_aliases` before a file is composed."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != BOOL_TAG]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def bound_aliases(text: str) -> None:
    """Refuse (Refused) a text whose aliases stand for too much, nest too deep or name what
    contains them, reading its events only: nothing is composed or expanded yet."""
    sizes: dict[str, int] = {}  # anchor -> values its node stands for, aliases expanded
    open_nodes: list[list] = []  # [values so far, anchor] of each collection not yet closed
    uses = values = 0
    for event in yaml.parse(text, Loader=BASE):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in sizes:
                if any(anchor == event.anchor for _, anchor in open_nodes):
                    raise Refused(
                        line,
                        "no alias inside the value it names (a value that contains itself)",
                        value=f"*{event.anchor}",
                    )
                continue  # an alias of nothing: the composer says so
            uses += 1
            values += sizes[event.anchor]
            if uses > MAX_ALIASES or values > MAX_ALIAS_NODES:
                raise Refused(
                    line,
                    f"at most {MAX_ALIASES} aliases (*name) standing for at most "
                    f"{MAX_ALIAS_NODES:,} values in all; this file's aliases stand for more (a "
                    "file that grows when read is refused): write the values out",
                    value=f"*{event.anchor}",
                )
            if open_nodes:
                open_nodes[-1][0] += sizes[event.anchor]
        elif isinstance(event, yaml.CollectionStartEvent):
            if len(open_nodes) >= MAX_DEPTH:
                raise Refused(line, f"values nested at most {MAX_DEPTH} deep")
            open_nodes.append([1, event.anchor])
        elif isinstance(event, yaml.CollectionEndEvent):
            size, anchor = open_nodes.pop()
            if anchor is not None:
                sizes[anchor] = size
            if open_nodes:
                open_nodes[-1][0] += size
        elif isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None:
                sizes[event.anchor] = 1
            if open_nodes:
                open_nodes[-1][0] += 1


Loader.add_implicit_resolver(
    BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


@dataclass
class YamlDoc:
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)

    def line(self, *path: object) -> int | None:
        """Line of the deepest key of `path` that exists (1-based)."""
        for end in range(len(path), -1, -1):
            if tuple(path[:end]) in self.lines:
                return self.lines[tuple(path[:end])]
        return None


def _walk(loader: Loader, node: yaml.Node, path: tuple, lines: dict[tuple, int]) -> None:
    """Record the line of every key path, refusing a key written twice in one mapping."""
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[object, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 1
            if key.tag != MERGE_TAG and isinstance(key, yaml.ScalarNode):
                name = loader.construct_object(key)
                if name in seen:
                    where = ".".join(str(p) for p in (*path, name))
                    raise Refused(
                        line,
                        f"each key once in a mapping: {name} is written at lines {seen[name]} "
                        f"and {line} (YAML would silently keep the last); keep one",
                        column=where,
                        value=str(name),
                    )
                seen[name] = line
            child = path + (key.value,)
            lines[child] = line
            _walk(loader, value, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(loader, item, path + (index,), lines)


def load_text(text: str, file: str) -> tuple[YamlDoc | None, list[Problem]]:
    """YAML text read with the Loader: the data and each key's line, or the problems."""
    loader = None
    try:
        bound_aliases(text)
        loader = Loader(text)
        node = loader.get_single_node()
        lines: dict[tuple, int] = {}
        if node is not None:
            _walk(loader, node, (), lines)
        data = loader.construct_document(node) if node is not None else None
    except Refused as exc:
        return None, [Problem(file, exc.line, exc.column, exc.value, exc.expected)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(file, line, None, None, f"valid YAML ({reason})")]
    finally:
        if loader is not None:
            loader.dispose()
    return YamlDoc(data, lines), []


def read_yaml(path: Path) -> tuple[YamlDoc | None, list[Problem]]:
    text, _, problems = read_text(path)
    if text is None:
        return None, problems
    return load_text(text, path.name)


def load_value(text: str) -> Any:
    """One value as the Loader reads it (an override's `0.35`, `off`, `[a, b]`); raises
    yaml.YAMLError when the text is not a value."""
    doc, problems = load_text(text, "value")
    if problems:
        raise yaml.YAMLError(problems[0].expected)
    return doc.data
