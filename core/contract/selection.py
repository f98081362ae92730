"""Which plugins a contract run covers, and which must be enabled beside each one."""

from __future__ import annotations

import os
from types import ModuleType

from core.plugin_manager import PluginManager
from core.plugin_types import Manifest


def enabled_names(modules: tuple[ModuleType, ...] = ()) -> list[str]:
    """The plugins this environment enables: HYGEIA_PLUGINS when set, else every installed one
    that is not opt-in (and every plugin module given directly)."""
    if "HYGEIA_PLUGINS" in os.environ:
        return [n.strip() for n in os.environ["HYGEIA_PLUGINS"].split(",") if n.strip()]
    return sorted(set(PluginManager.default_enabled()) | {m.manifest.name for m in modules})


def manifest_of(name: str, modules: tuple[ModuleType, ...] = ()) -> Manifest:
    for module in modules:
        if module.manifest.name == name:
            return module.manifest
    installed = PluginManager.installed()
    if name not in installed:
        raise LookupError(f"plugin {name!r} is neither installed nor given as a module")
    return installed[name].load().manifest


def with_requirements(name: str, modules: tuple[ModuleType, ...] = ()) -> list[str]:
    """``name`` and every plugin it requires, directly or not (requirements first)."""
    ordered: list[str] = []

    def visit(current: str, path: tuple[str, ...]) -> None:
        if current in ordered or current in path:
            return
        for required in manifest_of(current, modules).requires:
            visit(required, path + (current,))
        ordered.append(current)

    visit(name, ())
    return ordered


def without(name: str, universe: list[str], modules: tuple[ModuleType, ...] = ()) -> list[str]:
    """``universe`` minus ``name`` and every plugin that needs it."""
    return [other for other in universe
            if other != name and name not in with_requirements(other, modules)]


def is_installed(name: str) -> bool:
    return name in PluginManager.installed()
