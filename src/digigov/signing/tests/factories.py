from digigov.core.tests.factories import OrganisationFactory
from digigov.signing import services
from digigov.signing.models import OrgKeyPair


def org_key(organisation=None) -> OrgKeyPair:
    """The active key of `organisation` (a new department if None), made the way the system makes it."""
    return services.key_bootstrap(organisation=organisation or OrganisationFactory())


def operator_org():
    """The platform operator organisation (the seal maker), made once per test database."""
    from digigov.core.models import Organisation

    existing = Organisation.objects.filter(is_platform_operator=True).first()
    return existing or OrganisationFactory(name="省大数据中心", is_platform_operator=True)


def seal(organisation=None, *, kind: str = "business", use_text: str = "电子证照专用章"):
    """An active seal of `organisation` (a new department if None), made the way the system bootstraps one."""
    from digigov.signing import seals

    operator_org()
    return seals.seal_bootstrap(
        organisation=organisation or OrganisationFactory(), kind=kind, use_text=use_text if kind == "business" else ""
    )
