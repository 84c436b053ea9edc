"""Licence types and departments with a seal in use: the world of the licence tests (other apps' tests may use it)."""

import factory
from django.contrib.auth.models import Permission

from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, UserFactory, staff
from digigov.licenses.choices import HolderKind, ItemKind
from digigov.licenses.models import Licence, LicenceType

# A real, fictitious ID number and credit code (GB 11643, GB 32100 check characters hold).
ID_NUMBER = "420102197901209708"
ID_NUMBER_2 = "420102196307154041"
USCC = "9142010001TH3BJ18H"


class LicenceTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LicenceType

    issuer = factory.SubFactory(OrganisationFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.issuer.uscc}{(n % 999) + 1:03d}")
    name = "机动车驾驶证"
    holder_kind = HolderKind.PERSON
    items = factory.LazyFunction(
        lambda: [
            {"key": "vehicle_class", "label": "准驾车型", "kind": ItemKind.TEXT, "required": True},
            {"key": "first_issued", "label": "初次领证日期", "kind": ItemKind.DATE, "required": False},
        ]
    )
    validity_years = 6
    appearance = factory.LazyFunction(lambda: {"title": "机动车驾驶证", "colour": "#1f4e9c", "layout": "card"})


def officer(role: str, organisation):
    """Staff holding `role` in `organisation`, let into the back office as staff are (access_admin)."""
    user = staff(role, organisation)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def give_seal(organisation):
    """An active licence seal of `organisation`, made the way signing makes it."""
    from digigov.signing.tests.factories import seal

    return seal(organisation)


def department(*, sealed: bool = True):
    """A department with a seal in use, its handler and organisation administrator."""
    org = OrganisationFactory()
    if sealed:
        give_seal(org)
    return org, officer(Role.HANDLER, org), officer(Role.ORG_ADMIN, org)


def platform_admin():
    return UserFactory(is_superuser=True, is_staff=True)


def all_licences():
    """Every licence, for other apps' tests (they may not read licenses' models)."""
    return Licence.objects.all()
