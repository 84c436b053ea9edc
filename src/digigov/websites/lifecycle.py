"""The site lifecycle (R8.5): who decides an application to open or close a site at each step, and the site's own
states (运行 → 关停中 → 已关停). Services `check` these tables; screens show `actions_for`.

Who the competent authority (主管单位) is follows the 《管理办法》 of seed 000: a department applies to its own
government's office (本级政府办公厅), a city's or county's government (through its office) to the government office
one level up, and the province's office approves last, which the platform operator does here. The platform does not
mark which organisation is a government's office, but that office is who organises the government's portal, so
`competent_authority` looks for the organiser of a running portal: in the unit's own division for a department, in
the divisions above for a portal's own organiser.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core.choices import Role
from digigov.core.lifecycle import Lifecycle
from digigov.core.models import Organisation
from digigov.core.permissions import is_platform_admin, memberships, organisation_ids
from digigov.websites.choices import ApplicationAction as A
from digigov.websites.choices import ApplicationState as S
from digigov.websites.choices import SiteAction, SiteKind, SiteState
from digigov.websites.models import SiteProfile

APPLICANTS = (Role.LEADER, Role.ORG_ADMIN)  # the unit's leader (主要负责同志) or its administrator applies
DECIDERS = (Role.LEADER, Role.ORG_ADMIN)  # at the competent authority and the platform operator


def competent_authority(organiser: Organisation) -> Organisation | None:
    """主管单位 of a site's organiser: the organiser of the nearest running government portal (its government's
    office), in the organiser's own division unless the organiser runs that portal itself, then in the divisions
    above. None at the top (the province's office): its sites are opened by the platform operator alone."""
    unit = organiser.root()
    division = unit.division
    chain = [division, *reversed(division.ancestors())]
    portals = SiteProfile.objects.filter(kind=SiteKind.PORTAL, state__in=[SiteState.RUNNING, SiteState.CLOSING])
    runs_a_portal = portals.filter(organiser=unit).exists()
    for place in chain[1:] if runs_a_portal else chain:
        found = portals.filter(organiser__division=place).exclude(organiser=unit).select_related("organiser").first()
        if found is not None:
            return found.organiser
    return None


def is_deciding_operator(actor) -> bool:
    """A leader or administrator of the platform operator (平台运维方), or a platform administrator."""
    return is_platform_admin(actor) or any(
        m.organisation.is_platform_operator and m.role in DECIDERS for m in memberships(actor)
    )


def _holds(actor, roles, organisation_id) -> bool:
    """A membership of the organisation itself: the platform administrator does not act in a unit's name here."""
    return organisation_id in organisation_ids(actor, roles)


def may_decide(actor, application) -> bool:
    if application.state == S.AUTHORITY:
        return _holds(actor, DECIDERS, application.authority_id)
    if application.state == S.OPERATOR:
        return is_deciding_operator(actor)
    # decided: those who could have decided are told it is too late (409), not that they may not (403)
    return _holds(actor, DECIDERS, application.authority_id) or is_deciding_operator(actor)


APPLICATION = Lifecycle(
    {
        (None, A.SUBMIT): S.AUTHORITY,
        (S.AUTHORITY, A.APPROVE): S.OPERATOR,
        (S.AUTHORITY, A.REFUSE): S.REFUSED,
        (S.OPERATOR, A.APPROVE): S.APPROVED,
        (S.OPERATOR, A.REFUSE): S.REFUSED,
    },
    noun=_("site application"),
    states=S,
    actions=A,
    state_of=lambda application: application.state or None,
)
APPLICATION.permit(A.SUBMIT, who=lambda actor, application: _holds(actor, APPLICANTS, application.organiser_id))
APPLICATION.permit(A.APPROVE, who=may_decide)
APPLICATION.permit(A.REFUSE, who=may_decide)


def _notice_over(profile) -> str | None:
    if profile.notice_until is not None and timezone.localdate() <= profile.notice_until:
        return str(
            _("The migration notice shows until %(date)s; the site closes after that.")
            % {"date": profile.notice_until.isoformat()}
        )
    return None


SITE = Lifecycle(
    {
        (SiteState.RUNNING, SiteAction.CLOSE): SiteState.CLOSING,
        (SiteState.CLOSING, SiteAction.FINISH): SiteState.CLOSED,
    },
    noun=_("government site"),
    states=SiteState,
    actions=SiteAction,
    state_of=lambda profile: profile.state,
)
SITE.permit(SiteAction.CLOSE, who=lambda actor, profile: is_deciding_operator(actor))
# The daily job closes with no actor; the operator may close at once once the notice period has passed.
SITE.permit(
    SiteAction.FINISH, who=lambda actor, profile: actor is None or is_deciding_operator(actor), when=_notice_over
)


def visible_applications_filter(actor) -> Q | None:
    """Applications the actor sees: their units' own and those awaiting their units as competent authority; all for
    the platform operator (None: no filter)."""
    if is_deciding_operator(actor) or any(m.organisation.is_platform_operator for m in memberships(actor)):
        return None
    ids = organisation_ids(actor)
    return Q(organiser_id__in=ids) | Q(authority_id__in=ids)
