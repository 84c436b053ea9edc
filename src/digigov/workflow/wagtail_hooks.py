"""Wires the workflow kernel's screens into the back office: the processes, their versions and the designer."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from digigov.core.staff_pages import StaffMenuItem
from digigov.workflow import admin_views


@hooks.register("register_admin_urls")
def urls():
    return [
        path("workflow/", admin_views.DefinitionListView.as_view(), name="workflow_definitions"),
        path("workflow/new/", admin_views.DefinitionCreateView.as_view(), name="workflow_definition_create"),
        path("workflow/<int:pk>/", admin_views.DefinitionDetailView.as_view(), name="workflow_definition_detail"),
        path("workflow/<int:pk>/design/", admin_views.DesignerView.as_view(), name="workflow_designer"),
    ]


@hooks.register("register_process_menu_item")  # in the 流程与表单 menu (forms/wagtail_hooks.py)
def workflow_menu():
    return StaffMenuItem(_("Processes"), reverse("workflow_definitions"), icon_name="tasks", order=10)
