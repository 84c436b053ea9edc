"""Fetching a typed-in address (core.http_fetch, issue 9 item 6): against a real HTTP server on this machine.

The server listens on 127.0.0.1, the address an attacker would aim at; each test says whether the platform may
call it and checks both what the caller gets and what the server saw.
"""

import socket
import time

import pytest
import requests

from digigov.core import http_fetch
from digigov.core.http_fetch import FetchRefusedError
from digigov.core.tests.servers import Internal


@pytest.fixture
def internal():
    server = Internal()
    yield server
    server.close()


def get(url, **kwargs):
    kwargs.setdefault("timeout", (2, 5))
    return http_fetch.get(url, **kwargs)


def test_the_internal_admin_page_is_refused_by_default_and_never_called(internal):
    with pytest.raises(FetchRefusedError) as refused:
        get(f"{internal.url}/internal-admin/config")
    assert refused.value.reason == (
        "“127.0.0.1”是服务器自身的回环地址（127.0.0.1），平台不调用此类地址，除非平台管理员允许该主机。"
    )
    assert internal.hits == []


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://localhost:8000/", "回环地址"),
        ("http://2130706433/", "回环地址"),  # 127.0.0.1 written as one number
        ("http://0x7f.1/", "回环地址"),
        ("http://[::1]/", "回环地址"),
        ("http://[::ffff:127.0.0.1]/", "回环地址"),
        ("http://169.254.169.254/latest/meta-data/", "链路本地地址"),  # a cloud's metadata service
        ("http://10.0.0.5:6379/", "内网（私有）地址"),
        ("https://192.168.1.1/", "内网（私有）地址"),
        ("http://[fd00::1]/", "内网（私有）地址"),
        ("http://224.0.0.1/", "组播地址"),
        ("http://0.0.0.0:8000/", "未指定地址"),
        ("http://100.64.0.1/", "保留地址"),
    ],
)
def test_every_kind_of_internal_address_is_refused_with_its_own_reason(url, says):
    assert says in http_fetch.url_problem(url)


def test_a_public_address_passes_and_a_wrong_scheme_or_unknown_host_does_not():
    assert http_fetch.url_problem("http://93.184.216.34/api") is None
    assert http_fetch.url_problem("ftp://93.184.216.34/") == "只能调用 http:// 和 https:// 地址。"
    assert http_fetch.url_problem("http://no-such-host.invalid/") == "找不到主机“no-such-host.invalid”。"


def test_the_platforms_own_public_address_is_refused(settings):
    assert http_fetch.url_problem("http://93.184.216.34/") is None
    settings.DIGIGOV_OWN_ADDRESSES = ["93.184.216.34"]  # e.g. the address the load balancer answers on
    assert "本平台自身的地址" in http_fetch.url_problem("http://93.184.216.34/")


def test_an_interface_address_of_this_machine_counts_as_the_platforms_own():
    own = http_fetch.own_addresses()
    assert {a.exploded for a in own} >= {"127.0.0.1"}
    assert any(not a.is_loopback for a in own), "an address of a network interface (eth0), not only the loopback"


@pytest.mark.parametrize("allowed", ["127.0.0.1", "127.0.0.0/8", "10.20.0.0/16, 127.0.0.1", "localhost"])
def test_an_allowed_host_is_called(internal, allowed):
    host = "localhost" if allowed == "localhost" else "127.0.0.1"
    response = get(f"http://{host}:{internal.port}/api?key=1", allowed=allowed)
    assert (response.status_code, response.json()) == (200, [{"ok": True}])
    assert internal.hits == ["/api?key=1"] and internal.hosts == [f"{host}:{internal.port}"]


def test_a_redirect_is_checked_like_the_first_address(internal):
    # localhost is allowed by name; its redirect to the same server by address is not allowed.
    start = f"http://localhost:{internal.port}/redirect?to="
    secret = f"{internal.url}/internal-admin/config"
    with pytest.raises(FetchRefusedError, match="回环地址"):
        get(start + secret, allowed="localhost")
    assert internal.hits == [f"/redirect?to={secret}"], "the internal page was never asked for"
    followed = get(start + f"http://localhost:{internal.port}/api", allowed="localhost")
    assert followed.status_code == 200 and followed.json() == [{"ok": True}]
    loop = f"http://localhost:{internal.port}/redirect?to=/redirect?to=/redirect?to=/redirect?to=/api"
    with pytest.raises(requests.TooManyRedirects):
        get(loop, allowed="localhost")


@pytest.mark.parametrize("path", ["/big", "/big-undeclared"])
def test_an_oversize_answer_is_cut_off_with_a_clear_error(internal, path):
    with pytest.raises(FetchRefusedError) as refused:
        get(internal.url + path, allowed="127.0.0.1", max_bytes=http_fetch.MB)
    assert refused.value.reason == "返回内容超过 1 MB，已截断。"
    assert get(internal.url + path, allowed="127.0.0.1", max_bytes=3 * http_fetch.MB).status_code == 200


def test_an_answer_dripping_in_byte_by_byte_is_stopped_at_the_overall_deadline(internal):
    started = time.monotonic()
    with pytest.raises(requests.Timeout):
        get(f"{internal.url}/drip", allowed="127.0.0.1", timeout=(1, 1))
    assert 1.5 < time.monotonic() - started < 4, "each byte came within the read timeout; the deadline is 2 s"


def test_the_checked_address_is_the_one_connected_to(internal, monkeypatch):
    """DNS rebinding: the name resolves to an allowed address when checked and to another one a moment later.
    The platform resolves once and connects to what it checked (the server sees the request, with the name)."""
    real = socket.getaddrinfo
    answers = iter(["127.0.0.1"] + ["127.0.0.3"] * 10)

    def rebinding_dns(host, port, *args, **kwargs):
        if host == "rebind.example":
            return real(next(answers), port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)
    response = get(f"http://rebind.example:{internal.port}/api", allowed="127.0.0.1")
    assert response.status_code == 200
    assert internal.hosts == [f"rebind.example:{internal.port}"]


def test_an_allowlist_entry_that_is_no_host_is_refused_in_chinese():
    from django.core.exceptions import ValidationError

    http_fetch.validate_allowlist("api.gaj.hubei.gov.cn, 10.20.0.0/16；192.168.8.7\nlocalhost")
    with pytest.raises(ValidationError) as caught:
        http_fetch.validate_allowlist("api.gaj.hubei.gov.cn, http://x/")
    assert caught.value.messages == ["“http://x/”既不是主机名、IP 地址，也不是 10.20.0.0/16 这样的网段。"]
