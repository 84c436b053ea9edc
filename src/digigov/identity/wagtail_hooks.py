"""Wires identity's back-office screen into Wagtail: 工作人员与角色 for organisation administrators."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from digigov.identity import admin_views
from digigov.identity.permissions import is_staff_manager


class StaffManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return is_staff_manager(request.user)


@hooks.register("register_admin_urls")
def urls():
    return [path("identity/staff/", admin_views.StaffView.as_view(), name="identity_staff")]


@hooks.register("register_admin_menu_item")
def staff_menu():
    return StaffManagerMenuItem(_("Staff and roles"), reverse("identity_staff"), icon_name="group", order=890)
