"""Wires identity's back-office screens into Wagtail: 工作人员与角色 for organisation administrators, 应用系统与密钥
for them and the platform operator."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from digigov.identity import admin_views
from digigov.identity.permissions import is_staff_manager, is_system_manager


class StaffManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return is_staff_manager(request.user)


class SystemManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return is_system_manager(request.user)


@hooks.register("register_admin_urls")
def urls():
    return [
        path("identity/staff/", admin_views.StaffView.as_view(), name="identity_staff"),
        path("identity/systems/", admin_views.SystemListView.as_view(), name="identity_systems"),
        path("identity/systems/<int:pk>/", admin_views.SystemDetailView.as_view(), name="identity_system"),
    ]


@hooks.register("register_admin_menu_item")
def staff_menu():
    return StaffManagerMenuItem(_("Staff and roles"), reverse("identity_staff"), icon_name="group", order=890)


@hooks.register("register_admin_menu_item")
def systems_menu():
    return SystemManagerMenuItem(_("Application systems"), reverse("identity_systems"), icon_name="key", order=891)
