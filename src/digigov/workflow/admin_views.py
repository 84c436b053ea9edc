"""Back-office screens of the workflow kernel: process definitions, their versions and the process designer
(bpmn-js, vendored; docs/adr/0003-eservices-workflow.md §3). Any staff member looks; platform administrators design
the platform-wide processes and organisation administrators their organisation's (`workflow.api.can_design`).
Another organisation's process is not found for editing (404). Saving validates the diagram and its bindings on the
server and makes a new version, or shows Chinese errors at the form's rows and marks the diagram's elements."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from digigov.core.choices import Role
from digigov.core.errors import DomainError
from digigov.core.permissions import is_platform_admin, memberships, organisation_ids
from digigov.core.rules import rule
from digigov.core.staff_pages import StaffPage, error_text
from digigov.workflow import api as workflow
from digigov.workflow.choices import InstanceStatus, LaneScope
from digigov.workflow.designer_labels import labels
from digigov.workflow.starter import starter_bpmn

LANE_ROLES = [(r.value, r.label) for r in (Role.HANDLER, Role.REVIEWER, Role.LEADER, Role.ORG_ADMIN)]


def _owned_elsewhere(user, definition) -> bool:
    """An organisation's process seen by someone holding no role there (nor above it): not theirs to edit."""
    if definition.owner_id is None or is_platform_admin(user):
        return False
    return definition.owner_id not in organisation_ids(user)


def _designable_owners(user) -> list[tuple[str, str]]:
    """Whose process this person may create: the platform (platform administrators) and the organisations where
    they are organisation administrator."""
    choices = [("", gettext("Platform-wide"))] if workflow.can_design(user, None) else []
    for m in memberships(user):
        if m.role == Role.ORG_ADMIN and workflow.can_design(user, m.organisation):
            choices.append((str(m.organisation_id), m.organisation.name))
    return choices


class DefinitionListView(StaffPage):
    template_name = "workflow/admin/definition_list.html"
    page_title = _("Processes")
    header_icon = "tasks"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        definitions = list(workflow.definition_list(actor=self.request.user))
        for d in definitions:
            d.designable = workflow.can_design(self.request.user, d)
        context.update(definitions=definitions, can_create=bool(_designable_owners(self.request.user)))
        return context


class DefinitionForm(forms.Form):
    key = forms.SlugField(
        label=_("Process key"),
        max_length=60,
        help_text=_("Letters, digits, hyphens and underscores; it names the process in the programs and the API."),
    )
    name = forms.CharField(label=_("Process name"), max_length=200)
    owner = forms.ChoiceField(label=_("Owned by"), required=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = owners
        self.fields["owner"].required = all(value for value, _label in owners)  # "" = platform-wide, if offered


class DefinitionCreateView(StaffPage):
    template_name = "workflow/admin/definition_form.html"
    page_title = _("New process")
    header_icon = "tasks"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not _designable_owners(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", DefinitionForm(owners=_designable_owners(self.request.user)))
        return context

    def post(self, request, *args, **kwargs):
        form = DefinitionForm(request.POST, owners=_designable_owners(request.user))

        @transaction.atomic
        def create():  # the definition and its first version, or neither
            data = form.cleaned_data
            owner = next(
                (m.organisation for m in memberships(request.user) if str(m.organisation_id) == data["owner"]), None
            )
            definition = workflow.definition_create(actor=request.user, key=data["key"], name=data["name"], owner=owner)
            xml = starter_bpmn(
                key=data["key"], name=data["name"], lane=gettext("Lead organisation"), task=gettext("Handle the case")
            )
            workflow.version_save(
                actor=request.user,
                definition=definition,
                bpmn_xml=xml,
                note=gettext("The first version, made with the process"),
            )
            return definition

        definition = self.submit(form, create, _("The process was created. Draw it and save a new version."))
        if definition:
            return redirect("workflow_designer", definition.pk)
        return self.render_to_response(self.get_context_data(form=form))


class DefinitionPage(StaffPage):
    """A screen about one definition; any staff member may look at it."""

    header_icon = "tasks"

    def definition(self):
        if not hasattr(self, "_definition"):
            self._definition = workflow.definition_get(actor=self.request.user, pk=self.kwargs["pk"])
        return self._definition

    def get_page_title(self):
        return self.title % {"name": self.definition().name}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("workflow_definitions"), "label": gettext("Processes")},
            {"url": "", "label": self.get_page_title()},
        ]


class DefinitionDetailView(DefinitionPage):
    template_name = "workflow/admin/definition_detail.html"
    title = _("%(name)s: versions")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        definition = self.definition()
        versions = list(
            definition.versions.select_related("created_by")
            .annotate(running=Count("instances", filter=Q(instances__status=InstanceStatus.RUNNING)))
            .order_by("-number")
        )
        shown = next((v for v in versions if str(v.number) == self.request.GET.get("version")), None)
        shown = shown or next((v for v in versions if v.pk == definition.current_id), versions[0] if versions else None)
        context.update(
            definition=definition,
            versions=versions,
            shown=shown,
            designable=workflow.can_design(self.request.user, definition),
            viewer_config={"xml": shown.bpmn_xml if shown else "", "labels": labels()},
        )
        return context


class DesignForm(forms.Form):
    """What is saved with the diagram: each lane's binding (who works there), each user task's time limit in
    working days, and a note. The diagram's XML and SVG come from the designer's script."""

    bpmn_xml = forms.CharField(widget=forms.HiddenInput, strip=False)
    diagram_svg = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    note = forms.CharField(label=_("Note on this version"), max_length=300, required=False)

    def __init__(self, *args, outline, version, **kwargs):
        super().__init__(*args, **kwargs)
        self.lane_rows, self.task_rows = [], []
        default_days = rule("workflow.task_working_days")
        stored_lanes = (version.lanes if version else None) or {}
        for lane in outline.lanes if outline else []:
            bound = {**workflow.default_binding(lane.name), **stored_lanes.get(lane.id, {})}
            prefix = f"lane-{lane.id}-"
            self.fields[prefix + "scope"] = forms.ChoiceField(
                label=_("Works there"), choices=LaneScope.choices, initial=bound.get("scope")
            )
            self.fields[prefix + "part"] = forms.CharField(
                label=_("Part code"), max_length=50, required=False, initial=bound.get("part", "")
            )
            self.fields[prefix + "role"] = forms.ChoiceField(
                label=_("Role"), choices=LANE_ROLES, initial=bound.get("role")
            )
            self.lane_rows.append({"id": lane.id, "name": lane.name, "prefix": prefix, "errors": []})
        lane_names = {lane.id: lane.name for lane in outline.lanes} if outline else {}
        for task in outline.user_tasks if outline else []:
            stored = (version.tasks or {}).get(task.id, {}) if version else {}
            name = f"task-{task.id}-days"
            self.fields[name] = forms.IntegerField(
                label=_("Working days"),
                min_value=0,
                max_value=366,
                required=False,
                initial=stored.get("working_days", default_days),
            )
            self.task_rows.append(
                {
                    "id": task.id,
                    "name": task.name,
                    "lane": lane_names.get(task.lane_id, ""),
                    "field": name,
                    "errors": [],
                }
            )

    def bound_rows(self):
        for row in self.lane_rows:
            row.update(scope=self[row["prefix"] + "scope"], part=self[row["prefix"] + "part"])
            row["role"] = self[row["prefix"] + "role"]
        for row in self.task_rows:
            row["days"] = self[row["field"]]
        return self.lane_rows, self.task_rows

    def lanes(self) -> dict[str, dict]:
        data = self.cleaned_data
        return {
            row["id"]: {
                "scope": data[row["prefix"] + "scope"],
                "part": data[row["prefix"] + "part"] if data[row["prefix"] + "scope"] == LaneScope.PART else "",
                "role": data[row["prefix"] + "role"],
            }
            for row in self.lane_rows
        }

    def tasks(self) -> dict[str, dict]:
        data = self.cleaned_data
        return {r["id"]: {"working_days": data[r["field"]]} for r in self.task_rows if data[r["field"]] is not None}

    def place(self, exc: DomainError) -> dict[str, list[str]]:
        """Put the service's errors where they belong; returns those about diagram elements (by element id)."""
        elements: dict[str, list[str]] = {}
        lanes = {r["id"]: r for r in self.lane_rows}
        tasks = {r["id"]: r for r in self.task_rows}
        placed = False
        for field, field_messages in exc.fields.items():
            texts = [str(m) for m in field_messages]
            placed = True
            head, _sep, rest = field.partition(".")
            element = field.removeprefix("element:") if field.startswith("element:") else None
            if element is not None:
                elements.setdefault(element, []).extend(texts)
            elif head == "lanes" and rest.split(".")[0] in lanes:
                lanes[rest.split(".")[0]]["errors"].extend(texts)
            elif head == "tasks" and rest.split(".")[0] in tasks:
                tasks[rest.split(".")[0]]["errors"].extend(texts)
            elif field in self.fields and field not in ("bpmn_xml", "diagram_svg"):
                for text in texts:
                    self.add_error(field, text)
            else:
                for text in texts:
                    self.add_error(None, text)
        if not placed:
            self.add_error(None, str(exc.message))
        return elements


class DesignerView(DefinitionPage):
    """The diagram in bpmn-js with its properties panel, and beside it the bindings form; saving makes a version."""

    template_name = "workflow/admin/designer.html"
    title = _("%(name)s: designer")

    def definition(self):
        definition = super().definition()
        if not workflow.can_design(self.request.user, definition):
            if _owned_elsewhere(self.request.user, definition):
                raise Http404
            raise PermissionDenied
        return definition

    def base_version(self):
        definition = self.definition()
        number = self.request.GET.get("from", "")
        if number.isdigit():
            found = definition.versions.filter(number=int(number)).first()
            if found:
                return found
        return definition.current or definition.versions.order_by("-number").first()

    def get(self, request, *args, **kwargs):
        version = self.base_version()
        xml = version.bpmn_xml if version else ""
        form = DesignForm(initial={"bpmn_xml": xml}, outline=self.outline(xml), version=version)
        return self.render_to_response(self.get_context_data(form=form, version=version, xml=xml))

    def outline(self, xml: str, *, tell: bool = True):
        """The lanes and user tasks of `xml` for the bindings form; None if it cannot be read (said on the page,
        unless the save that follows says it again at the form)."""
        try:
            return workflow.bpmn_outline(xml) if xml else None
        except DomainError as exc:
            if tell:
                messages.error(self.request, error_text(exc))
            return None

    def post(self, request, *args, **kwargs):
        definition, version = self.definition(), self.base_version()
        current_id = definition.current_id
        xml = request.POST.get("bpmn_xml", "")
        form = DesignForm(request.POST, outline=self.outline(xml, tell=False), version=version)
        elements: dict[str, list[str]] = {}
        if form.is_valid():
            try:
                saved = workflow.version_save(
                    actor=request.user,
                    definition=definition,
                    bpmn_xml=form.cleaned_data["bpmn_xml"],
                    lanes=form.lanes(),
                    tasks=form.tasks(),
                    diagram_svg=form.cleaned_data["diagram_svg"],
                    note=form.cleaned_data["note"],
                )
            except DomainError as exc:
                elements = form.place(exc)
            else:
                if saved.pk == current_id:
                    messages.info(request, gettext("Nothing changed: the current version stays as it is."))
                else:
                    messages.success(request, gettext("Saved as version %(number)s.") % {"number": saved.number})
                return redirect(reverse("workflow_definition_detail", args=[definition.pk]))
        messages.error(request, gettext("The process was not saved; see the errors below."))
        context = self.get_context_data(form=form, version=version, xml=xml, element_errors=elements)
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs["form"]
        lane_rows, task_rows = form.bound_rows()
        elements = kwargs.get("element_errors") or {}
        context.update(
            definition=self.definition(),
            lane_rows=lane_rows,
            task_rows=task_rows,
            element_errors=sorted(elements.items()),
            designer_config={
                "xml": kwargs.get("xml", ""),
                "errors": elements,
                "labels": labels(),
                "text": {
                    "importFailed": gettext("The diagram could not be read: %(error)s"),
                    "exportFailed": gettext("The diagram could not be written out: %(error)s"),
                },
            },
        )
        return context
