"""Every response says what its page may load and run (issue 9, item 10): a Content-Security-Policy allowing only
this server's own scripts and no outside host, and a Permissions-Policy. No template of ours carries an inline
script or an `on…=` handler the policy would block (the browser tests load the key pages under it)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
SOURCE = Path(settings.BASE_DIR) / "src" / "digigov"


def directives(header: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in header.split(";") if part.strip())}


@pytest.mark.parametrize("path", ["/", "/admin/login/", "/accounts/login/", "/api/v1/openapi.json", "/no-such-page/"])
def test_every_response_carries_the_policies(client, path):
    response = client.get(path)
    csp = directives(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"], "no inline script, no eval, no other host"
    assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'self'"]
    for name, sources in csp.items():
        assert all(s.startswith("'") or s in ("data:", "blob:") for s in sources), f"{name} names a host"
    permissions = dict(p.strip().split("=") for p in response["Permissions-Policy"].split(","))
    assert permissions["camera"] == permissions["microphone"] == permissions["geolocation"] == "()"


def test_no_template_of_ours_has_an_inline_script_or_handler():
    inline = []
    for template in SOURCE.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and 'type="application/json"' not in tag:
                inline.append(f"{template.relative_to(SOURCE)}: {tag}")
        inline += [f"{template.relative_to(SOURCE)}: {m}" for m in re.findall(r"\son[a-z]+\s*=", text)]
        inline += [f"{template.relative_to(SOURCE)}: javascript:" for _ in re.findall(r"javascript:", text)]
    assert not inline, inline
