"""The send_mail job and queue_mail, the one way the core sends mail."""

from __future__ import annotations

import logging

from flask import current_app
from redis.exceptions import RedisError

from core.jobs import enqueue
from core.mail.message import compose
from core.mail.rendering import render
from core.mail.transport import MailDeliveryError, deliver

log = logging.getLogger(__name__)


def send_mail(to: str, subject: str, text: str, html: str | None = None, template: str = "") -> str:
    """Job: hand one message to the mail backend (raises MailDeliveryError, so RQ retries it)."""
    config = current_app.config
    message = compose(config["MAIL_DEFAULT_SENDER"], to, subject, text, html)
    backend = deliver(message, config)
    log.info("mail %s handed to %s", template or "message", backend)
    return backend


def queue_mail(to: str, template: str, **context) -> None:
    """Render ``template`` and send it in the background, retried MAIL_RETRIES times.

    When the queue (Redis) is unreachable the mail is sent at once instead of being lost.
    """
    mail = render(template, **context)
    config = current_app.config
    args = (to, mail.subject, mail.text, mail.html, template)
    try:
        enqueue(send_mail, *args, retries=config["MAIL_RETRIES"],
                retry_intervals=tuple(config["MAIL_RETRY_SECONDS"] or [30]))
    except RedisError as error:
        log.warning("mail queue unreachable (%s); sending %s now", type(error).__name__, template)
        try:
            send_mail(*args)
        except MailDeliveryError as failure:
            log.error("mail %s not sent: %s", template, failure)
