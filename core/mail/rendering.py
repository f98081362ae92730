"""Mail templates (Jinja2): ``<name>.txt`` holds a ``subject`` block and a ``body`` block
(the plain text), ``<name>.html`` the HTML body. Templates in the instance folder's ``mail_templates/``
override the built-in ones of the same name, so a clinic can word and brand its mail.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

BUILTIN = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def _environment(app: Flask) -> Environment:
    key = "hygeia.mail_templates"
    if key not in app.extensions:
        loaders = [FileSystemLoader(os.path.join(app.instance_path, "mail_templates")), FileSystemLoader(BUILTIN)]
        app.extensions[key] = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
            undefined=StrictUndefined,  # a missing value is a bug, never an empty gap in a mail
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return app.extensions[key]


def render(name: str, **context) -> RenderedMail:
    app = current_app._get_current_object()
    env = _environment(app)
    context = {"product": app.config.get("PRODUCT_NAME", "Hygeia"), **context}
    text_template = env.get_template(f"{name}.txt")
    subject = _block(text_template, "subject", context)
    text = _block(text_template, "body", context).strip() + "\n"
    html = env.get_template(f"{name}.html").render(context)
    return RenderedMail(subject=" ".join(subject.split()), text=text, html=html)


def _block(template, block: str, context: dict) -> str:
    return "".join(template.blocks[block](template.new_context(context)))
