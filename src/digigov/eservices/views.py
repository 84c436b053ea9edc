"""Service items in the back office (R4.1): list, detail with review and versions, the guide's form, a version."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digigov.core.errors import DomainError, NotFoundError, PermissionDeniedError
from digigov.core.models import Organisation
from digigov.core.permissions import is_platform_admin, organisation_ids
from digigov.core.staff_pages import StaffPage, add_domain_errors
from digigov.eservices import selectors, services
from digigov.eservices.choices import Audience, ItemKind, ItemStatus, OnlineDepth
from digigov.eservices.forms import (
    FeeFormSet,
    ItemActionForm,
    ItemForm,
    MaterialFormSet,
    PartFormSet,
    resource_options,
)
from digigov.eservices.lifecycle import ITEM, ItemAction
from digigov.eservices.models import ServiceItem, Theme
from digigov.eservices.permissions import EDITORS


class ItemsPage(StaffPage):
    header_icon = "list-ul"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("eservices_items"), "label": _("Service items")},
            {"url": "", "label": self.get_page_title()},
        ]


def editable_organisations(user):
    qs = Organisation.objects.filter(is_active=True, parent__isnull=True, uscc__isnull=False)
    if not is_platform_admin(user):
        qs = qs.filter(pk__in=organisation_ids(user, EDITORS))
    return qs.order_by("name")


def _int(value) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


class ItemListView(ItemsPage):
    template_name = "eservices/item_list.html"
    page_title = _("Service items")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        g = self.request.GET
        filters = {
            "organisation": _int(g.get("org", "")),
            "kind": g.get("kind", ""),
            "status": g.get("status", ""),
            "q": g.get("q", "").strip(),
        }
        qs = selectors.item_list(actor=self.request.user, **filters)
        page = Paginator(qs, 25).get_page(g.get("page"))
        query = g.copy()
        query.pop("page", None)
        context.update(
            page=page,
            filters=filters,
            statuses=[*ItemStatus.choices, ("revising", _("Revision in progress"))],
            kinds=ItemKind.choices,
            organisations=Organisation.objects.filter(
                pk__in=selectors.item_visible(self.request.user).values("organisation_id")
            ).order_by("name"),
            can_create=editable_organisations(self.request.user).exists(),
            query=query,
        )
        return context


def _item_for(request, pk: int) -> ServiceItem:
    try:
        return selectors.item_detail(actor=request.user, pk=pk)
    except NotFoundError:
        raise Http404 from None


class ItemDetailView(ItemsPage):
    """One item: its guide, materials, parts and links; submit, review, discard, withdraw; its versions."""

    template_name = "eservices/item_detail.html"

    def get_page_title(self):
        return self.item.name

    def dispatch(self, request, *args, **kwargs):
        self.item = _item_for(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item, user = self.item, self.request.user
        actions = ITEM.actions_for(user, item)
        context.update(
            item=item,
            materials=item.materials.select_related("resource"),
            parts=item.parts.select_related("organisation").prefetch_related("materials"),
            links=item.links.select_related("related"),
            themes=item.themes.all(),
            fees=[f | {"yuan": f.get("amount_fen", 0) / 100} for f in item.fee],
            working=item.revision,
            history=selectors.version_list(item),
            actions=actions,
            can_review=ItemAction.PUBLISH in actions or ItemAction.RETURN in actions,
            needs_process=item.status != ItemStatus.PUBLISHED and not item.process_id,
            form=kwargs.get("form") or ItemActionForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        item, user = self.item, request.user
        form = ItemActionForm(request.POST)
        if not form.is_valid():
            raise PermissionDenied  # only a forged request sends an unknown button
        data = form.cleaned_data
        calls = {
            "submit": (lambda: services.item_submit(actor=user, item=item), _("Submitted to the reviewers.")),
            "publish": (
                lambda: services.item_review(actor=user, item=item, approve=True, comment=data["comment"]),
                _("Published."),
            ),
            "return": (
                lambda: services.item_review(actor=user, item=item, approve=False, comment=data["comment"]),
                _("Returned to the handler."),
            ),
            "discard": (
                lambda: services.item_revision_discard(actor=user, item=item),
                _("The revision was discarded."),
            ),
            "withdraw": (
                lambda: services.item_withdraw(actor=user, item=item, reason=data["reason"]),
                _("Withdrawn from the catalogue."),
            ),
        }
        call, success = calls[data["action"]]
        if self.submit(form, call, success):
            return redirect("eservices_item", pk=item.pk)
        return self.render_to_response(self.get_context_data(form=form))


class ItemFormView(ItemsPage):
    """Create a draft, edit a draft, or revise a published item: the guide with fees, materials and parts."""

    template_name = "eservices/item_form.html"

    def get_page_title(self):
        return _("Edit the guide") if self.item else _("New service item")

    def dispatch(self, request, *args, **kwargs):
        """Only the department's editors see the form: another department may read a published item but gets the
        403 page here; an item whose state allows no edit sends one back to its page with the reason."""
        self.item = None
        if "pk" in kwargs:
            self.item = _item_for(request, kwargs["pk"])
            try:
                ITEM.check(request.user, self.item, ItemAction.EDIT)
            except PermissionDeniedError:
                raise PermissionDenied from None
            except DomainError as exc:
                messages.error(request, str(exc.message))
                return redirect("eservices_item", pk=self.item.pk)
        elif not editable_organisations(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def forms(self, data=None):
        initial, materials, parts, fees = {}, [], [], []
        if self.item is not None:
            copy = services.working_copy(self.item)
            initial = dict(copy["fields"])
            fees = [
                {"name": f["name"], "basis": f["basis"], "amount": f["amount_fen"] / 100}
                for f in initial.pop("fee", [])
            ]
            materials = [m | {"items": "、".join(m["items"])} for m in copy["materials"]]
            parts = [
                p | {"materials": "、".join(p["materials"]), "fields_read": "、".join(p["fields"])}
                for p in copy["parts"]
            ]
        form = ItemForm(
            data,
            initial=initial,
            organisations=editable_organisations(self.request.user),
            actor=self.request.user,
            editing=self.item is not None,
        )
        resources = resource_options()
        return (
            form,
            FeeFormSet(data, initial=fees, prefix="fees"),
            MaterialFormSet(data, initial=materials, prefix="materials", form_kwargs={"resources": resources}),
            PartFormSet(data, initial=parts, prefix="parts"),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in kwargs:
            context["form"], context["fees"], context["materials"], context["parts"] = self.forms()
        context["item"] = self.item
        return context

    def post(self, request, *args, **kwargs):
        form, fees, materials, parts = self.forms(request.POST)
        if all(f.is_valid() for f in (form, fees, materials, parts)):
            material_rows = [(f, f.entry()) for f in materials]
            material_rows = [(f, e) for f, e in material_rows if e]
            part_rows = [(f, f.entry()) for f in parts]
            part_rows = [(f, e) for f, e in part_rows if e]
            fields = {k: v for k, v in form.cleaned_data.items() if k not in ("basic", "organisation")}
            fields["themes"] = [t.code for t in fields["themes"]]
            fields["fee"] = [e for e in (f.entry() for f in fees) if e]
            try:
                if self.item is None:
                    item = services.item_create(
                        actor=request.user,
                        basic=form.cleaned_data["basic"],
                        organisation=form.cleaned_data["organisation"],
                        materials=[e for _f, e in material_rows],
                        parts=[e for _f, e in part_rows],
                        **fields,
                    )
                else:
                    item = services.item_update(
                        actor=request.user,
                        item=self.item,
                        materials=[e for _f, e in material_rows],
                        parts=[e for _f, e in part_rows],
                        **fields,
                    )
            except PermissionDeniedError:
                raise
            except DomainError as exc:
                _place_errors(exc, form, [f for f, _e in material_rows], [f for f, _e in part_rows])
            else:
                messages.success(request, _("Saved."))
                return redirect("eservices_item", pk=item.pk)
        messages.error(request, _("The form has errors; see the fields below."))
        return self.render_to_response(self.get_context_data(form=form, fees=fees, materials=materials, parts=parts))


def _place_errors(exc: DomainError, form, material_forms, part_forms) -> None:
    """A service's errors at their fields: the guide's on the form, `materials.N.x` on the N-th filled row."""
    rest = {}
    for key, field_messages in exc.fields.items():
        prefix, _dot, tail = key.partition(".")
        index, _dot, field = tail.partition(".")
        rows = {"materials": material_forms, "parts": part_forms}.get(prefix)
        if rows is not None and index.isdigit() and int(index) < len(rows):
            target = rows[int(index)]
            field = "fields_read" if field == "fields" else field
            for message in field_messages:
                target.add_error(field if field in target.fields else None, str(message))
        elif key == "fee":
            for message in field_messages:
                form.add_error(None, str(message))
        else:
            rest[key] = field_messages
    if rest or not exc.fields:
        add_domain_errors(form, DomainError(exc.message, fields=rest))


class ItemVersionView(ItemsPage):
    """A published version as it was frozen: what a case that applied under it was told."""

    template_name = "eservices/item_version.html"

    def get_page_title(self):
        return _("Version %(n)s") % {"n": self.version.number}

    def dispatch(self, request, *args, **kwargs):
        self.item = _item_for(request, kwargs["pk"])
        try:
            self.version = selectors.version_get(self.item, kwargs["number"])
        except NotFoundError:
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("eservices_items"), "label": _("Service items")},
            {"url": reverse("eservices_item", args=[self.item.pk]), "label": self.item.name},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        snapshot = self.version.snapshot
        labels = {f.name: f.verbose_name for f in ServiceItem._meta.get_fields() if hasattr(f, "verbose_name")}
        context.update(
            item=self.item,
            version=self.version,
            fields=[
                (labels.get(k, k), _shown(k, v)) for k, v in snapshot["fields"].items() if k not in ("process", "form")
            ],
            materials=snapshot["materials"],
            parts=snapshot["parts"],
        )
        return context


def _shown(field: str, value) -> str:
    """A snapshot value as the detail page words it: choices by label, fees in yuan, themes by name."""
    if field == "audience" and value in Audience.values:
        return str(Audience(value).label)
    if field == "online_depth" and value in OnlineDepth.values:
        return str(OnlineDepth(value).label)
    if field == "mailing_offered":
        return str(_("Yes") if value else _("No"))
    if field == "themes":
        return "、".join(Theme.objects.filter(code__in=value or []).values_list("name", flat=True))
    if field == "fee":
        fees = [
            f"{f.get('name', '')} {f.get('amount_fen', 0) / 100:.2f} {_('yuan')}（{f.get('basis', '')}）" for f in value
        ]
        return "；".join(fees) or str(_("Free of charge"))
    return "" if value is None else str(value)
