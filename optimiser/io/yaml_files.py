"""YAML files (policy, provenance, register), read safely, with the line of every key so a
problem can name the row as well as the key."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from optimiser.io.csv_reader import read_text
from optimiser.problems import Problem


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


def _walk(node: yaml.Node, path: tuple, lines: dict[tuple, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = path + (key.value,)
            lines[child] = key.start_mark.line + 1
            _walk(value, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), lines)


def read_yaml(path: Path) -> tuple[YamlDoc | None, list[Problem]]:
    file = path.name
    text, _, problems = read_text(path)
    if text is None:
        return None, problems
    try:
        parsed = yaml.safe_load(text)
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        return None, [Problem(file, line, None, None, f"valid YAML ({reason})")]
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return YamlDoc(parsed, lines), []
