"""Field checks of identity that are not national codes (those live in core.validators)."""

# The check moved to the kernel (other apps take contact numbers too); the name stays for migrations and callers.
from digigov.core.validators import validate_mobile  # noqa: E402

__all__ = ["validate_mobile"]
