"""The form designer in the back office: the forms I may read, a new form, the designer (the vendored form-js
editor; its schema is posted back as JSON and checked by `schema.validate`), a preview drawn by the same `render`
the public sees, and the list of versions."""

import json

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from digigov.core.errors import DomainError, FieldErrors
from digigov.core.permissions import is_platform_admin, is_staff_member
from digigov.core.public import PublicChrome
from digigov.core.staff_pages import StaffPage
from digigov.forms import designer_labels, filling, selectors, services
from digigov.forms import schema as schema_module
from digigov.forms.models import FormDefinition
from digigov.forms.permissions import can_create_any, can_edit

PLATFORM_WIDE = "platform"


class FormListView(StaffPage):
    template_name = "forms/admin/list.html"
    page_title = _("Forms")
    header_icon = "form"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rows = [(form, can_edit(user, form)) for form in selectors.form_list(actor=user)]
        context.update(rows=rows, can_create=can_create_any(user))
        return context


class FormCreateForm(django_forms.Form):
    name = django_forms.CharField(label=_("Form name"), max_length=200)
    key = django_forms.CharField(
        label=_("Form key"),
        max_length=60,
        help_text=_("Lower-case letters, digits and hyphens; services name the form by it, e.g. birth-registration."),
    )
    owner = django_forms.ChoiceField(label=_("Owned by"))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(o.pk), o.name) for o in selectors.owner_choices(actor=actor)]
        if is_platform_admin(actor):
            choices.insert(0, (PLATFORM_WIDE, gettext("Platform-wide (every organisation may use it)")))
        self.fields["owner"].choices = choices


class FormCreateView(StaffPage):
    template_name = "forms/admin/create.html"
    page_title = _("New form")
    header_icon = "form"

    def dispatch(self, request, *args, **kwargs):
        if not can_create_any(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [{"url": reverse("forms_list"), "label": gettext("Forms")}, *super().get_breadcrumbs_items()]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", FormCreateForm(actor=self.request.user))
        return context

    def post(self, request, *args, **kwargs):
        form = FormCreateForm(request.POST, actor=request.user)

        def create():
            owner_id = form.cleaned_data["owner"]
            owner = None
            if owner_id != PLATFORM_WIDE:
                owner = next(o for o in selectors.owner_choices(actor=request.user) if str(o.pk) == owner_id)
            return services.definition_create(
                actor=request.user,
                key=form.cleaned_data["key"],
                name=form.cleaned_data["name"],
                owner=owner,
                schema=services.empty_schema(form.cleaned_data["key"]),
            )

        created = self.submit(form, create, _("Form created; add its fields below."))
        if created:
            return redirect("forms_design", created.pk)
        return self.render_to_response(self.get_context_data(form=form))


class _FormPage(StaffPage):
    """A screen about one form the person may read (another organisation's form is not found: 404)."""

    header_icon = "form"
    needs_edit = False

    def dispatch(self, request, *args, **kwargs):
        try:
            self.definition: FormDefinition = selectors.form_get(actor=request.user, pk=kwargs["pk"])
        except DomainError:
            raise Http404 from None
        if self.needs_edit and not can_edit(request.user, self.definition):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.definition.name

    def get_breadcrumbs_items(self):
        return [{"url": reverse("forms_list"), "label": gettext("Forms")}, *super().get_breadcrumbs_items()]


class FormDesignView(_FormPage):
    """The form-js editor on the current schema. Save checks the schema and stores it as a new version; refused,
    the page comes back with the schema as it was posted and each problem under its component's key."""

    template_name = "forms/admin/design.html"
    page_title = _("Design form")
    needs_edit = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        current = self.definition.current
        schema = kwargs.get("schema")
        if schema is None:
            schema = current.schema if current else services.empty_schema(self.definition.key)
        context.update(
            definition=self.definition,
            current=current,
            schema=schema,
            problems=kwargs.get("problems") or [],
            preview_url=reverse("forms_preview", args=[self.definition.pk]),
            designer_config={"labels": designer_labels.labels(), "supported": sorted(schema_module.SUPPORTED)},
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            schema = json.loads(request.POST.get("schema") or "")
        except ValueError:
            schema = None
        if not isinstance(schema, dict):
            problem = FieldErrors.one("schema", gettext("The designer sent no form schema; reload the page."))
            return self._refused(problem, None)
        try:
            version, created = services.version_save(actor=request.user, definition=self.definition, schema=schema)
        except DomainError as exc:
            if exc.status == 403:
                raise
            return self._refused(exc, schema)
        if created:
            messages.success(request, gettext("Saved as version %(number)s.") % {"number": version.number})
        else:
            messages.info(request, gettext("Nothing changed since version %(number)s.") % {"number": version.number})
        return redirect("forms_versions", self.definition.pk)

    def _refused(self, exc: DomainError, schema):
        messages.error(self.request, str(exc.message))
        problems = [(key, [str(m) for m in ms]) for key, ms in exc.fields.items()]
        context = self.get_context_data(schema=schema, problems=problems)
        return self.render_to_response(context, status=400)


@xframe_options_sameorigin
def preview(request, pk: int):
    """The form as the public sees it, in the public page design (shown in the designer's frame): the posted,
    unsaved schema (POST) or a saved version (GET ?version=n)."""
    if not is_staff_member(request.user):
        raise PermissionDenied
    try:
        definition = selectors.form_get(actor=request.user, pk=pk)
    except DomainError:
        raise Http404 from None
    problems: list[tuple[str, list[str]]] = []
    html = ""
    values, errors = None, None
    if request.method == "POST":
        if not can_edit(request.user, definition):
            raise PermissionDenied
        try:
            schema = json.loads(request.POST.get("schema") or "")
            schema_module.validate(schema)
        except ValueError:
            problems = [("schema", [gettext("The designer sent no form schema; reload the page.")])]
        except DomainError as exc:
            problems = [(key, [str(m) for m in ms]) for key, ms in exc.fields.items()]
        else:
            if request.POST.get("check"):  # the preview's own "check" button: clean what was typed into it
                values, errors = filling.clean(schema, request.POST)
            html = filling.render(schema, values, errors)
    else:
        number = request.GET.get("version", "")
        version = definition.current
        if number.isdigit() and len(number) < 10:
            version = definition.versions.filter(number=int(number)).first()
        if version is None:
            raise Http404
        schema = version.schema
        html = filling.render(version)
    context = {
        "chrome": PublicChrome.plain(),
        "definition": definition,
        "fields_html": html,
        "problems": problems,
        "schema_json": json.dumps(schema, ensure_ascii=False) if html and request.method == "POST" else "",
        "action": reverse("forms_preview", args=[definition.pk]),
    }
    return TemplateResponse(request, "forms/admin/preview.html", context)


class FormVersionsView(_FormPage):
    template_name = "forms/admin/versions.html"
    page_title = _("Form versions")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            definition=self.definition,
            versions=selectors.version_list(self.definition),
            can_edit=can_edit(self.request.user, self.definition),
            prefills=filling.prefill_keys(self.definition.current) if self.definition.current else {},
        )
        return context
