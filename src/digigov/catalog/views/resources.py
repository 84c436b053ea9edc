"""Catalogue resources in the back office: list, detail with actions and version diff, form, mount rate."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from digigov.catalog import selectors, services, tasks, versions
from digigov.catalog.choices import ResourceStatus, ShareType
from digigov.catalog.lifecycle import RESOURCE, ResourceAction
from digigov.catalog.models import Resource
from digigov.catalog.permissions import APPLICANT_ROLES, EDITORS, is_operator
from digigov.catalog.views.forms import ItemFormSet, ResourceActionForm, ResourceForm, WithdrawForm
from digigov.core.background import launch
from digigov.core.errors import DomainError, NotFoundError, PermissionDeniedError
from digigov.core.models import Organisation
from digigov.core.permissions import acting_organisation, is_platform_admin, organisation_ids
from digigov.core.staff_pages import StaffPage


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
        actions = RESOURCE.actions_for(user, resource)
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
            actions=actions,
            can_review=ResourceAction.PUBLISH in actions or ResourceAction.RETURN in actions,
            is_operator=is_operator(user),
            can_apply=_may_apply(user, resource),
            form=kwargs.get("form") or ResourceActionForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        resource, user = self.resource, request.user
        form = ResourceActionForm(request.POST)
        if not form.is_valid():
            raise PermissionDenied  # only a forged request sends an unknown button
        data, action = form.cleaned_data, form.cleaned_data["action"]
        calls = {
            "submit": (
                lambda: services.resource_submit(actor=user, resource=resource),
                _("Submitted to the platform operator for review."),
            ),
            "publish": (
                lambda: services.resource_review(actor=user, resource=resource, approve=True, comment=data["comment"]),
                _("Published."),
            ),
            "return": (
                lambda: services.resource_review(actor=user, resource=resource, approve=False, comment=data["comment"]),
                _("Returned to the provider."),
            ),
            "discard": (
                lambda: services.resource_revision_discard(actor=user, resource=resource),
                _("The revision was discarded."),
            ),
            "resolve": (
                lambda: services.single_source_resolve(actor=user, element=data["element"], source=resource),
                _("This resource is now the single source of the element."),
            ),
        }
        call, success = calls[action]
        if self.submit(form, call, success):
            return redirect("catalog_resource", pk=resource.pk)
        return self.render_to_response(self.get_context_data(form=form))


def _may_apply(user, resource) -> bool:
    """申请共享 is offered on a published, shareable resource to a handler of another organisation (R1.4); the
    exchange's form decides the rest."""
    if resource.status != ResourceStatus.PUBLISHED or resource.share_type == ShareType.NOT_SHARED:
        return False
    return bool(organisation_ids(user, APPLICANT_ROLES) - {resource.provider_id})


def _field_labels() -> dict:
    labels = {f: str(Resource._meta.get_field(f).verbose_name) for f in versions.FIELDS}
    return labels | {"classification": str(Resource._meta.get_field("classification").verbose_name)}


class ResourceFormView(CataloguePage):
    """Create a draft, edit a draft, or revise a published resource, with its items inline."""

    template_name = "catalog/resource_form.html"

    def get_page_title(self):
        return _("Edit resource") if self.resource else _("New catalogue resource")

    def dispatch(self, request, *args, **kwargs):
        """Only its provider's editors see the form (R1.4): another department may read a published resource but
        gets the 403 page here, and a resource whose state allows no edit sends one back to its page."""
        self.resource = None
        if "pk" in kwargs:
            self.resource, refusal = _resource_for(request, kwargs["pk"], ResourceAction.EDIT)
            if refusal:
                return refusal
        elif not editable_providers(request.user).exists():
            raise PermissionDenied
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
            except PermissionDeniedError:
                raise
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


def _resource_for(request, pk: int, action: str) -> tuple[Resource | None, HttpResponse | None]:
    """The resource `action` is about, if this person may take it: 404 if they cannot see the resource, 403 if it is
    not theirs to act on; if only its state forbids it now, a redirect to its page that says why."""
    try:
        resource = selectors.resource_detail(actor=request.user, pk=pk)
        RESOURCE.check(request.user, resource, action)
    except NotFoundError:
        raise Http404 from None
    except PermissionDeniedError:
        raise PermissionDenied from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return None, redirect("catalog_resource", pk=pk)
    return resource, None


class ResourceWithdrawView(CataloguePage):
    """撤销 asks first, on a page of its own (no inline confirm() under the Content-Security-Policy): what leaves
    the catalogue, and an optional reason kept in the audit ledger."""

    template_name = "catalog/resource_withdraw.html"
    page_title = _("Withdraw from the catalogue")

    def dispatch(self, request, *args, **kwargs):
        self.resource, refusal = _resource_for(request, kwargs["pk"], ResourceAction.WITHDRAW)
        if refusal:
            return refusal
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("catalog_resources"), "label": _("Resource catalogue")},
            {"url": reverse("catalog_resource", args=[self.resource.pk]), "label": self.resource.code},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(resource=self.resource, form=kwargs.get("form") or WithdrawForm())
        return context

    def post(self, request, *args, **kwargs):
        form = WithdrawForm(request.POST)
        done = self.submit(
            form,
            lambda: services.resource_withdraw(
                actor=request.user, resource=self.resource, reason=form.cleaned_data["reason"]
            ),
            _("Withdrawn from the catalogue."),
        )
        if done:
            return redirect("catalog_resource", pk=self.resource.pk)
        return self.render_to_response(self.get_context_data(form=form))


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
