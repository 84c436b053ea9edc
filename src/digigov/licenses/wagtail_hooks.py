"""Wires the licence screens into the back office under one 电子证照 menu (R6.1), and licences into the workbench
search (scoped as the department's list)."""

from django.db.models import Q
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from digigov.core import search_registry
from digigov.core.search_registry import SearchHit, SearchResults
from digigov.core.staff_pages import StaffMenuItem
from digigov.licenses import qr, selectors, staff_views
from digigov.licenses.permissions import is_staff_member, issuing_organisation_ids


@hooks.register("register_admin_urls")
def urls():
    return [
        path("licenses/types/", staff_views.TypeListView.as_view(), name="licenses_types"),
        path("licenses/types/new/", staff_views.TypeFormView.as_view(), name="licenses_type_new"),
        path("licenses/types/<int:pk>/", staff_views.TypeDetailView.as_view(), name="licenses_type"),
        path("licenses/types/<int:pk>/edit/", staff_views.TypeFormView.as_view(), name="licenses_type_edit"),
        path(
            "licenses/types/<int:pk>/template.xlsx",
            staff_views.TypeTemplateView.as_view(),
            name="licenses_type_template",
        ),
        path("licenses/issue/", staff_views.IssueView.as_view(), name="licenses_issue"),
        path("licenses/licences/", staff_views.LicenceListView.as_view(), name="licenses_licences"),
        path("licenses/licences/<int:pk>/", staff_views.LicenceDetailView.as_view(), name="licenses_licence"),
        path("licenses/batch/", staff_views.BatchView.as_view(), name="licenses_batch"),
    ]


class LicencesMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return is_staff_member(request.user)


class IssuerMenuItem(StaffMenuItem):
    def is_shown(self, request):
        return bool(issuing_organisation_ids(request.user))


@hooks.register("register_admin_menu_item")
def licenses_menu():
    items = [
        IssuerMenuItem(_("Issue a licence"), reverse("licenses_issue"), icon_name="plus", order=1),
        IssuerMenuItem(_("Licences issued"), reverse("licenses_licences"), icon_name="doc-full", order=2),
        IssuerMenuItem(_("Batch issuance"), reverse("licenses_batch"), icon_name="upload", order=3),
        StaffMenuItem(_("Licence type catalogue"), reverse("licenses_types"), icon_name="list-ul", order=10),
    ]
    return LicencesMenu(_("Electronic licences"), Menu(items=items), icon_name="doc-full", order=330)


def licence_hits(actor, terms, limit):
    qs = selectors.licence_list(actor=actor)
    for term in terms:
        qs = qs.filter(Q(number__icontains=term) | Q(holder_name__icontains=term) | Q(identifier=term))
    rows = list(qs[:limit])
    hits = [
        SearchHit(
            title=f"{lc.licence_type.name} {lc.number}",
            url=reverse("licenses_licence", args=[lc.pk]),
            detail=f"{lc.holder_name} {qr.mask(lc.holder_code)}",
        )
        for lc in rows
    ]
    return SearchResults(hits=hits, total=qs.count())


search_registry.register("licenses.licences", _("E-licences"), licence_hits, order=40)
