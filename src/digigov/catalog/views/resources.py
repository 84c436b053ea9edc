"""Catalogue resources in the back office: list, detail with actions and version diff, form, mount rate."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from digigov.catalog import selectors, services, tasks, versions
from digigov.catalog.choices import ResourceStatus, ShareType
from digigov.catalog.permissions import EDITORS, SUBMITTERS, is_operator
from digigov.catalog.views.forms import ItemFormSet, ResourceForm
from digigov.core.background import launch
from digigov.core.errors import DomainError, NotFoundError
from digigov.core.models import Organisation
from digigov.core.permissions import acting_organisation, can, is_platform_admin, organisation_ids
from digigov.core.staff_pages import StaffPage, error_text


class CataloguePage(StaffPage):
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("catalog_resources"), "label": _("Resource catalogue")},
            {"url": "", "label": self.get_page_title()},
        ]


def editable_providers(user):
    if is_platform_admin(user):
        return Organisation.objects.filter(is_active=True, parent__isnull=True).order_by("name")
    return Organisation.objects.filter(pk__in=organisation_ids(user, EDITORS), is_active=True).order_by("name")


class ResourceListView(CataloguePage):
    template_name = "catalog/resource_list.html"
    page_title = _("Resource catalogue")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        g = self.request.GET
        filters = {
            "provider": int(g["provider"]) if g.get("provider", "").isdigit() else None,
            "status": g.get("status", ""),
            "share_type": g.get("share_type", ""),
            "q": g.get("q", "").strip(),
        }
        qs = selectors.resource_list(actor=self.request.user, **filters)
        page = Paginator(qs, 25).get_page(g.get("page"))
        context.update(
            page=page,
            filters=filters,
            statuses=[*ResourceStatus.choices, ("revising", _("Revision in progress"))],
            share_types=ShareType.choices,
            providers=Organisation.objects.filter(catalogue_resources__isnull=False).distinct().order_by("name"),
            can_create=editable_providers(self.request.user).exists(),
            can_reindex=is_platform_admin(self.request.user),
            query=g.copy(),
        )
        context["query"].pop("page", None)
        return context


class ResourceDetailView(CataloguePage):
    """One resource: fields, items, state; submit, review, withdraw; versions and their differences."""

    template_name = "catalog/resource_detail.html"

    def get_page_title(self):
        return f"{self.resource.code} {self.resource.name}"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.resource = selectors.resource_detail(actor=request.user, pk=kwargs["pk"])
        except NotFoundError:
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        resource, user = self.resource, self.request.user
        history = selectors.version_list(resource)
        diff = None
        old, new = self.request.GET.get("old", ""), self.request.GET.get("new", "")
        if old.isdigit():
            try:
                diff = selectors.version_diff(resource, int(old), int(new) if new.isdigit() and int(new) else None)
            except NotFoundError:
                diff = None
        elif resource.revision is not None and history:
            diff = selectors.version_diff(resource, history[0].number, None)
        state = resource.revision_status if resource.status == ResourceStatus.PUBLISHED else resource.status
        own = can(user, SUBMITTERS, resource.provider)
        context.update(
            resource=resource,
            items=resource.items.all(),
            working=services.working_copy(resource) if resource.revision is not None else None,
            history=history,
            diff=diff,
            diff_old=old,
            diff_new=new,
            labels=_field_labels(),
            conflicts=selectors.single_source_conflicts(resource),
            can_edit=can(user, EDITORS, resource.provider)
            and resource.status != ResourceStatus.WITHDRAWN
            and state != ResourceStatus.SUBMITTED,
            can_submit=own and state in (ResourceStatus.DRAFT, ResourceStatus.RETURNED),
            can_review=is_operator(user) and state == ResourceStatus.SUBMITTED,
            can_withdraw=(own or is_operator(user)) and resource.status != ResourceStatus.WITHDRAWN,
            can_discard=own and resource.revision is not None and state != ResourceStatus.SUBMITTED,
            is_operator=is_operator(user),
        )
        return context

    def post(self, request, *args, **kwargs):
        action, resource, user = request.POST.get("action"), self.resource, request.user
        try:
            if action == "submit":
                services.resource_submit(actor=user, resource=resource)
                messages.success(request, _("Submitted to the platform operator for review."))
            elif action in ("publish", "return"):
                services.resource_review(
                    actor=user, resource=resource, approve=action == "publish", comment=request.POST.get("comment", "")
                )
                messages.success(request, _("Published.") if action == "publish" else _("Returned to the provider."))
            elif action == "withdraw":
                services.resource_withdraw(actor=user, resource=resource, reason=request.POST.get("reason", ""))
                messages.success(request, _("Withdrawn from the catalogue."))
            elif action == "discard":
                services.resource_revision_discard(actor=user, resource=resource)
                messages.success(request, _("The revision was discarded."))
            elif action == "resolve":
                services.single_source_resolve(actor=user, element=request.POST.get("element", ""), source=resource)
                messages.success(request, _("This resource is now the single source of the element."))
            else:
                raise PermissionDenied
        except DomainError as exc:
            messages.error(request, error_text(exc))
        return redirect("catalog_resource", pk=resource.pk)


def _field_labels() -> dict:
    from digigov.catalog.models import Resource

    labels = {f: str(Resource._meta.get_field(f).verbose_name) for f in versions.FIELDS}
    return labels | {"classification": str(Resource._meta.get_field("classification").verbose_name)}


class ResourceFormView(CataloguePage):
    """Create a draft, edit a draft, or revise a published resource, with its items inline."""

    template_name = "catalog/resource_form.html"

    def get_page_title(self):
        return _("Edit resource") if self.resource else _("New catalogue resource")

    def dispatch(self, request, *args, **kwargs):
        self.resource = None
        if "pk" in kwargs:
            try:
                self.resource = selectors.resource_detail(actor=request.user, pk=kwargs["pk"])
            except NotFoundError:
                raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        initial, items = {}, []
        if self.resource is not None:
            copy = services.working_copy(self.resource)
            initial, items = dict(copy["fields"]), copy["items"]
        form = ResourceForm(
            data,
            initial=initial,
            providers=editable_providers(self.request.user),
            editing=self.resource is not None,
        )
        formset = ItemFormSet(data, initial=items, prefix="items")
        return form, formset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in kwargs:
            context["form"], context["formset"] = self.forms()
        context["resource"] = self.resource
        return context

    def post(self, request, *args, **kwargs):
        form, formset = self.forms(request.POST)
        if form.is_valid() and formset.is_valid():
            items = [f.cleaned_data for f in formset if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            for item in items:
                item.pop("DELETE", None)
            fields = {k: v for k, v in form.cleaned_data.items() if k not in ("provider", "classification")}
            try:
                if self.resource is None:
                    resource = services.resource_create(
                        actor=request.user,
                        provider=form.cleaned_data["provider"],
                        classification=form.cleaned_data["classification"],
                        items=items,
                        **fields,
                    )
                else:
                    resource = services.resource_update(
                        actor=request.user, resource=self.resource, items=items, **fields
                    )
            except DomainError as exc:
                for field, errors in exc.fields.items():
                    target = field if field in form.fields else None
                    for error in errors:
                        form.add_error(target, str(error))
                if not exc.fields:
                    form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("Saved."))
                return redirect("catalog_resource", pk=resource.pk)
        return self.render_to_response(self.get_context_data(form=form, formset=formset))


class MountRateView(CataloguePage):
    template_name = "catalog/mount_rate.html"
    page_title = _("Mount rate")
    header_icon = "link"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        per, total = selectors.mount_rates()
        if not is_operator(self.request.user):
            ids = organisation_ids(self.request.user)
            per = [r for r in per if r.organisation_id in ids]
        context.update(rows=per, total=total)
        return context


@require_POST
def reindex(request):
    """Platform administrators rebuild the search index as a background job, then watch its progress page."""
    if not is_platform_admin(request.user):
        raise PermissionDenied
    job = launch(
        tasks.reindex_catalogue,
        owner=request.user,
        organisation=acting_organisation(request.user),
        label=_("Rebuild the catalogue search index"),
    )
    return redirect(job)
