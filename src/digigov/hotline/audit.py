"""The hotline's ledger actions, with their labels and summaries (core/audit_actions.py, R0.4)."""

from django.utils.translation import gettext_lazy as _

from digigov.core.audit_actions import fields, register

_NUMBER = _("ticket number")

register("hotline.ticket.created", _("Hotline ticket registered"), fields(number=_NUMBER, kind=_("kind of request")))
register("hotline.ticket.answered", _("Hotline ticket answered at once"), fields(number=_NUMBER, article=_("article")))
register("hotline.ticket.redirected", _("Hotline ticket redirected"), fields(number=_NUMBER, matter=_("matter")))
register(
    "hotline.ticket.dispatched",
    _("Hotline ticket dispatched"),
    fields(number=_NUMBER, department=_("handling department")),
)
register(
    "hotline.ticket.accepted", _("Hotline ticket accepted"), fields(number=_NUMBER, department=_("handling department"))
)
register(
    "hotline.ticket.handed_back",
    _("Hotline ticket handed back"),
    fields(number=_NUMBER, department=_("handling department")),
)
register(
    "hotline.ticket.hand_back_decided",
    _("Hand-back of a hotline ticket decided"),
    fields(number=_NUMBER, decision=_("decision")),
)
register(
    "hotline.ticket.replied", _("Hotline ticket replied"), fields(number=_NUMBER, department=_("handling department"))
)
register(
    "hotline.ticket.reply_reviewed",
    _("Reply of a hotline ticket reviewed"),
    fields(number=_NUMBER, decision=_("decision")),
)
register("hotline.ticket.visited", _("Return visit made"), fields(number=_NUMBER, satisfaction=_("satisfaction")))
register("hotline.ticket.reopened", _("Hotline ticket reopened"), fields(number=_NUMBER, due_on=_("due on")))
register("hotline.ticket.closed", _("Hotline ticket closed"), fields(number=_NUMBER))
register("hotline.caller.viewed", _("Caller's personal data read"), fields(number=_NUMBER, channel=_("read through")))
register("hotline.route.saved", _("Hotline routing rule saved"), fields(category=_("category"), division=_("division")))
register(
    "hotline.ticket.co_handling",
    _("Co-handling of a hotline ticket"),
    fields(number=_NUMBER, department=_("co-handling department"), step=_("step")),
)
register(
    "hotline.ticket.extension_requested",
    _("Extension of a hotline ticket requested"),
    fields(number=_NUMBER, days=_("working days")),
)
register(
    "hotline.ticket.extension_decided",
    _("Extension of a hotline ticket decided"),
    fields(number=_NUMBER, decision=_("decision"), due_on=_("due on")),
)
register("hotline.ticket.urged", _("Hotline ticket urged"), fields(number=_NUMBER, department=_("handling department")))
register(
    "hotline.deadline.noticed",
    _("Department told of a hotline ticket's due date"),
    fields(number=_NUMBER, department=_("handling department"), notice=_("kind of notice")),
)
register(
    "hotline.caller.followed", _("Caller read their ticket on the public page"),
    fields(number=_NUMBER, channel=_("read through")),
)  # fmt: skip
# analysis (issue 13 items 8, 9): reports downloaded and ticket lists exported
register(
    "hotline.report.downloaded",
    _("Hotline report downloaded"),
    fields(report=_("report"), week=_("week from"), format=_("file format")),
)
register("hotline.tickets.exported", _("Hotline tickets exported"), fields(count=_("tickets")))
register(
    "hotline.tickets.migrated",
    _("Hotline tickets migrated from the previous system"),
    fields(count=_("tickets"), source=_("source")),
)
# Duplicates and merging (acceptance 6)
register(
    "hotline.ticket.merged", _("Hotline ticket merged into another"), fields(number=_NUMBER, into=_("main ticket"))
)
register(
    "hotline.ticket.answered_from_merge",
    _("Merged hotline ticket answered with its main ticket"),
    fields(number=_NUMBER, main=_("main ticket")),
)
