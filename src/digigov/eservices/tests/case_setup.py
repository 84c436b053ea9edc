"""A published item on a shipped process with its form and staff, and a citizen to apply: the world of case tests.
Other apps' tests (licences, monitoring) may use it too."""

from dataclasses import dataclass, field

from django.contrib.auth.models import Permission

from digigov.core.choices import Role
from digigov.core.tests.factories import OrganisationFactory, UserFactory, staff
from digigov.eservices import versions
from digigov.eservices.choices import MaterialRequirement
from digigov.eservices.models import JointPart, Material, ServiceItem, ServiceItemVersion
from digigov.eservices.tests.factories import MaterialFactory, ServiceItemFactory
from digigov.forms import api as forms_api
from digigov.forms.tests.factories import form
from digigov.identity import api as identity
from digigov.identity.tests.factories import citizen_data
from digigov.workflow import api as workflow


@dataclass
class World:
    item: ServiceItem
    citizen: object
    handler: object
    reviewer: object
    leader: object
    materials: list[Material]
    co: dict = field(default_factory=dict)  # part code -> reviewer of the co-reviewing department
    outsider: object = None  # staff of a third department with no part

    def citizen_party(self):
        """The citizen as a clerk at the counter names them."""
        return identity.party_of(self.citizen)

    def post(self, **answers) -> dict:
        """A complete, valid answer to the test form (prefixed as posted)."""
        values = {"mobile": "13812345678", "kind": "first", "promise": "on"} | answers
        return {f"f_{k}": v for k, v in values.items()}


def officer(role: str, organisation):
    """Staff holding `role` in `organisation`, let into the back office as staff are (access_admin)."""
    user = staff(role, organisation)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def publish(item: ServiceItem) -> ServiceItem:
    """Freeze the item's current guide as its published version (what a case applies under)."""
    ServiceItemVersion.objects.update_or_create(
        item=item,
        number=item.version,
        defaults={"snapshot": versions.snapshot(item), "published_at": item.updated_at},
    )
    return item


def world(process: str = "general", parts: int = 0, **item_fields) -> World:
    admin = UserFactory(is_superuser=True)
    definition = workflow.shipped_install(actor=admin, key=process)
    the_form = forms_api.form_by_key(f"apply-{process}") or form(key=f"apply-{process}", actor=admin)
    item = ServiceItemFactory(process=definition, form=the_form, **item_fields)
    lead = item.organisation
    materials = [
        MaterialFactory(item=item, name="身份证明", required=MaterialRequirement.ALWAYS),
        MaterialFactory(item=item, name="补充说明", required=MaterialRequirement.CONDITIONAL),
    ]
    co = {}
    for n in range(1, parts + 1):
        code = f"co{n}"
        organisation = OrganisationFactory()
        part = JointPart.objects.create(
            item=item, code=code, organisation=organisation, name=f"协办部门{n}审查", working_days=3, fields=["kind"]
        )
        part.materials.add(materials[0])
        co[code] = officer(Role.REVIEWER, organisation)
    publish(item)
    citizen = identity.citizen_register(**citizen_data()).user
    return World(
        item=item,
        citizen=citizen,
        handler=officer(Role.HANDLER, lead),
        reviewer=officer(Role.REVIEWER, lead),
        leader=officer(Role.LEADER, lead),
        materials=materials,
        co=co,
        outsider=officer(Role.LEADER, OrganisationFactory()),
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
