"""docs/coming-from-praxia.md cannot drift: every route and socket the compat plugin serves is in it."""

import re
from pathlib import Path

GUIDE = (Path(__file__).resolve().parents[3] / "docs" / "coming-from-praxia.md").read_text(encoding="utf-8")
FEATURES = ["chat", "symptoms", "research", "xray", "compat"]


def test_every_compat_route_is_documented(make_app, compat_tables):
    app = make_app({"HYGEIA_PLUGINS": FEATURES})
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/compat/"):
            original = re.sub(r"<[^>]*?(\w+)>", r"{id}", rule.rule.removeprefix("/api/compat/"))
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                if not re.search(rf"`[^`]*\b{method}\b[^`]*\s{re.escape(original)}", GUIDE):
                    missing.append(f"{method} {original}")
        elif rule.rule.startswith("/ws/compat/"):
            if rule.rule.split("<")[0] not in GUIDE:
                missing.append(rule.rule)
    assert missing == []
