"""The environment variables Hygeia's code reads, found in its source (no import, no guessing).

Three shapes are recognised:
* a literal name read from a mapping called ``env``/``environ``/``os.environ`` or ``os.getenv``:
  ``env.get("SECRET_KEY")``, ``os.environ["REDIS_URL"]``, ``os.getenv("X")``;
* click options bound to the environment: ``envvar="HYGEIA_WORKER_METRICS_PORT"``;
* a settings module that reads ``f"PREFIX_{key}"`` for each key of its ``DEFAULTS`` dict
  (the plugins' settings.py): PREFIX_KEY for every key.
"""

from __future__ import annotations

import ast
from pathlib import Path

ENV_NAMES = {"env", "environ", "environment"}


def _is_env(node: ast.AST) -> bool:
    if isinstance(node, ast.Name):
        return node.id in ENV_NAMES
    return isinstance(node, ast.Attribute) and node.attr == "environ"


def _literal(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _names(node: ast.Assign | ast.AnnAssign) -> set[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
    return {t.id for t in targets if isinstance(t, ast.Name)}


def variables_in(source: str) -> set[str]:
    tree = ast.parse(source)
    found: set[str] = set()
    defaults: list[str] = []
    prefixes: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr in {"get", "pop", "setdefault"} and _is_env(func.value):
                if node.args and _literal(node.args[0]):
                    found.add(_literal(node.args[0]))
            elif isinstance(func, ast.Attribute) and func.attr == "getenv" and node.args and _literal(node.args[0]):
                found.add(_literal(node.args[0]))
            for keyword in node.keywords:
                if keyword.arg == "envvar" and _literal(keyword.value):
                    found.add(_literal(keyword.value))
        elif isinstance(node, ast.Subscript) and _is_env(node.value) and _literal(node.slice):
            found.add(_literal(node.slice))
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], (ast.In, ast.NotIn)) \
                and _is_env(node.comparators[0]) and _literal(node.left):
            found.add(_literal(node.left))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and isinstance(node.value, ast.Dict) \
                and "DEFAULTS" in _names(node):
            defaults += [k for k in map(_literal, node.value.keys) if k]
        elif isinstance(node, ast.JoinedStr) and len(node.values) == 2 and _literal(node.values[0]) \
                and isinstance(node.values[1], ast.FormattedValue) and _literal(node.values[0]).endswith("_"):
            prefixes.append(_literal(node.values[0]))
    for prefix in prefixes:
        found |= {prefix + key for key in defaults}
    return {name for name in found if name.isupper() or name.startswith("prometheus_")}


def variables_read(root: Path, folders=("core", "config", "plugins"), files=("wsgi.py",)) -> dict[str, set[str]]:
    """{variable: files that read it} over the app's own code (tests and benchmarks excluded)."""
    paths = [p for folder in folders for p in (root / folder).rglob("*.py")] + [root / f for f in files]
    result: dict[str, set[str]] = {}
    for path in paths:
        if "migrations" in path.parts or path.name == "testing.py" or not path.exists():
            continue
        for name in variables_in(path.read_text(encoding="utf-8")):
            result.setdefault(name, set()).add(str(path.relative_to(root)))
    return result
