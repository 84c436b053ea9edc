"""The knowledge base's ledger actions, with their labels and summaries (core/audit_actions.py, R0.4)."""

from django.utils.translation import gettext_lazy as _

from digigov.core.audit_actions import fields, register, sentence

register(
    "knowledge.article.created",
    _("Knowledge article created"),
    fields(title=_("article title"), category=_("subject category"), department=_("owning department")),
)
register(
    "knowledge.article.changed",
    _("Knowledge article changed"),
    fields(
        title=_("article title"), category=_("subject category"), department=_("owning department"),
        keywords=_("keywords"), valid_from=_("valid from"), valid_until=_("valid until"), review_on=_("review by"),
    ),
)  # fmt: skip
register("knowledge.article.published", _("Knowledge article published"), fields(title=_("article title")))
register("knowledge.article.withdrawn", _("Knowledge article withdrawn"), fields(title=_("article title")))
register("knowledge.article.reviewed", _("Knowledge article reviewed"), fields(review_on=_("next review by")))
register("knowledge.article.used", _("Knowledge article used to answer"), fields(used_count=_("times used")))
register(
    "knowledge.article.marked",
    _("Knowledge article marked"),
    fields(helped_count=_("marked helpful"), not_helped_count=_("marked not helpful")),
)
register(
    "knowledge.article.review_due",
    _("Review of a knowledge article due"),
    fields(title=_("article title"), review_on=_("review by")),
)
register(
    "knowledge.category.created",
    _("Subject category created"),
    fields(code=_("category code"), name=_("category name")),
)
register(
    "knowledge.category.changed",
    _("Subject category changed"),
    fields(code=_("category code"), name=_("category name"), is_active=_("in use")),
)
register("knowledge.category.imported", _("Subject categories imported"), sentence(_("%(count)s categories")))
