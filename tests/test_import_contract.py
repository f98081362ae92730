"""The import contract (tests/import_contract.py): no import circle in core/, plugins/ or bench/, the core
never imports a plugin, a plugin imports only core.api from the core and no other plugin. The same
checker is run on small packages built here, to show that it fails when a rule is broken."""

import textwrap

import pytest

from tests.import_contract import Layout, check

FAKE = Layout(core="fakecore", plugins="fakeplugins", scripts=("fakebench",))


def test_the_source_tree_keeps_the_import_contract():
    assert check() == []


def write(root, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def fake_tree(tmp_path, monkeypatch):
    """A core with an api, two plugins and two bench scripts that keep the contract."""
    write(tmp_path, {
        "fakecore/__init__.py": "",
        "fakecore/api.py": "from fakecore.jobs import enqueue\n",
        "fakecore/jobs.py": "def enqueue(name):\n    return name\n",
        "fakecore/metrics.py": "from fakecore import jobs\n",
        "fakeplugins/__init__.py": "",
        "fakeplugins/alpha/__init__.py": "",
        "fakeplugins/alpha/services.py": "from fakecore.api import enqueue\n\n\ndef run():\n"
                                         "    enqueue('alpha:job')\n",
        "fakeplugins/alpha/jobs.py": "from fakeplugins.alpha import services\n",
        "fakeplugins/beta/__init__.py": "from fakecore.api import enqueue\n",
        "fakebench/common.py": "import fakecore.api\n",
        "fakebench/timing.py": "from common import fakecore\n",
    })
    monkeypatch.syspath_prepend(str(tmp_path))
    assert check(FAKE) == []
    return tmp_path


def test_a_circle_in_the_core_fails_the_contract(fake_tree):
    # jobs importing metrics, inside a function, while metrics imports jobs
    write(fake_tree, {"fakecore/jobs.py": "def enqueue(name):\n    from fakecore import metrics\n\n"
                                          "    return name, metrics\n"})
    circle = "import circle: fakecore.jobs -> fakecore.metrics -> fakecore.jobs  (fakecore.jobs:2, fakecore.metrics:1)"
    assert check(FAKE) == [circle]


def test_a_circle_through_three_plugin_modules_fails_the_contract(fake_tree):
    # a service importing its own jobs, through a third module
    write(fake_tree, {"fakeplugins/alpha/services.py": "from fakeplugins.alpha import pipeline\n",
                      "fakeplugins/alpha/pipeline.py": "from fakeplugins.alpha.jobs import services\n"})
    [problem] = check(FAKE)
    assert problem.startswith("import circle: fakeplugins.alpha.jobs -> fakeplugins.alpha.services -> "
                              "fakeplugins.alpha.pipeline -> fakeplugins.alpha.jobs")


def test_a_circle_between_bench_scripts_fails_the_contract(fake_tree):
    write(fake_tree, {"fakebench/common.py": "import fakecore.api\n\n\ndef later():\n    import timing\n"})
    circle = ("import circle: fakebench.common -> fakebench.timing -> fakebench.common  "
              "(fakebench.common:5, fakebench.timing:1)")
    assert check(FAKE) == [circle]


def test_the_core_importing_a_plugin_fails_the_contract(fake_tree):
    write(fake_tree, {"fakecore/metrics.py": "from fakecore import jobs\nfrom fakeplugins.beta import enqueue\n"})
    assert check(FAKE) == ["the core imports fakeplugins.beta: fakecore.metrics (fakecore.metrics:2)"]


def test_a_plugin_importing_core_internals_or_another_plugin_fails_the_contract(fake_tree):
    write(fake_tree, {"fakeplugins/beta/__init__.py": "from fakecore.jobs import enqueue\n"
                                                      "from fakeplugins.alpha import services\n"})
    assert check(FAKE) == [
        ("a plugin imports a core internal: fakeplugins.beta -> fakecore.jobs (fakeplugins.beta:1); "
         "plugins import only fakecore.api from the core"),
        "a plugin imports another plugin: fakeplugins.beta -> fakeplugins.alpha.services (fakeplugins.beta:2)",
    ]
