"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd, a dev dependency).

The ``smtp_server`` fixture (core.testing) starts one per test::

    def test_x(make_app, smtp_server):
        app = make_app(smtp_server.config())
        ...
        mail = smtp_server.wait_for(1)[0]
        mail.subject, mail.text, mail.html, mail.to

The server parses every message it receives; ``fail_next(n)`` makes it refuse the
next n messages with a temporary error (451), ``require_login(user, password)``
makes it demand SMTP AUTH.
"""

from __future__ import annotations

import email
import logging
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default as default_policy


@dataclass
class ReceivedMail:
    sender: str
    recipients: list[str]
    message: EmailMessage

    @property
    def to(self) -> str:
        return str(self.message["To"])

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def text(self) -> str:
        return self.message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")

    @property
    def html(self) -> str | None:
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part is not None else None

    def find(self, pattern: str) -> str:
        """The first group of ``pattern`` in the plain-text body (AssertionError when absent)."""
        found = re.search(pattern, self.text)
        assert found, f"{pattern!r} not in the mail:\n{self.text}"
        return found.group(1)


class _Handler:
    def __init__(self, server: LocalSMTPServer):
        self.server = server

    async def handle_DATA(self, smtp, session, envelope):
        with self.server.lock:
            self.server.attempts += 1
            if self.server.credentials and not session.authenticated:
                return "530 5.7.0 Authentication required"
            if smtp.transport.get_extra_info("ssl_object") is not None:
                self.server.tls_sessions += 1
            if self.server.failures_left:
                self.server.failures_left -= 1
                return "451 4.3.0 Temporary failure, try again later"
            message = email.message_from_bytes(envelope.content, policy=default_policy)
            self.server.received.append(ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 2.0.0 OK"


class LocalSMTPServer:
    """``tls``: an ssl.SSLContext with the server's certificate; with it the server
    requires STARTTLS, or speaks TLS from the start when ``implicit_tls``."""

    def __init__(self, tls: ssl.SSLContext | None = None, implicit_tls: bool = False):
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult

        self.lock = threading.Lock()
        self.received: list[ReceivedMail] = []
        self.attempts = 0
        self.failures_left = 0
        self.credentials: tuple[str, str] | None = None
        self.logins: list[str] = []
        self.tls, self.implicit_tls = tls, implicit_tls
        self.tls_sessions = 0

        def authenticate(_server, _session, _envelope, _mechanism, auth_data):
            login, password = auth_data.login.decode(), auth_data.password.decode()
            ok = self.credentials is not None and (login, password) == self.credentials
            if ok:
                self.logins.append(login)
            return AuthResult(success=ok, handled=False)

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's own log names the recipients
        if tls is None:
            tls_options = {}
        elif implicit_tls:
            tls_options = {"ssl_context": tls}
        else:
            tls_options = {"tls_context": tls, "require_starttls": True}
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port,
                                     authenticator=authenticate, auth_require_tls=False,
                                     auth_required=False, **tls_options)

    def start(self) -> None:
        self.controller.start()

    def stop(self) -> None:
        self.controller.stop()

    def require_login(self, user: str, password: str) -> None:
        self.credentials = (user, password)

    def fail_next(self, count: int) -> None:
        with self.lock:
            self.failures_left = count

    def config(self, **extra) -> dict:
        """App settings that send through this server."""
        return {"MAIL_BACKEND": "smtp", "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port,
                "MAIL_USE_TLS": self.tls is not None and not self.implicit_tls,
                "MAIL_USE_SSL": self.tls is not None and self.implicit_tls, "MAIL_SUPPRESS_SEND": False, **extra}

    def wait_for(self, count: int, timeout: float = 5.0) -> list[ReceivedMail]:
        """The messages received so far, once there are at least ``count``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.received) >= count:
                    return list(self.received)
            time.sleep(0.02)
        raise AssertionError(f"expected {count} mails, received {len(self.received)}")

    def to(self, address: str) -> list[ReceivedMail]:
        with self.lock:
            return [mail for mail in self.received if address in mail.recipients]

