"""Wires the form designer into the back office under one "流程与表单" menu. The menu is open to other kernel and
service apps: they add entries with the `register_process_menu_item` hook (no import of this app needed)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from digigov.core.permissions import is_staff_member
from digigov.core.staff_pages import StaffMenuItem
from digigov.forms import views


@hooks.register("register_admin_urls")
def urls():
    return [
        path("forms/", views.FormListView.as_view(), name="forms_list"),
        path("forms/new/", views.FormCreateView.as_view(), name="forms_create"),
        path("forms/<int:pk>/design/", views.FormDesignView.as_view(), name="forms_design"),
        path("forms/<int:pk>/preview/", views.preview, name="forms_preview"),
        path("forms/<int:pk>/versions/", views.FormVersionsView.as_view(), name="forms_versions"),
    ]


@hooks.register("register_process_menu_item")
def forms_menu_item():
    return StaffMenuItem(_("Forms"), reverse("forms_list"), icon_name="form", order=20)


class ProcessMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return is_staff_member(request.user)


@hooks.register("register_admin_menu_item")
def process_menu():
    menu = Menu(register_hook_name="register_process_menu_item")
    return ProcessMenu(_("Processes and forms"), menu, icon_name="form", name="process_and_forms", order=320)
