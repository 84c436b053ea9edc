"""Wires the catalogue screens into the back office under one "数据共享" menu (R1.1–R1.3)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from digigov.catalog.permissions import is_staff_member
from digigov.catalog.views import lists, resources, workbench_search
from digigov.core import search_registry
from digigov.core.staff_pages import StaffMenuItem

search_registry.register("catalog.resources", _("Resource catalogue"), workbench_search.resource_hits, order=20)


@hooks.register("register_admin_urls")
def urls():
    return [
        path("catalog/resources/", resources.ResourceListView.as_view(), name="catalog_resources"),
        path("catalog/resources/new/", resources.ResourceFormView.as_view(), name="catalog_resource_new"),
        path("catalog/resources/<int:pk>/", resources.ResourceDetailView.as_view(), name="catalog_resource"),
        path("catalog/resources/<int:pk>/edit/", resources.ResourceFormView.as_view(), name="catalog_resource_edit"),
        path(
            "catalog/resources/<int:pk>/withdraw/",
            resources.ResourceWithdrawView.as_view(),
            name="catalog_resource_withdraw",
        ),
        path("catalog/resources/reindex/", resources.reindex, name="catalog_reindex"),
        path("catalog/mount-rate/", resources.MountRateView.as_view(), name="catalog_mount_rate"),
        path("catalog/lists/<str:kind>/", lists.ListView.as_view(), name="catalog_list"),
        path("catalog/lists/<str:kind>/export/", lists.list_export, name="catalog_list_export"),
        path("catalog/demands/<int:pk>/", lists.DemandView.as_view(), name="catalog_demand"),
    ]


class SharingMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return is_staff_member(request.user)


@hooks.register("register_admin_menu_item")
def catalog_menu():
    items = [
        StaffMenuItem(_("Resource catalogue"), reverse("catalog_resources"), icon_name="table", order=10),
        StaffMenuItem(
            _("Responsibility list"), reverse("catalog_list", args=["responsibility"]), icon_name="tasks", order=20
        ),
        StaffMenuItem(_("Demand list"), reverse("catalog_list", args=["demand"]), icon_name="help", order=30),
        StaffMenuItem(_("Negative list"), reverse("catalog_list", args=["negative"]), icon_name="cross", order=40),
        StaffMenuItem(_("Mount rate"), reverse("catalog_mount_rate"), icon_name="link", order=50),
    ]
    return SharingMenu(_("Catalogue and lists"), Menu(items=items), icon_name="table", order=300)
