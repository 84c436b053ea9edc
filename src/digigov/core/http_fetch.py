"""Fetching an address someone typed in, without letting it reach inside the platform (SSRF; issue 9, item 6).

A provider registers the URL of its data service; the platform then calls it (probes, the field check of a mount,
the gateway). Unchecked, a handler could register `http://127.0.0.1:8000/internal-admin/config` and have the
server read its own private pages for them. So every such call goes through this module:

- The host is resolved, and every address it resolves to is checked: loopback, link-local (169.254.x.x: cloud
  metadata), private (10/8, 172.16/12, 192.168/16, fc00::/7), multicast, unspecified (0.0.0.0, ::), other
  non-global ranges (100.64/10, 198.18/15, …) and the platform's own addresses (its host names and the
  addresses of its network interfaces) are refused. A name resolving to one good and one bad address is refused:
  the resolver could hand out either.
- The connection is made to the address that was checked, not to the name again: a DNS answer changed between
  the check and the connect (DNS rebinding) cannot redirect it. The Host header, TLS SNI and the certificate check
  still use the name.
- Redirects are followed at most `max_redirects` times and each hop is checked like the first address.
- Every call has a timeout (connect, read) and an overall deadline, and the body is read up to a cap: a larger or
  endlessly dripping answer is cut off with a clear error instead of filling memory or holding a worker.
- The platform administrator may allow internal API hosts (a government network is mostly private addresses):
  host names, addresses or networks (`10.20.0.0/16`) in an allowlist rule the caller names. An allowed host is
  called whatever it resolves to.

`url_problem(url, allowed=...)` says at registration why an address is refused (a Chinese sentence) or None;
`get(url, ...)` fetches; `session(...)` is a requests.Session doing the same for callers that keep one per thread
(the gateway's pooled connections stay pooled: connections are keyed by the checked address).
"""

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from requests.adapters import HTTPAdapter
from urllib3.exceptions import DecodeError, ProtocolError, ReadTimeoutError

from digigov.core.rules import rule

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
MB = 1024 * 1024
OWN_ADDRESSES_TTL = 60.0  # seconds; interfaces and the platform's names change rarely
KINDS = {
    "loopback": gettext_lazy("a loopback address of the server itself"),
    "link_local": gettext_lazy("a link-local address"),
    "private": gettext_lazy("a private (internal network) address"),
    "multicast": gettext_lazy("a multicast address"),
    "unspecified": gettext_lazy("an unspecified address"),
    "reserved": gettext_lazy("a reserved address"),
    "own": gettext_lazy("an address of this platform itself"),
}


class FetchRefusedError(requests.RequestException):
    """The call was not made, or its answer not taken: `reason` says why in the words of the person concerned."""

    def __init__(self, reason: str, **kwargs: Any) -> None:
        super().__init__(reason, **kwargs)
        self.reason = reason


class FetchTimeoutError(requests.Timeout):
    """The answer did not complete within the overall deadline."""


@dataclass(frozen=True)
class Allowlist:
    """Hosts the platform administrator allows although they resolve to internal addresses."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, text: str) -> "Allowlist":
        """`api.gaj.hubei.gov.cn, 10.20.0.0/16, 192.168.8.7`: commas, semicolons, spaces or new lines between."""
        hosts, networks = set(), []
        for entry in (text or "").replace(";", ",").replace("；", ",").replace("，", ",").replace("\n", ",").split(","):
            for word in entry.split():
                word = word.strip().lower().rstrip(".")
                if not word:
                    continue
                try:
                    networks.append(ipaddress.ip_network(word.strip("[]"), strict=False))
                    continue
                except ValueError:
                    pass
                if not _is_host_name(word):
                    raise ValueError(word)
                hosts.add(word)
        return cls(frozenset(hosts), tuple(networks))

    def allows(self, host: str, address: IPAddress | None = None) -> bool:
        if host.lower().rstrip(".") in self.hosts:
            return True
        return address is not None and any(address in network for network in self.networks)


def validate_allowlist(value: str) -> None:
    """The rule's check: every entry is a host name, an IP address or a network."""
    try:
        Allowlist.parse(value)
    except ValueError as exc:
        raise ValidationError(
            _("“%(entry)s” is neither a host name, an IP address nor a network such as 10.20.0.0/16.")
            % {"entry": exc.args[0]},
            code="invalid",
        ) from None


def _is_host_name(word: str) -> bool:
    labels = word.split(".")
    return len(word) <= 253 and all(
        0 < len(label) <= 63 and label.replace("-", "").isalnum() and label.isascii() and not label.startswith("-")
        for label in labels
    )


def _plain(address: IPAddress) -> IPAddress:
    """::ffff:127.0.0.1 is 127.0.0.1 to the kernel."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def address_kind(address: IPAddress) -> str | None:
    """Why the platform will not call this address (a key of KINDS), or None if it is a public one of others."""
    address = _plain(address)
    for kind, test in (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link_local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", not address.is_global),
    ):
        if test:
            return kind
    return "own" if address in own_addresses() else None


_own: tuple[float, frozenset[IPAddress]] = (0.0, frozenset())


@receiver(setting_changed)
def _forget_own_addresses(**kwargs) -> None:
    global _own
    _own = (0.0, frozenset())


def own_addresses() -> frozenset[IPAddress]:
    """The platform's own addresses: its interfaces, its host name, ALLOWED_HOSTS, DIGIGOV_BASE_URL's host and
    DIGIGOV_OWN_ADDRESSES (addresses a load balancer in front of it answers on). Cached for a minute."""
    global _own
    checked_at, addresses = _own
    if time.monotonic() - checked_at < OWN_ADDRESSES_TTL:
        return addresses
    found: set[IPAddress] = set(_interface_addresses())
    names = {socket.gethostname(), urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "")).hostname or ""}
    names.update(h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "") and "*" not in h)
    names.update(getattr(settings, "DIGIGOV_OWN_ADDRESSES", ()))
    for name in names - {""}:
        found.update(_resolve(name.strip("[]"), 0, quiet=True))
    addresses = frozenset(_plain(a) for a in found)
    _own = (time.monotonic(), addresses)
    return addresses


def _interface_addresses() -> list[IPAddress]:
    """Addresses of this machine's network interfaces (Linux: /proc; elsewhere only what its name resolves to)."""
    found: list[IPAddress] = []
    try:
        with open("/proc/net/if_inet6") as lines:  # noqa: PTH123
            found += [ipaddress.IPv6Address(int(line.split()[0], 16)) for line in lines if line.strip()]
    except OSError:
        pass
    try:
        with open("/proc/net/fib_trie") as lines:  # noqa: PTH123  "|-- a.b.c.d" followed by "/32 host LOCAL"
            previous = ""
            for line in lines:
                if "/32 host LOCAL" in line and previous.strip().startswith("|--"):
                    found.append(ipaddress.IPv4Address(previous.split()[-1]))
                previous = line
    except (OSError, ValueError):
        pass
    return found


def _resolve(host: str, port: int, *, quiet: bool = False) -> list[IPAddress]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        if quiet:
            return []
        raise FetchRefusedError(_("The host “%(host)s” cannot be found.") % {"host": host}) from None
    found = dict.fromkeys(ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos)
    return sorted(found, key=lambda a: a.version)  # IPv4 first: the one connected to is the first checked one


@dataclass(frozen=True)
class Target:
    """Where one request goes: the checked address, and the name for the Host header, SNI and certificate."""

    scheme: str
    host: str
    port: int
    address: IPAddress

    @property
    def host_header(self) -> str:
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if self.port == {"http": 80, "https": 443}[self.scheme] else f"{name}:{self.port}"


def check_target(url: str, allowed: Allowlist) -> Target:
    """Resolve the URL's host and check every address; FetchRefusedError says why not."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefusedError(_("Only http:// and https:// addresses can be called."))
    host = parts.hostname
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchRefusedError(_("The address has an invalid port.")) from None
    addresses = _resolve(host, port)
    if not addresses:
        raise FetchRefusedError(_("The host “%(host)s” cannot be found.") % {"host": host})
    if not allowed.allows(host):
        for address in addresses:
            kind = address_kind(address)
            if kind is not None and not allowed.allows(host, _plain(address)):
                raise FetchRefusedError(
                    _(
                        "“%(host)s” is %(kind)s (%(address)s); the platform does not call such addresses "
                        "unless the platform administrator allows this host."
                    )
                    % {"host": host, "kind": KINDS[kind], "address": address}
                )
    return Target(parts.scheme, host, port, addresses[0])


def url_problem(url: str, *, allowed: str = "") -> str | None:
    """Why the platform will not call `url` (for a field error when it is registered), or None."""
    try:
        check_target(url, Allowlist.parse(allowed))
    except FetchRefusedError as exc:
        return exc.reason
    except ValueError:  # an allowlist entry the rule's own check let through cannot happen; refuse to be safe
        return _("The address cannot be checked.")
    return None


@dataclass(frozen=True)
class Policy:
    """What a session allows: read afresh for every request, so a changed rule applies at once."""

    allowed: Callable[[], str]
    max_bytes: Callable[[], int]


class _CheckedAdapter(HTTPAdapter):
    """Checks every request's address (redirect hops included), connects to that address, caps the body."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        super().__init__(pool_connections=8, pool_maxsize=8, max_retries=0)

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        started = time.monotonic()
        target = check_target(request.url, Allowlist.parse(self.policy.allowed()))
        request.headers["Host"] = target.host_header
        request.digigov_target = target
        response = super().send(request, stream=True, timeout=timeout, verify=verify, cert=cert, proxies={})
        deadline = started + sum(timeout) if isinstance(timeout, tuple) else started + (timeout or 30) * 2
        _read_capped(response, self.policy.max_bytes(), deadline)
        return response

    def get_connection_with_tls_context(self, request, verify, proxies=None, cert=None):
        target: Target = request.digigov_target
        _host_params, pool_kwargs = self.build_connection_pool_key_attributes(request, verify, cert)
        if target.scheme == "https":
            pool_kwargs["server_hostname"] = target.host
            pool_kwargs["assert_hostname"] = target.host
        return self.poolmanager.connection_from_host(
            host=str(target.address), port=target.port, scheme=target.scheme, pool_kwargs=pool_kwargs
        )


def _read_capped(response: requests.Response, max_bytes: int, deadline: float) -> None:
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        response.close()
        raise FetchRefusedError(_too_large(max_bytes), response=response)
    chunks, size = [], 0
    while chunk := _read_some(response):  # what arrived, so a dripping answer meets the deadline
        size += len(chunk)
        if size > max_bytes:
            response.close()
            raise FetchRefusedError(_too_large(max_bytes), response=response)
        if time.monotonic() > deadline:
            response.close()
            raise FetchTimeoutError(_("The answer did not complete in time."), response=response)
        chunks.append(chunk)
    response.raw.release_conn()
    response._content = b"".join(chunks)
    response._content_consumed = True


def _read_some(response: requests.Response) -> bytes:
    try:
        return response.raw.read1(64 * 1024, decode_content=True) or b""
    except ReadTimeoutError as exc:
        raise requests.ReadTimeout(exc, response=response) from None
    except DecodeError as exc:
        raise requests.exceptions.ContentDecodingError(exc, response=response) from None
    except (ProtocolError, OSError) as exc:
        raise requests.ConnectionError(exc, response=response) from None


def _too_large(max_bytes: int) -> str:
    if max_bytes >= MB:
        mb = max_bytes / MB
        return _("The answer is larger than %(n)s MB; it was cut off.") % {
            "n": int(mb) if mb.is_integer() else round(mb, 1)
        }
    return _("The answer is larger than %(n)s KB; it was cut off.") % {"n": max(1, max_bytes // 1024)}


def session(
    *, allowed_rule: str = "", max_mb_rule: str = "", allowed: str = "", max_bytes: int = 5 * MB, max_redirects=3
) -> requests.Session:
    """A requests.Session whose every request is checked as the module docstring says. The allowlist and the body
    cap come from rule keys (read on every request) or fixed values. Proxies from the environment are ignored:
    data stays inside the government network (R0.5)."""
    policy = Policy(
        allowed=(lambda: rule(allowed_rule)) if allowed_rule else (lambda: allowed),
        max_bytes=(lambda: int(rule(max_mb_rule) * MB)) if max_mb_rule else (lambda: max_bytes),
    )
    checked = requests.Session()
    checked.trust_env = False
    checked.max_redirects = max_redirects
    adapter = _CheckedAdapter(policy)
    checked.mount("http://", adapter)
    checked.mount("https://", adapter)
    return checked


def get(
    url: str,
    *,
    params: dict | None = None,
    timeout: float | tuple[float, float],
    allowed: str = "",
    max_bytes: int = 5 * MB,
    headers: dict | None = None,
) -> requests.Response:
    """One checked GET. Raises requests exceptions: FetchRefusedError (with a Chinese `reason`), a Timeout, or a
    ConnectionError; an HTTP error status is returned, not raised."""
    with session(allowed=allowed, max_bytes=max_bytes) as one:
        return one.get(url, params=params, timeout=timeout, headers=headers)
