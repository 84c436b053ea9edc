"""What other apps may call on electronic licences (S6). Nothing else of `licenses` is public."""

from digigov.licenses import identifiers

__all__ = ["identifiers"]
