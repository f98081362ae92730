"""A plugin's source imports the core only through core.api, and no other plugin.

Importing another plugin would load it even when it is disabled, and importing
core internals ties a plugin to code the hook contract's version does not cover.
Migrations (run by Alembic, not imported by the app) and tests are not checked.
"""

from __future__ import annotations

import ast
from pathlib import Path

from flask import Flask

from core.plugin_manager import PluginManager

SKIPPED_DIRS = {"migrations", "tests", "__pycache__"}


def check_imports(app: Flask, plugin: str) -> list[str]:
    pm = app.extensions["hygeia.plugins"]
    module = pm.get_plugin(plugin)
    own = module.__name__
    others = {ep.module for name, ep in PluginManager.installed().items() if name != plugin}
    others |= {pm.get_plugin(name).__name__ for name in pm.enabled if name != plugin}
    others.discard(own)
    problems = []
    for path, root in _sources(module):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            for imported, line in _imported_modules(node):
                where = f"{path.relative_to(root)}:{line}"
                if _is_core_internal(imported):
                    problems.append(f"{where} imports {imported}; a plugin imports only core.api from the core")
                for other in others:
                    if imported == other or imported.startswith(other + "."):
                        problems.append(f"{where} imports {imported}, which belongs to another plugin "
                                        "(use the ai_context hook or a declared requirement instead)")
    return problems


def _sources(module) -> list[tuple[Path, Path]]:
    if getattr(module, "__path__", None):
        root = Path(list(module.__path__)[0])
        files = [p for p in sorted(root.rglob("*.py"))
                 if not SKIPPED_DIRS & set(p.relative_to(root).parts[:-1])]
        return [(p, root) for p in files]
    path = Path(module.__file__)
    return [(path, path.parent)]


def _imported_modules(node: ast.AST) -> list[tuple[str, int]]:
    if isinstance(node, ast.Import):
        return [(alias.name, node.lineno) for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        if node.module == "core":  # from core import api, ...
            return [(f"core.{alias.name}", node.lineno) for alias in node.names]
        return [(node.module, node.lineno)]
    return []


def _is_core_internal(name: str) -> bool:
    return (name == "core" or name.startswith("core.")) and not (name == "core.api" or name.startswith("core.api."))
