"""The service-item catalogue's ledger actions, with their labels and summaries (core/audit_actions.py, R0.4)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from digigov.core.audit_actions import Change, fields, register, sentence
from digigov.eservices.models import ServiceItem


def _label(name: str) -> str:
    if name in ("materials", "parts"):
        return str({"materials": _("materials"), "parts": _("joint parts")}[name])
    try:
        return str(ServiceItem._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001  (a field renamed since the entry was written keeps its name)
        return name


def _changed(change: Change) -> str:
    names = [_label(f) for f in change.after.get("changed", [])]
    return "、".join(names)


def _revised(change: Change) -> str:
    text = gettext("Revision of version %(version)s") % {"version": change.after.get("version", "")}
    names = _changed(change)
    return f"{text}：{names}" if names else text


def _submitted(change: Change) -> str:
    return gettext("A revision of the published item") if change.after.get("revision") else ""


def _code_name(change: Change, code: str) -> str:
    return f"{change.after.get(code, '')} {change.after.get('name', '')}".strip()


register("eservices.theme.created", _("Service theme added"), fields(code=_("code"), name=_("name")))
register("eservices.basic_item.created", _("Basic item added"), lambda c: _code_name(c, "basic_code"))
register("eservices.item.created", _("Service item drafted"), lambda c: _code_name(c, "code"))
register("eservices.item.changed", _("Service item edited"), _changed)
register("eservices.item.revised", _("Published service item revised"), _revised)
register("eservices.item.submitted", _("Service item submitted for review"), _submitted)
register("eservices.item.published", _("Service item approved and published"), sentence(_("Version %(version)s")))
register("eservices.item.returned", _("Service item returned for changes"))
register("eservices.item.withdrawn", _("Service item withdrawn"))
register("eservices.item.revision_discarded", _("Revision of the service item discarded"))
register(
    "eservices.item.linked",
    _("Related item pointed to after conclusion"),
    fields(related=_("related item"), reason=_("reason")),
)


def _number(change: Change) -> str:
    return change.after.get("number", "")


def _with(label):
    """The case number, then one more fact of the entry."""

    def summary(change: Change) -> str:
        extra = change.after.get(label, "")
        return f"{_number(change)} {extra}".strip()

    return summary


register("eservices.case.drafted", _("Application started"), _with("item"))
register("eservices.case.submitted", _("Application submitted"), _with("item"))
register("eservices.case.withdrawn", _("Application withdrawn"), _with("reason"))
register("eservices.case.accepted", _("Case accepted (受理)"), _with("due_on"))
register("eservices.case.rejected", _("Case not accepted (不予受理)"), _with("reason"))
register("eservices.case.supplement_requested", _("Supplement requested (补正告知)"), _with("missing"))
register("eservices.case.supplemented", _("Applicant supplied what was missing"), _number)
register("eservices.case.reviewed", _("Review opinion given"), _with("part"))
register("eservices.case.decided", _("Case decided"), _with("decision"))
register("eservices.case.concluded", _("Case concluded (办结)"), _with("decision"))
register("eservices.case.overdue_reason", _("Reason for a late case given"), _with("reason"))
register("eservices.case.viewed", _("Case with personal data opened"), _number)
register("eservices.case.material_read", _("Material of a case opened"))
register("eservices.case.clock_warned", _("Leaders warned of a case's clock"), _with("colour"))
register("eservices.rating.submitted", _("Case rated (好差评)"), _with("level"))
register("eservices.rating.replied", _("Bad rating answered and applicant called back (整改、回访)"), _number)
register("eservices.rating.appealed", _("Appeal against a rating (申诉)"), _number)
register("eservices.rating.appeal_upheld", _("Appeal against a rating upheld: rating excluded"), _number)
register("eservices.rating.appeal_dismissed", _("Appeal against a rating dismissed"), _number)
register("eservices.rating.viewed", _("Rating with personal data opened"), _number)

# fees paid online and result mailing (R4.7)
register("eservices.payment.issued", _("Payment order issued (缴款通知书)"), _with("order"))
register("eservices.payment.cancelled", _("Payment order cancelled"), _with("reason"))
register("eservices.payment.started", _("Applicant went to pay"), _with("order"))
register("eservices.payment.paid", _("Fee paid (缴费)"), _with("receipt"))
register("eservices.payment.notice_refused", _("Payment notice refused"), _with("reason"))
register("eservices.delivery.chosen", _("Way of receiving the result chosen"), _with("method"))
register("eservices.delivery.sent", _("Result mailed (证照寄送)"), _with("tracking_number"))
register("eservices.delivery.address_viewed", _("Mailing address of a case read"), _number)
register("eservices.case.material_marked", _("Material recorded at the counter"), fields(material=_("material")))
register("eservices.consent.recorded", _("Signed authorisation for assisted handling recorded"), _with("scope"))
register("eservices.consent.requested", _("Applicant asked to consent online to assisted handling"), _with("scope"))
register("eservices.consent.given", _("Applicant consented to assisted handling"), _with("scope"))
register("eservices.consent.declined", _("Applicant declined assisted handling"), _with("scope"))
register("eservices.consent.file_read", _("Signed authorisation of a case opened"))
register("eservices.case.receipt_printed", _("Receipt of a counter case printed"), _number)
register("eservices.case.related_pushed", _("Related item pointed to the applicant (主动推送)"), _with("related"))
register("eservices.consultation.asked", _("Question asked online (网上咨询)"), fields(item=_("service item")))
register("eservices.consultation.viewed", _("Question with personal data opened"), fields(item=_("service item")))
register(
    "eservices.consultation.answered",
    _("Question answered"),
    fields(item=_("service item"), days=_("working days")),
)
register("eservices.consultation.faq_published", _("Answer published as a FAQ"), fields(faq=_("public question")))
register("eservices.appointment.booked", _("Counter visit booked (预约)"), _with("slot"))
register("eservices.appointment.cancelled", _("Counter visit cancelled"), _number)
register("eservices.appointment.marked", _("Counter visit marked"), _with("status"))
