"""The import contract of the source tree, read from the modules' import statements with grimp
(module-level and inside functions alike: a lazy import still ties two modules together).

- no import circle anywhere in the checked packages (core, plugins, bench);
- the core never imports a plugin (nor a bench script);
- a plugin imports from the core only ``core.api``, and never another plugin.

``check`` takes the package names so a test can run the same rules on a small package it builds
(with a circle in it) and see them fail. bench/ is a folder of scripts that import each other by
bare name (``from reliability_common import ...``, bench/ being the script's own folder): those
imports are read here as imports of ``bench.<name>``.
"""

from __future__ import annotations

import ast
import importlib.util
import itertools
from dataclasses import dataclass
from pathlib import Path

import grimp


@dataclass(frozen=True)
class Layout:
    core: str = "core"
    plugins: str = "plugins"
    scripts: tuple[str, ...] = ("bench",)

    @property
    def packages(self) -> tuple[str, ...]:
        return (self.core, self.plugins, *self.scripts)


def check(layout: Layout = Layout()) -> list[str]:
    """Every broken rule, one line each with the file lines that make it (empty when all hold)."""
    graph = build_graph(layout)
    return [*cycles(graph), *core_imports_no_plugin(graph, layout), *plugins_import_only_core_api(graph, layout)]


def build_graph(layout: Layout) -> grimp.ImportGraph:
    graph = grimp.build_graph(*layout.packages, cache_dir=None)
    for folder in layout.scripts:
        _add_script_imports(graph, folder)
    return graph


def cycles(graph: grimp.ImportGraph) -> list[str]:
    """One line per circle: a path round each group of modules that import each other."""
    problems = []
    for group in _strongly_connected(graph):
        start = group[0]
        step = min(m for m in graph.find_modules_directly_imported_by(start) if m in group)
        path = [start, *graph.find_shortest_chain(importer=step, imported=start)]
        problems.append(f"import circle: {' -> '.join(path)}  ({_lines(graph, path)})")
    return problems


def core_imports_no_plugin(graph: grimp.ImportGraph, layout: Layout) -> list[str]:
    outside = (layout.plugins, *layout.scripts)
    return [f"the core imports {imported}: {importer} ({_lines(graph, [importer, imported])})"
            for importer, imported in _direct_imports(graph, layout.core)
            if _within(imported, *outside)]


def plugins_import_only_core_api(graph: grimp.ImportGraph, layout: Layout) -> list[str]:
    problems = []
    api = f"{layout.core}.api"
    for importer, imported in _direct_imports(graph, layout.plugins):
        own = ".".join(importer.split(".")[:2])
        where = _lines(graph, [importer, imported])
        if _within(imported, layout.core) and not _within(imported, api):
            problems.append(f"a plugin imports a core internal: {importer} -> {imported} ({where}); "
                            f"plugins import only {api} from the core")
        elif _within(imported, layout.plugins) and imported != layout.plugins and not _within(imported, own):
            problems.append(f"a plugin imports another plugin: {importer} -> {imported} ({where})")
    return problems


def _within(module: str, *packages: str) -> bool:
    return any(module == package or module.startswith(package + ".") for package in packages)


def _direct_imports(graph: grimp.ImportGraph, package: str) -> list[tuple[str, str]]:
    return sorted((importer, imported) for importer in graph.modules if _within(importer, package)
                  for imported in graph.find_modules_directly_imported_by(importer))


def _lines(graph: grimp.ImportGraph, path: list[str]) -> str:
    found = []
    for importer, imported in itertools.pairwise(path):
        details = graph.get_import_details(importer=importer, imported=imported)
        found.append(f"{importer}:{details[0]['line_number']}" if details else f"{importer} -> {imported}")
    return ", ".join(found)


def _strongly_connected(graph: grimp.ImportGraph) -> list[list[str]]:
    """Groups of two or more modules that reach each other (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            module, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[module] = min(low[module], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return sorted(groups)


def _add_script_imports(graph: grimp.ImportGraph, folder: str) -> None:
    """Bare-name imports between the scripts of ``folder`` become imports of ``folder.<name>``."""
    spec = importlib.util.find_spec(folder)
    for location in spec.submodule_search_locations or ():
        scripts = {path.stem: path for path in Path(location).glob("*.py")}
        for name, path in scripts.items():
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
                if isinstance(node, ast.Import):
                    targets = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    targets = [node.module]
                else:
                    continue
                for target in targets:
                    if target.split(".")[0] in scripts:
                        graph.add_import(importer=f"{folder}.{name}", imported=f"{folder}.{target.split('.')[0]}",
                                         line_number=node.lineno, line_contents=ast.unparse(node))
