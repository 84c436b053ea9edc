import datetime as dt
import random

from digigov.core.codegen import make_id_number, make_uscc

_rng = random.Random(2026)
PASSWORD = "Test@Pass2026"


def id_number(**kwargs) -> str:
    return make_id_number(_rng, **kwargs)


def uscc() -> str:
    return make_uscc(_rng, division="420100", authority="9", category="1")


def wrong_check_digit(code: str) -> str:
    """The same code with another check character: the precise error must name both."""
    last = "0" if code[-1] != "0" else "1"
    return code[:-1] + last


def citizen_data(**overrides) -> dict:
    data = {
        "username": f"citizen{_rng.randrange(10**6)}",
        "password": "Qz7#kdMw9!rT",
        "real_name": "张三",
        "id_number": id_number(birth=dt.date(1990, 1, 1)),
        "phone": "13812345678",
    }
    return {**data, **overrides}


def legal_person_data(**overrides) -> dict:
    data = {
        "username": f"entity{_rng.randrange(10**6)}",
        "password": "Lp5$vnXe8?hB",
        "entity_name": "武汉测试科技有限公司",
        "uscc": uscc(),
        "legal_representative": "李四",
        "representative_id_number": id_number(),
        "phone": "13912345678",
    }
    return {**data, **overrides}
