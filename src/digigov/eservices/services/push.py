"""主动推送 (R4.7): when a case concludes with approval, its applicant is pointed to each published related item
(`ItemLink`: 出生登记 → 社会保障卡申领) by a notice linking to that item's hall page, recorded in the ledger.
The concluded case's hall page shows the same items ("您可能还需要办理", `related_items`)."""

from django.utils.translation import gettext_lazy

from digigov.core import inbox, ledger
from digigov.core.inbox import lazy_text
from digigov.core.rules import rule
from digigov.eservices.choices import Decision, ItemStatus
from digigov.eservices.models import Case, ItemLink


def hall_url(item) -> str:
    """Where the applicant goes next: the apply page of an item applied for online, else its guide."""
    guide = f"/zwfw/items/{item.implementation_code}/"
    return f"{guide}apply/" if item.online_depth >= rule("eservices.online_depth_min") else guide


def related_items(case: Case) -> list[ItemLink]:
    """The published items linked from the case's item, for an approved, concluded case."""
    if case.decision != Decision.APPROVED:
        return []
    return list(
        ItemLink.objects.filter(item_id=case.item_id, related__status=ItemStatus.PUBLISHED)
        .select_related("related", "related__organisation")
        .order_by("pk")
    )


def case_push_related(case: Case) -> int:
    """Called once, in the transaction that concludes the case; returns how many items were pointed to."""
    if case.applicant_id is None:
        return 0
    links = related_items(case)
    for link in links:
        inbox.notify(
            recipient=case.applicant,
            title=lazy_text(
                gettext_lazy("You may also need: %(item)s"),
                item=link.related.name,
            ),
            body=link.reason,
            url=hall_url(link.related),
        )
        ledger.record(
            action="eservices.case.related_pushed",
            actor=None,
            organisation=case.organisation_id,
            obj=case,
            after={"number": case.number or "", "related": link.related.name},
        )
    return len(links)
