"""Who is acting, from where: set by the request middleware, read by the audit ledger."""

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    ip: str = ""
    user_agent: str = ""


_EMPTY = RequestContext()
_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar("digigov_request", default=None)


def current() -> RequestContext:
    return _current.get() or _EMPTY


def bind(ctx: RequestContext) -> contextvars.Token:
    return _current.set(ctx)


def unbind(token: contextvars.Token) -> None:
    _current.reset(token)
