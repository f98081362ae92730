"""Building a MIME message with a plain-text body and an HTML alternative."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid


def compose(sender: str, to: str, subject: str, text: str, html: str | None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    domain = sender.rsplit("@", 1)[-1].strip("> ") or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to account mail
    message.set_content(text)
    if html:
        message.add_alternative(html, subtype="html")
    return message
