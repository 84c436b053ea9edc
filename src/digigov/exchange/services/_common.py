"""Helpers the exchange's services share: the actor's user (numbering and notices live in core)."""


def user_or_none(actor):
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None
