"""The README's requests work: every curl command of its code blocks is sent to the app, in order.

JSON bodies (-d) must be valid JSON and accepted (2xx, never a 422 "Unknown field"); multipart
fields (-F) must be the ones the API reads; the profile fields the README names are the API's.
"""

from __future__ import annotations

import io
import json
import re
import shlex
from pathlib import Path

import pytest

from core.profile.schemas import ProfileUpdateSchema
from tests.data_files import fixture

README = Path(__file__).resolve().parents[2] / "README.md"
TEXT = README.read_text(encoding="utf-8")


def shell_blocks() -> list[str]:
    return re.findall(r"^```sh\n(.*?)^```", TEXT, flags=re.S | re.M)


def commands(block: str):
    """Each command of a shell block as its words: continuation lines and multi-line quotes joined."""
    pending = ""
    for line in block.splitlines():
        pending += line + "\n"
        if line.rstrip().endswith("\\"):
            pending = pending.rstrip()[:-1] + " "
            continue
        try:
            words = shlex.split(pending, comments=True)
        except ValueError:  # a quote still open: the command goes on
            continue
        pending = ""
        if words:
            yield words


def curl_requests() -> list[dict]:
    requests = []
    for block in shell_blocks():
        for words in commands(block):
            if words[0] != "curl":
                continue
            request = {"method": None, "url": None, "headers": {}, "json": None, "form": {},
                       "command": " ".join(words)}
            args = iter(words[1:])
            for word in args:
                if word == "-X":
                    request["method"] = next(args)
                elif word == "-H":
                    name, value = next(args).split(":", 1)
                    request["headers"][name.strip()] = value.strip()
                elif word == "-d":
                    request["json"] = json.loads(next(args))  # the README's bodies are JSON
                elif word == "-F":
                    name, value = next(args).split("=", 1)
                    request["form"][name] = value
                else:
                    request["url"] = word
            request["method"] = request["method"] or ("POST" if request["json"] or request["form"] else "GET")
            request["path"] = re.sub(r"^(https?://)?(localhost|127\.0\.0\.1):5000", "", request["url"])
            requests.append(request)
    return requests


REQUESTS = curl_requests()


def test_the_readme_has_the_requests_a_client_needs():
    sent = {(r["method"], r["path"]) for r in REQUESTS}
    assert {("POST", "/api/auth/register/"), ("POST", "/api/auth/login/"), ("PATCH", "/api/profile/"),
            ("POST", "/api/xray-analyses/"), ("DELETE", "/api/profile/account/")} <= sent
    assert REQUESTS[-1]["path"] == "/api/profile/account/"  # deleting the account comes last


def test_every_readme_request_is_accepted(make_app):
    # every plugin a README request reaches; research left out, and MedlinePlus links off, so nothing leaves
    app = make_app({"RATELIMIT_ENABLED": False, "HYGEIA_PLUGINS": ["symptoms", "diet", "chat", "xray"],
                    "SYMPTOMS_ENRICH": False})
    client = app.test_client()
    spec = client.get("/api/openapi.json").get_json()
    token = None
    for request in REQUESTS:
        headers = {name: value.replace("$TOKEN", token or "") for name, value in request["headers"].items()
                   if name.lower() != "content-type"}
        kwargs = {"headers": headers}
        if request["json"] is not None:
            kwargs["json"] = request["json"]
        if request["form"]:
            operation = spec["paths"][request["path"]][request["method"].lower()]
            schema = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
            fields = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]["properties"]
            assert set(request["form"]) == set(fields), request["command"]
            sample = fixture("xray", "00000001_000.png").read_bytes()
            kwargs.update(content_type="multipart/form-data",
                          data={name: (io.BytesIO(sample), "chest.png") for name in request["form"]})
        response = client.open(request["path"], method=request["method"], **kwargs)
        body = response.get_json(silent=True) or {}
        if request["form"]:  # accepted, or refused only because this test app has no X-ray model
            assert response.status_code == 202 or body.get("error") == "model_unavailable", \
                (request["command"], response.status_code, body)
        else:
            assert response.status_code < 300, (request["command"], response.status_code, body)
        if request["path"] == "/api/auth/login/":
            token = body["access_token"]
    assert client.post("/api/auth/login/", json=REQUESTS[1]["json"]).status_code == 401  # the account is gone


def test_the_profile_fields_the_readme_names_are_the_apis():
    row = next(line for line in TEXT.splitlines() if line.startswith("| profile (core) |"))
    listed = re.findall(r"`([a-z_]+)`", row.split("GET/PATCH /api/profile/` (", 1)[1].split(")", 1)[0])
    assert listed == list(ProfileUpdateSchema().fields)
    paragraph = re.sub(r"\([^)]*\)", "", TEXT.split("The profile's fields are ", 1)[1].split(";", 1)[0])
    assert re.findall(r"`([a-z_]+)`", paragraph) == list(ProfileUpdateSchema().fields)


@pytest.mark.parametrize("wrong", ["weight", "height", "language", "conditions", "medications"])
def test_the_names_the_readme_used_to_give_are_refused(make_app, make_user, wrong):
    app = make_app({"HYGEIA_PLUGINS": []})
    response = app.test_client().patch("/api/profile/", json={wrong: None}, headers=make_user().headers)
    assert response.status_code == 422 and f"`{wrong}`" not in TEXT.split("## Configuration")[0]
