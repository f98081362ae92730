"""Outgoing mail: templates with plain-text and HTML bodies, sent by a background job.

``queue_mail(to, template, **context)`` renders a template and enqueues the
``send_mail`` job (retried on failure). The job hands the message to the SMTP
server of MAIL_SERVER, or, in the embedded default, writes it to the instance
folder's outbox as an .eml file a developer can open. No address, token or body
is ever logged.
"""
