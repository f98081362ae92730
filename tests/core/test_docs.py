"""The plugin author guide cannot drift from the code: every hook, core.api name, Manifest field,
exported fixture and contract check is documented, and its Python examples parse."""

import ast
import dataclasses
import inspect
import re
from pathlib import Path

import pytest

import core.api
from core import hookspecs
from core.contract_tests import PluginContract
from core.plugin_types import Manifest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "docs" / "plugin-guide.md").read_text(encoding="utf-8")


def hook_specs():
    return [(name, fn) for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
            if hasattr(fn, "hygeia_spec")]


def exported_fixtures():
    """Fixture names defined in core/testing.py (the `hygeia` pytest plugin), read from its source."""
    tree = ast.parse((ROOT / "core" / "testing.py").read_text(encoding="utf-8"))
    names = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if ast.unparse(target) == "pytest.fixture":
                    names.append(node.name)
    return names


def test_the_hook_contract_has_hooks():
    assert len(hook_specs()) >= 10


@pytest.mark.parametrize("name, spec", hook_specs(), ids=lambda value: value if isinstance(value, str) else "")
def test_every_hook_has_a_section_with_its_exact_signature(name, spec):
    heading = f"### `{name}{inspect.signature(spec)}`"
    assert heading in GUIDE.splitlines(), f"docs/plugin-guide.md has no section {heading!r}"
    section = GUIDE.split(heading, 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    assert "```python" in section, f"the section on {name} has no example"
    assert f"def {name}(" in section, f"the example in the section on {name} does not implement it"


def test_every_name_of_core_api_is_documented():
    missing = [name for name in core.api.__all__ if f"`{name}`" not in GUIDE]
    assert missing == [], f"core.api exports these, the guide does not mention them: {missing}"


def test_every_manifest_field_is_documented():
    missing = [f.name for f in dataclasses.fields(Manifest) if f"| `{f.name}` |" not in GUIDE]
    assert missing == []


def test_every_exported_fixture_is_documented():
    fixtures = exported_fixtures()
    assert {"make_app", "client", "make_user"} <= set(fixtures)
    missing = [name for name in fixtures if f"`{name}`" not in GUIDE]
    assert missing == [], f"core/testing.py exports these fixtures, the guide does not list them: {missing}"


def test_every_contract_check_is_documented():
    checks = [name.removeprefix("test_") for name in dir(PluginContract) if name.startswith("test_")]
    assert len(checks) >= 8
    missing = [check for check in checks if f"| `{check}` |" not in GUIDE]
    assert missing == []


def test_the_guide_names_the_current_contract_version():
    assert f"**hook contract {core.api.HOOKS_VERSION}**" in GUIDE
    assert f'hooks_version="{core.api.HOOKS_VERSION}"' in GUIDE


def test_python_examples_parse():
    blocks = re.findall(r"```python\n(.*?)```", GUIDE, flags=re.DOTALL)
    assert len(blocks) >= 15
    for block in blocks:
        ast.parse(block)


def test_links_to_files_in_the_repository_resolve():
    for target in re.findall(r"\]\((\.\./[^)#]+)\)", GUIDE):
        assert (ROOT / "docs" / target).resolve().exists(), target
