"""Shared givens of the catalogue tests: an operator, a provider department with a handler, a classification."""

from digigov.catalog.choices import ItemDataType
from digigov.catalog.models import Classification
from digigov.catalog.services import classification_seed
from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, staff


def seeded(code: str) -> Classification:
    classification_seed()
    return Classification.objects.get(code=code)


def operator_user():
    org = OrganisationFactory(name="湖北省政务管理办公室", is_platform_operator=True)
    return staff(Role.REVIEWER, org)


def item(identifier="sfzh", name="公民身份号码", **extra):
    return {"identifier": identifier, "name": name, "data_type": ItemDataType.CHAR} | extra


def fields(**extra):
    return {
        "name": "常住人口基本信息",
        "summary": "全省常住人口的基本信息",
        "format": "database",
        "share_type": "unconditional",
        "share_method": "api",
        "open_type": "not_open",
        "update_cycle": "daily",
    } | extra
