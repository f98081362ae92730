"""Mail: templates with text and HTML bodies, real SMTP delivery, the outbox, retries, clean logs."""

import email
import logging
import shutil
import ssl
import subprocess
from email.policy import default as default_policy

import pytest

from core.mail.jobs import queue_mail, send_mail
from core.mail.rendering import render
from core.mail.testing import LocalSMTPServer
from core.mail.transport import MailDeliveryError

ADDRESS = "ana.lopez@example.org"


def test_a_queued_mail_arrives_over_smtp_with_text_and_html(make_app, smtp_server):
    app = make_app(smtp_server.config(MAIL_DEFAULT_SENDER="Clinic <care@clinic.example>"))
    with app.app_context():
        queue_mail(ADDRESS, "security_notice", headline="Your password was changed", consequence="Sign in again.",
                   when="2026-11-24 10:00")
    [mail] = smtp_server.wait_for(1)
    assert mail.recipients == [ADDRESS] and mail.sender == "care@clinic.example"
    assert mail.to == ADDRESS and mail.message["From"] == "Clinic <care@clinic.example>"
    assert mail.subject == "Your password was changed on your Hygeia account"
    assert "Your password was changed on your Hygeia account on 2026-11-24 10:00 (UTC)." in mail.text
    assert "<strong>Your password was changed</strong>" in mail.html
    assert mail.message["Message-ID"].endswith("@clinic.example>")
    assert mail.message.get_content_type() == "multipart/alternative"


def test_html_bodies_escape_what_they_are_given(make_app):
    app = make_app()
    with app.app_context():
        mail = render("password_reset", token="t", link='https://app.example/r?t=a&b="<x>"', minutes=60)
    assert 'href="https://app.example/r?t=a&amp;b=&#34;&lt;x&gt;&#34;"' in mail.html
    assert 'https://app.example/r?t=a&b="<x>"' in mail.text  # plain text stays as written


def test_the_instance_folder_can_reword_a_mail(make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("HYGEIA_INSTANCE_PATH", str(tmp_path))
    (tmp_path / "mail_templates").mkdir()
    (tmp_path / "mail_templates" / "security_notice.txt").write_text(
        "{% block subject %}Aviso: {{ headline }}{% endblock %}{% block body %}Hola. {{ consequence }}{% endblock %}")
    app = make_app({"PRODUCT_NAME": "Clínica Sol"})
    with app.app_context():
        mail = render("security_notice", headline="Cambio", consequence="Vuelva a entrar.", when="hoy")
    assert (mail.subject, mail.text) == ("Aviso: Cambio", "Hola. Vuelva a entrar.\n")
    assert "Clínica Sol" in mail.html  # the built-in HTML body is still used


def test_smtp_credentials_are_used(make_app, smtp_server):
    smtp_server.require_login("mailer", "s3cret-pass")
    app = make_app(smtp_server.config(MAIL_USERNAME="mailer", MAIL_PASSWORD="s3cret-pass"))
    with app.app_context():
        send_mail(ADDRESS, "Subject", "Body")
    assert smtp_server.logins == ["mailer"]
    assert smtp_server.wait_for(1)[0].text == "Body\n"


def test_delivery_errors_name_neither_the_address_nor_the_message(make_app, smtp_server):
    smtp_server.require_login("mailer", "right-password")
    app = make_app(smtp_server.config(MAIL_USERNAME="mailer", MAIL_PASSWORD="wrong-password"))
    with app.app_context(), pytest.raises(MailDeliveryError) as refused:
        send_mail(ADDRESS, "Secret subject", "Body")
    assert "535" in str(refused.value)
    assert ADDRESS not in str(refused.value) and "Secret" not in str(refused.value)
    assert refused.value.__cause__ is None and refused.value.__suppress_context__

    unreachable = make_app(smtp_server.config(MAIL_PORT=1, MAIL_TIMEOUT_SECONDS=2))
    with unreachable.app_context(), pytest.raises(MailDeliveryError, match="cannot reach the SMTP server"):
        send_mail(ADDRESS, "Subject", "Body")


def test_a_temporary_smtp_failure_is_retried_until_the_mail_is_delivered(make_app, smtp_server, hygeia_backend,
                                                                          caplog):
    smtp_server.fail_next(2)
    settings = smtp_server.config(MAIL_RETRIES=3, MAIL_RETRY_SECONDS=[0])
    if hygeia_backend.redis_url:  # a real RQ worker runs the job and its retries
        from core.jobs import make_worker

        app = make_app({**settings, "JOBS_SYNC": False})
        with app.app_context():
            queue_mail(ADDRESS, "security_notice", headline="H", consequence="C", when="now")
            assert smtp_server.attempts == 0  # queued, not sent by the request
            make_worker(app, ["core"], simple=True).work(burst=True)
    else:  # the embedded default: the in-process runner retries
        app = make_app(settings)
        with app.app_context(), caplog.at_level(logging.INFO):
            queue_mail(ADDRESS, "security_notice", headline="H", consequence="C", when="now")
    assert smtp_server.attempts == 3
    [mail] = smtp_server.wait_for(1)
    assert mail.subject == "H on your Hygeia account"
    assert ADDRESS not in caplog.text


def test_without_a_server_mail_goes_to_the_instance_outbox(make_app, tmp_path, caplog):
    outbox = tmp_path / "outbox"
    app = make_app({"MAIL_BACKEND": "outbox", "MAIL_OUTBOX_DIR": str(outbox), "MAIL_SUPPRESS_SEND": False})
    with app.app_context(), caplog.at_level(logging.INFO):
        queue_mail(ADDRESS, "verify_email", token="tok-123", link=None, hours=24)
        queue_mail(ADDRESS, "verify_email", token="tok-456", link=None, hours=24)
    files = sorted(outbox.glob("*.eml"))
    assert len(files) == 2 and not list(outbox.glob(".*"))  # no partial files left behind
    message = email.message_from_bytes(files[0].read_bytes(), policy=default_policy)
    assert message["To"] == ADDRESS and message["Subject"] == "Confirm your email address for Hygeia"
    bodies = {files[i].name: email.message_from_bytes(files[i].read_bytes(), policy=default_policy)
              .get_body(("plain",)).get_content() for i in range(2)}
    assert {"tok-123" in body for body in bodies.values()} == {True, False}
    assert "mail verify_email handed to outbox" in caplog.text
    assert "tok-123" not in caplog.text and ADDRESS not in caplog.text


def test_the_default_backend_follows_mail_server():
    from config.settings import DevelopmentConfig

    assert DevelopmentConfig({}, "/srv/inst").MAIL_BACKEND == "outbox"
    assert DevelopmentConfig({}, "/srv/inst").MAIL_OUTBOX_DIR == "/srv/inst/outbox"
    configured = DevelopmentConfig({"MAIL_SERVER": "smtp.example.org", "MAIL_PORT": "465", "MAIL_USE_SSL": "1"})
    assert (configured.MAIL_BACKEND, configured.MAIL_PORT, configured.MAIL_USE_SSL) == ("smtp", 465, True)


@pytest.mark.parametrize("settings, problem", [
    ({"MAIL_BACKEND": "pigeon"}, "MAIL_BACKEND='pigeon' is unknown"),
    ({"MAIL_BACKEND": "smtp", "MAIL_SERVER": None}, "MAIL_BACKEND=smtp needs MAIL_SERVER"),
    ({"MAIL_SERVER": "smtp.example.org", "MAIL_USE_TLS": True, "MAIL_USE_SSL": True}, "not both"),
])
def test_mail_settings_are_checked_at_start_up(make_app, settings, problem):
    with pytest.raises(Exception, match=problem):
        make_app(settings)


def test_mail_is_sent_at_once_when_the_queue_is_unreachable(make_app, smtp_server):
    app = make_app(smtp_server.config(REDIS_URL="redis://127.0.0.1:1/0", JOBS_SYNC=False))
    with app.app_context():
        queue_mail(ADDRESS, "security_notice", headline="H", consequence="C", when="now")
    assert smtp_server.wait_for(1)[0].recipients == [ADDRESS]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return cert, context


@pytest.mark.parametrize("implicit", [False, True], ids=["starttls", "implicit-tls"])
def test_mail_goes_over_verified_tls(make_app, certificate, implicit):
    cert, context = certificate
    server = LocalSMTPServer(tls=context, implicit_tls=implicit)
    server.require_login("mailer", "s3cret-pass")
    server.start()
    try:
        app = make_app(server.config(MAIL_TLS_CA_FILE=str(cert), MAIL_USERNAME="mailer", MAIL_PASSWORD="s3cret-pass"))
        with app.app_context():
            send_mail(ADDRESS, "Over TLS", "Body")
        assert server.wait_for(1)[0].subject == "Over TLS" and server.tls_sessions == 1
        untrusted = make_app(server.config())  # the certificate is not trusted without MAIL_TLS_CA_FILE
        with untrusted.app_context(), pytest.raises(MailDeliveryError, match="SSLCertVerificationError"):
            send_mail(ADDRESS, "Over TLS", "Body")
    finally:
        server.stop()
