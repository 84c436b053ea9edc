"""What other apps may call on electronic licences (S6). Nothing else of `licenses` is public."""

from digigov.licenses import identifiers

__all__ = ["identifiers"]

# --------------------------------------------------------------------------- wallet and uses in services (R6.2)
from digigov.licenses.case_use import (  # noqa: E402
    CaseLicence,
    HeldLicence,
    licence_case_use,
    licence_held,
    licence_in_case,
)

__all__ += ["CaseLicence", "HeldLicence", "licence_case_use", "licence_held", "licence_in_case"]
