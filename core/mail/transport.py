"""Handing a message over: SMTP (smtplib) or the instance folder's outbox.

Errors are re-raised as MailDeliveryError carrying only the error's kind and SMTP
code: smtplib's own messages can contain recipient addresses, which must not reach logs.
"""

from __future__ import annotations

import os
import secrets
import smtplib
import ssl
import tempfile
from email.message import EmailMessage

from core.models_base import utcnow


class MailDeliveryError(RuntimeError):
    """The message could not be handed over; the job that sends it is retried."""


def deliver(message: EmailMessage, config) -> str:
    """Send ``message`` with the configured backend; returns the backend used."""
    if config.get("MAIL_SUPPRESS_SEND"):
        return "suppressed"
    backend = config.get("MAIL_BACKEND", "outbox")
    if backend == "smtp":
        send_smtp(message, config)
    elif backend == "outbox":
        write_outbox(message, config["MAIL_OUTBOX_DIR"])
    else:
        raise MailDeliveryError(f"MAIL_BACKEND={backend!r} is unknown; use smtp or outbox")
    return backend


def send_smtp(message: EmailMessage, config) -> None:
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT_SECONDS"]
    if not host:
        raise MailDeliveryError("MAIL_BACKEND is smtp but MAIL_SERVER is not set")
    context = ssl.create_default_context(cafile=config.get("MAIL_TLS_CA_FILE") or None)
    try:
        if config.get("MAIL_USE_SSL"):
            client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
        else:
            client = smtplib.SMTP(host, port, timeout=timeout)
        with client:
            if not config.get("MAIL_USE_SSL") and config.get("MAIL_USE_TLS"):
                client.starttls(context=context)
            if config.get("MAIL_USERNAME"):
                client.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
            client.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        codes = sorted({code for code, _ in error.recipients.values()})
        raise MailDeliveryError(f"the SMTP server refused the recipient (codes {codes})") from None
    except smtplib.SMTPResponseException as error:
        raise MailDeliveryError(f"the SMTP server answered {error.smtp_code} ({type(error).__name__})") from None
    except (smtplib.SMTPException, OSError) as error:
        raise MailDeliveryError(f"cannot reach the SMTP server {host}:{port} ({type(error).__name__})") from None


def write_outbox(message: EmailMessage, folder: str) -> str:
    """Write ``message`` as ``<UTC time>-<random>.eml``; written whole or not at all."""
    os.makedirs(folder, exist_ok=True)
    name = f"{utcnow().strftime('%Y%m%dT%H%M%S.%fZ')}-{secrets.token_hex(4)}.eml"
    fd, partial = tempfile.mkstemp(dir=folder, prefix=".", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(message.as_bytes())
        os.replace(partial, os.path.join(folder, name))
    except OSError as error:
        if os.path.exists(partial):
            os.remove(partial)
        raise MailDeliveryError(f"cannot write to the mail outbox ({type(error).__name__})") from None
    return os.path.join(folder, name)
