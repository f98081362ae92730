"""Checking the mail settings at start-up, so a mistake shows before the first mail is due."""

from __future__ import annotations

import logging

from flask import Flask

from config.settings import ConfigError

log = logging.getLogger(__name__)
BACKENDS = ("smtp", "outbox")


def check_mail_settings(app: Flask) -> None:
    config = app.config
    backend = config.get("MAIL_BACKEND")
    if backend not in BACKENDS:
        raise ConfigError(f"MAIL_BACKEND={backend!r} is unknown; use smtp (with MAIL_SERVER) or outbox.")
    if backend == "smtp" and not config.get("MAIL_SERVER"):
        raise ConfigError("MAIL_BACKEND=smtp needs MAIL_SERVER (the SMTP host).")
    if config.get("MAIL_USE_TLS") and config.get("MAIL_USE_SSL"):
        raise ConfigError("Set MAIL_USE_TLS (STARTTLS) or MAIL_USE_SSL (implicit TLS), not both.")
    if backend == "outbox" and not config.get("MAIL_SUPPRESS_SEND") and not (app.debug or app.testing):
        log.warning("mail is written to the outbox folder, not sent: set MAIL_SERVER to send it")
