"""Demo citizens (自然人) and legal persons (法人) with fictitious, checksum-valid codes; idempotent."""

import datetime as dt
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from digigov.core.codegen import make_id_number, make_uscc
from digigov.demo.province import DEMO_PASSWORD
from digigov.identity import api as identity


@dataclass(frozen=True)
class DemoParty:
    username: str
    name: str
    kind: str  # "citizen" or "legal_person"


# (username, real name, region, birth date, sex)
CITIZENS = [
    ("citizen.zhangwei", "张伟", "420102", dt.date(1985, 3, 12), "M"),
    ("citizen.wangfang", "王芳", "420106", dt.date(1990, 7, 25), "F"),
    ("citizen.lina", "李娜", "420111", dt.date(1978, 11, 2), "F"),
    ("citizen.liuyang", "刘洋", "420502", dt.date(1996, 1, 18), "M"),
    ("citizen.chenjing", "陈静", "420602", dt.date(1969, 9, 30), "F"),
    ("citizen.yangfan", "杨帆", "421002", dt.date(2001, 5, 6), "M"),
]

# Where the demo citizens live: the population table of the sharing demo holds them with these addresses, so their
# application forms are filled from it (一表式填报) and their 户口簿 need not be brought.
ADDRESSES = {
    "citizen.zhangwei": ("湖北省武汉市江岸区沿江大道188号3栋502室", "武汉市江岸区"),
    "citizen.wangfang": ("湖北省武汉市武昌区中北路109号1栋1201室", "武汉市武昌区"),
    "citizen.lina": ("湖北省武汉市洪山区珞喻路1037号8栋302室", "武汉市洪山区"),
    "citizen.liuyang": ("湖北省宜昌市西陵区东山大道95号2栋601室", "宜昌市西陵区"),
    "citizen.chenjing": ("湖北省襄阳市襄城区檀溪路32号5栋201室", "襄阳市襄城区"),
    "citizen.yangfan": ("湖北省荆州市沙市区北京中路218号7栋402室", "荆州市沙市区"),
}
# The legal persons' registered addresses and dates, as the legal-entity table of the sharing demo holds them.
SEATS = {
    "lp.changjiang": ("湖北省武汉市江汉区建设大道568号", "2015-06-18"),
    "lp.chutian": ("湖北省武汉市东西湖区金银湖路16号", "2011-03-02"),
    "lp.sanxia": ("湖北省宜昌市夷陵区小溪塔街道峡州大道66号", "2018-09-27"),
}

# (username, entity name, division, legal representative, contact mobile)
LEGAL_PERSONS = [
    ("lp.changjiang", "武汉长江示例科技有限公司", "420100", "周强", "13907100001"),
    ("lp.chutian", "湖北楚天示例物流有限公司", "420100", "吴丽", "13907100002"),
    ("lp.sanxia", "宜昌三峡示例农业专业合作社", "420500", "郑海", "13907100003"),
]


def load_citizens(rng: random.Random) -> list[DemoParty]:
    """Create the demo accounts that are missing (password DEMO_PASSWORD), through the sign-up services."""
    existing = set(get_user_model().objects.values_list("username", flat=True))
    parties = []
    for i, (username, name, region, birth, sex) in enumerate(CITIZENS):
        id_number = make_id_number(rng, region=region, birth=birth, sex=sex)  # drawn always: same codes every run
        if username not in existing:
            identity.citizen_register(
                username=username, password=DEMO_PASSWORD, real_name=name, id_number=id_number, phone=f"1380710{i:04d}"
            )
        parties.append(DemoParty(username, name, "citizen"))
    for username, entity, division, representative, phone in LEGAL_PERSONS:
        uscc = make_uscc(rng, division=division, authority="9", category="1")
        representative_id = make_id_number(rng, region=division[:4] + "02")
        if username not in existing:
            identity.legal_person_register(
                username=username,
                password=DEMO_PASSWORD,
                entity_name=entity,
                uscc=uscc,
                legal_representative=representative,
                representative_id_number=representative_id,
                phone=phone,
            )
        parties.append(DemoParty(username, entity, "legal_person"))
    return parties
