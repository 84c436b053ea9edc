"""The website cluster in the back office: the resource library (信息资源库) as Wagtail snippets with drafts,
revisions, schedules and compare; who may see which item is `policies.LibraryPolicy`."""

import functools

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.models import Permission
from django.db.models import Count, Q
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import Menu, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, LiveStatusTagColumn
from wagtail.permissions import register_permission_policy
from wagtail.rich_text import expand_db_html
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from digigov.core.admin_views import AuditedViewSet, PlatformAdminPolicy
from digigov.core.models import Organisation
from digigov.core.permissions import acting_organisation, is_platform_admin, organisation_ids
from digigov.core.staff_pages import StaffMenuItem
from digigov.core.views import permission_denied
from digigov.websites import admin_views, operations_views, sampling_views, services, words
from digigov.websites.choices import DisclosureMode
from digigov.websites.models import DisclosureReport, LibraryItem, SensitiveWord
from digigov.websites.permissions import EDITORS
from digigov.websites.policies import LibraryPolicy


class GeneratedBody(forms.Widget):
    """The body of a generated report (政府信息公开工作年度报告), shown as it will be published instead of in the
    rich-text editor, which has no tables and would flatten them on saving; its prose is edited on the report's own
    screen, which writes the body again."""

    def __init__(self, report_url: str, attrs=None):
        super().__init__(attrs)
        self.report_url = report_url

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<p><a class="button button-secondary" href="{}">{}</a></p><div class="generated-body">{}</div>',
            self.report_url,
            _("Edit the report's text on its screen"),
            mark_safe(expand_db_html(value or "")),  # noqa: S308 - the platform wrote it, every value escaped
        )


class LibraryItemForm(WagtailAdminModelForm):
    """The owning unit is one of the editor's own; a new item belongs to the editor's unit by default. Publishing
    is refused while the title, summary, body or an attachment holds a severe 错敏词 (R8.7), at that field. The body
    of a generated disclosure report is not edited here (`GeneratedBody`)."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "owner" in self.fields and for_user is not None and not is_platform_admin(for_user):
            self.fields["owner"].queryset = Organisation.objects.filter(pk__in=organisation_ids(for_user, EDITORS))
        if not self.instance.pk and for_user is not None:
            self.initial.setdefault("owner", getattr(acting_organisation(for_user), "pk", None))
            self.instance.created_by = for_user
        if "disclosure_mode" in self.fields:  # 公开方式: most items are 主动公开; a form without the field keeps it
            self.fields["disclosure_mode"].required = False
        report = self.instance.pk and DisclosureReport.objects.filter(item_id=self.instance.pk).only("pk").first()
        if report and "body" in self.fields:
            self.fields["body"].disabled = True  # whatever is posted, the body stays the generated one
            self.fields["body"].widget = GeneratedBody(reverse("websites_disclosure_report", args=[report.pk]))

    def clean_disclosure_mode(self):
        return self.cleaned_data.get("disclosure_mode") or self.instance.disclosure_mode or DisclosureMode.ACTIVE

    def clean(self):
        cleaned = super().clean()
        if "action-publish" in self.data:
            raise forms.ValidationError(
                _("Items are published through the workflow: submit it for review (审核, 保密审查, 签发).")
            )
        if "action-submit" not in self.data:
            return cleaned
        for field, label in (("title", _("Title")), ("summary", _("Summary")), ("body", _("Body"))):
            value = cleaned.get(field) or ""
            hits = words.scan_text(str(label), strip_tags(str(value)))
            if problem := words.severe_problem(hits):
                self.add_error(field, problem)
        for document in cleaned.get("attachments") or []:
            with document.open_file() as handle:
                hits = words.scan_text(document.title, words.attachment_text(handle.read()))
            if problem := words.severe_problem(hits):
                self.add_error("attachments", problem)
        return cleaned


class PlacementsColumn(Column):
    """Where the item is used (R8.1: each item shows where it is used), linking to its placement screen."""

    def get_value(self, instance):
        count = getattr(instance, "live_placements", None)
        url = reverse("websites_item_placements", args=[instance.pk])
        return format_html('<a href="{}">{}</a>', url, _("%(n)s columns") % {"n": count or 0})


class LibraryItemViewSet(SnippetViewSet):
    model = LibraryItem
    icon = "doc-full"
    menu_label = _("Resource library")
    menu_name = "websites_library"
    add_to_admin_menu = False  # in the 网站群 menu below
    list_display = ["title", "kind", "owner", PlacementsColumn("placements", label=_("Used in")), LiveStatusTagColumn()]
    list_filter = ["kind", "topic", "live"]
    search_fields = ["title", "document_number"]
    list_per_page = 30
    ordering = ["-updated_at"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("kind"), FieldPanel("owner")]),
            FieldPanel("title"),
            FieldPanel("summary"),
            FieldPanel("body"),
            FieldRowPanel([FieldPanel("source"), FieldPanel("topic"), FieldPanel("disclosure_mode")]),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("document_number"), FieldPanel("written_on")]),
                    FieldRowPanel([FieldPanel("issuer"), FieldPanel("validity")]),
                ],
                heading=_("Policy document"),
            ),
            FieldPanel("interprets"),
            FieldPanel("image"),
            FieldPanel("attachments"),
        ],
        base_form_class=LibraryItemForm,
    )

    def get_permissions_to_register(self):
        """None on the groups screen: who may act on an item is its unit's roles (LibraryPolicy), not a group."""
        return Permission.objects.none()

    def get_urlpatterns(self):
        """Wagtail checks the model-level permission on several instance screens (unpublish, history, usage,
        revisions); every address naming an item is checked against the item itself here."""
        return [
            URLPattern(p.pattern, _own_items_only(p.callback), p.default_args, p.name)
            for p in super().get_urlpatterns()
        ]

    def get_queryset(self, request):
        return POLICY.instances_user_has_any_permission_for(request.user, ["change"]).annotate(
            live_placements=Count("placements", filter=Q(placements__withdrawn_at__isnull=True))
        )


def _own_items_only(view):
    @functools.wraps(view)
    def guarded(request, *args, **kwargs):
        pk = kwargs.get("pk")
        if pk is not None:
            item = LibraryItem.objects.filter(pk=unquote(str(pk))).only("owner_id").first()
            if item is not None and not POLICY.user_has_permission_for_instance(request.user, "change", item):
                return permission_denied(request)
        return view(request, *args, **kwargs)

    return guarded


POLICY = LibraryPolicy(LibraryItem)
register_permission_policy(LibraryItem, POLICY)
register_snippet(LibraryItemViewSet)


@hooks.register("register_admin_menu_item")
def websites_menu():
    items = [
        StaffMenuItem(
            _("Our unit's items"), reverse("wagtailsnippets_websites_libraryitem:list"), icon_name="doc-full", order=10
        ),
        StaffMenuItem(_("Shared library"), reverse("websites_shared_library"), icon_name="doc-full-inverse", order=20),
        StaffMenuItem(
            _("Sensitive and wrong words"), reverse("websites_sensitiveword:index"), icon_name="warning", order=30
        ),
        StaffMenuItem(
            _("Opening and closing sites"), reverse("websites_site_applications"), icon_name="site", order=40
        ),
    ]
    return SubmenuMenuItem(
        _("Resource library"), Menu(items=items), icon_name="doc-full", name="websites_library", order=210
    )


@hooks.register("register_admin_menu_item")
def interaction_menu():
    items = [
        StaffMenuItem(_("Citizens' letters"), reverse("websites_letters"), icon_name="mail", order=10),
        StaffMenuItem(_("Opinion solicitations"), reverse("websites_solicitations"), icon_name="comment", order=20),
        StaffMenuItem(
            _("Applications for disclosure"),
            reverse("websites_disclosure_applications"),
            icon_name="doc-full",
            order=30,
        ),
    ]
    return SubmenuMenuItem(
        _("Interaction"), Menu(items=items), icon_name="mail", name="websites_interaction", order=215
    )


@hooks.register("register_admin_menu_item")
def operations_menu():
    items = [
        StaffMenuItem(_("Duty roster"), reverse("websites_roster"), icon_name="calendar", order=10),
        StaffMenuItem(_("Daily inspections"), reverse("websites_inspections"), icon_name="tasks", order=20),
        StaffMenuItem(_("Sampling inspections"), reverse("websites_sampling_rounds"), icon_name="search", order=25),
        StaffMenuItem(_("Annual reports"), reverse("websites_annual_reports"), icon_name="doc-full", order=30),
        StaffMenuItem(
            _("Disclosure annual reports"), reverse("websites_disclosure_reports"), icon_name="doc-full", order=35
        ),
        StaffMenuItem(_("Site performance scorecard"), reverse("websites_scorecard"), icon_name="table", order=40),
    ]
    return SubmenuMenuItem(
        _("Site operations"), Menu(items=items), icon_name="cogs", name="websites_operations", order=217
    )


@hooks.register("register_admin_urls")
def urls():
    return [
        path("websites/roster/", operations_views.RosterView.as_view(), name="websites_roster"),
        path("websites/inspections/", operations_views.InspectionsView.as_view(), name="websites_inspections"),
        path("websites/inspections/<int:pk>/", operations_views.InspectionView.as_view(), name="websites_inspection"),
        path("websites/annual-reports/", operations_views.AnnualReportsView.as_view(), name="websites_annual_reports"),
        path(
            "websites/disclosure-reports/",
            operations_views.DisclosureReportsView.as_view(),
            name="websites_disclosure_reports",
        ),
        path(
            "websites/disclosure-reports/<int:pk>/",
            operations_views.DisclosureReportView.as_view(),
            name="websites_disclosure_report",
        ),
        path("websites/scorecard/", operations_views.ScorecardView.as_view(), name="websites_scorecard"),
        path("websites/sampling/", sampling_views.SamplingRoundsView.as_view(), name="websites_sampling_rounds"),
        path(
            "websites/sampling/<int:pk>/",
            sampling_views.SamplingRoundView.as_view(),
            name="websites_sampling_round",
        ),
        path("websites/library/", admin_views.SharedLibraryView.as_view(), name="websites_shared_library"),
        path("websites/letters/", admin_views.LettersView.as_view(), name="websites_letters"),
        path("websites/sites/", admin_views.SiteApplicationsView.as_view(), name="websites_site_applications"),
        path(
            "websites/sites/open/",
            admin_views.SiteApplyView.as_view(kind="open"),
            name="websites_site_apply_open",
        ),
        path(
            "websites/sites/close/",
            admin_views.SiteApplyView.as_view(kind="close"),
            name="websites_site_apply_close",
        ),
        path(
            "websites/sites/<int:pk>/",
            admin_views.SiteApplicationView.as_view(),
            name="websites_site_application",
        ),
        path("websites/letters/<int:pk>/", admin_views.LetterView.as_view(), name="websites_letter"),
        path("websites/solicitations/", admin_views.SolicitationsView.as_view(), name="websites_solicitations"),
        path(
            "websites/solicitations/<int:pk>/",
            admin_views.SolicitationOpinionsView.as_view(),
            name="websites_solicitation",
        ),
        path(
            "websites/disclosure/",
            admin_views.DisclosureApplicationsView.as_view(),
            name="websites_disclosure_applications",
        ),
        path(
            "websites/disclosure/<int:pk>/",
            admin_views.DisclosureApplicationView.as_view(),
            name="websites_disclosure_application",
        ),
        path(
            "websites/disclosure/<int:pk>/notice.pdf",
            admin_views.DisclosureNoticeView.as_view(),
            name="websites_disclosure_notice",
        ),
        path(
            "websites/items/<int:pk>/placements/",
            admin_views.ItemPlacementsView.as_view(),
            name="websites_item_placements",
        ),
    ]


@hooks.register("after_create_snippet")
def item_created(request, instance):
    if isinstance(instance, LibraryItem):
        services.item_saved(actor=request.user, item=instance, created=True)
        _warn_of_words(request, instance)


@hooks.register("after_edit_snippet")
def item_edited(request, instance):
    if isinstance(instance, LibraryItem):
        services.item_saved(actor=request.user, item=instance, created=False)
        _warn_of_words(request, instance)


@hooks.register("before_edit_snippet")
def item_opened(request, instance):
    if isinstance(instance, LibraryItem) and request.method == "GET":
        _warn_of_words(request, instance)


def _warn_of_words(request, item: LibraryItem) -> None:
    """The editor sees every 错敏词 of the item with its correction; only severe ones block publishing."""
    for hit in words.scan_item(item):
        text = _("%(place)s: “%(word)s” (…%(context)s…)") % {
            "place": hit.place,
            "word": hit.word,
            "context": hit.context,
        }
        if hit.correction:
            text = f"{text} {_('Suggested: %(correction)s') % {'correction': hit.correction}}"
        (messages.error if hit.severe else messages.warning)(request, text)


@hooks.register("construct_main_menu")
def hide_snippets_menu(request, menu_items):
    """The library is the only snippet and has its own menu (信息资源库); Wagtail's 片段 entry would repeat it."""
    menu_items[:] = [item for item in menu_items if item.name != "snippets"]


class SensitiveWordViewSet(AuditedViewSet):
    """错敏词库: platform administrators keep it; every editor's publish is checked against it."""

    model = SensitiveWord
    icon = "warning"
    list_display = ["word", "severity", "correction", "note"]
    list_filter = ["severity"]
    search_fields = ["word", "correction"]
    form_fields = ["word", "severity", "correction", "note"]
    name = "websites_sensitiveword"
    menu_label = _("Sensitive and wrong words")


word_viewset = SensitiveWordViewSet()
register_permission_policy(SensitiveWord, PlatformAdminPolicy(SensitiveWord))


@hooks.register("register_admin_viewset")
def register_word_viewset():
    return word_viewset


@hooks.register("construct_snippet_action_menu")
def no_direct_publish(menu_items, request, context):
    """An item is published by the end of its workflow, after the confidentiality review (R8.7), never directly."""
    if context.get("model") is LibraryItem:
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]
