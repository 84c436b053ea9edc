"""Checksum-valid fictitious codes for demo data and tests (GB 11643, GB 32100, GB 11714)."""

import datetime as dt
import random

from digigov.core.validators import USCC_CHARS, id_number_check_char, uscc_check_char

ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# GB 11714 allows every letter in the body, but a code inside a credit code must also fit its alphabet.
ORG_CODE_CHARS = USCC_CHARS


def org_code_check_char(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    total = sum(int(c, 36) * w for c, w in zip(body, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_id_number(
    rng: random.Random, *, region: str = "420102", birth: dt.date | None = None, sex: str | None = None
) -> str:
    """A valid resident ID number; the sequence digit's parity carries sex (odd male, even female)."""
    if birth is None:
        birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 55))
    seq = rng.randrange(0, 1000)
    if sex is not None and (seq % 2 == 1) != (sex == "M"):
        seq = (seq + 1) % 1000
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_number_check_char(first17)


def make_uscc(rng: random.Random, *, division: str = "420100", authority: str = "9", category: str = "1") -> str:
    """A valid unified social credit code with a valid embedded organisation code."""
    body = "".join(rng.choice(ORG_CODE_CHARS[:10] if i < 2 else ORG_CODE_CHARS) for i in range(8))
    first17 = f"{authority}{category}{division}{body}{org_code_check_char(body)}"
    return first17 + uscc_check_char(first17)
