"""Electronic licences in the back office (R6.1), under the 电子证照 menu: the type catalogue (证照目录), hand
issuance (签发证照), the department's licences with each licence's page (versions, history, change, renewal,
cancellation, revocation) and Excel batches.

Every screen asks the services and selectors: another department's licences are not found (404), its types are
read-only, its issuance form refused (403).
"""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from digigov.core import audit_actions
from digigov.core.errors import DomainError, NotFoundError
from digigov.core.models import Organisation
from digigov.core.permissions import is_platform_admin, organisation_ids
from digigov.core.staff_pages import StaffPage, add_domain_errors
from digigov.licenses import qr, selectors, snapshot, tasks
from digigov.licenses.choices import HolderKind, IssueSource, LicenceStatus
from digigov.licenses.models import LicenceType
from digigov.licenses.permissions import CATALOGUE_EDITORS, issuing_organisation_ids
from digigov.licenses.services import batch, issuance, types
from digigov.licenses.staff_forms import (
    BatchForm,
    EndForm,
    LicenceActionForm,
    LicenceFilterForm,
    LicenceTypeForm,
    RenewForm,
    change_form_class,
    issue_form_class,
    item_values,
    items_text,
)


class LicencesPage(StaffPage):
    header_icon = "doc-full"
    section_url_name = "licenses_licences"
    section_label = _("Electronic licences")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


def editable_issuers(user):
    qs = Organisation.objects.filter(is_active=True, uscc__isnull=False).exclude(uscc="")
    if not is_platform_admin(user):
        qs = qs.filter(pk__in=organisation_ids(user, CATALOGUE_EDITORS))
    return qs.filter(parent__isnull=True).order_by("name")


# ------------------------------------------------------------------------------------------------ catalogue


class TypeListView(LicencesPage):
    template_name = "licenses/staff/type_list.html"
    page_title = _("Licence type catalogue")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        q = self.request.GET.get("q", "").strip()[:40]
        page = Paginator(selectors.type_list(actor=user, q=q), 50).get_page(self.request.GET.get("page"))
        editable = set(editable_issuers(user).values_list("pk", flat=True))
        context.update(
            page=page,
            q=q,
            rows=[(t, t.issuer_id in editable) for t in page],
            can_create=bool(editable),
            issuing=issuing_organisation_ids(user),
        )
        return context


class TypeFormView(LicencesPage):
    """A new type of a department the person keeps the catalogue of, or one of its types edited."""

    template_name = "licenses/staff/type_form.html"

    def get_page_title(self):
        return self.licence_type.name if self.licence_type else _("New licence type")

    def dispatch(self, request, *args, **kwargs):
        self.licence_type = None
        if "pk" in kwargs:
            try:
                self.licence_type = selectors.type_by_pk(kwargs["pk"])
            except NotFoundError:
                raise Http404 from None
            if not selectors.type_editable(request.user, self.licence_type):
                raise PermissionDenied
        elif not editable_issuers(request.user).exists():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        initial = {}
        t = self.licence_type
        if t is not None:
            initial = {
                "name": t.name,
                "holder_kind": t.holder_kind,
                "items": items_text(t.items),
                "validity_years": t.validity_years,
                "trust_grade": t.trust_grade,
                "title": t.appearance.get("title", ""),
                "colour": t.appearance.get("colour", "#b22222"),
                "is_active": t.is_active,
            }
        return LicenceTypeForm(
            data, initial=initial, issuers=editable_issuers(self.request.user), editing=t is not None
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=kwargs.get("form") or self.form(), licence_type=self.licence_type)
        return context

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)

        def save():
            d = form.cleaned_data
            return types.licence_type_save(
                actor=request.user,
                licence_type=self.licence_type,
                issuer=d.get("issuer") or self.licence_type.issuer,
                name=d["name"],
                holder_kind=d["holder_kind"],
                items=d["items"],
                validity_years=d["validity_years"],
                trust_grade=d["trust_grade"],
                appearance={"title": d["title"], "colour": d["colour"]},
                is_active=d["is_active"],
            )

        saved = self.submit(form, save, _("Licence type saved."))
        if saved:
            return redirect("licenses_type", pk=saved.pk)
        return self.render_to_response(self.get_context_data(form=form))


class TypeDetailView(LicencesPage):
    """A type as every staff member reads it; its department's editors get the edit button, its issuers the
    batch template."""

    template_name = "licenses/staff/type_detail.html"

    def get_page_title(self):
        return self.licence_type.name

    def dispatch(self, request, *args, **kwargs):
        try:
            self.licence_type = selectors.type_by_pk(kwargs["pk"])
        except NotFoundError:
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        t = self.licence_type
        context.update(
            licence_type=t,
            common=snapshot.COMMON_ITEMS,
            editable=selectors.type_editable(self.request.user, t),
            issuing=t.issuer_id in issuing_organisation_ids(self.request.user),
        )
        return context


class TypeTemplateView(LicencesPage):
    """The batch template of a type (its columns), for the department that issues it."""

    def get(self, request, *args, **kwargs):
        try:
            licence_type = selectors.type_by_pk(kwargs["pk"])
        except NotFoundError:
            raise Http404 from None
        if licence_type.issuer_id not in issuing_organisation_ids(request.user):
            raise PermissionDenied
        response = HttpResponse(
            batch.template(licence_type),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="licence-batch-{licence_type.code}.xlsx"'
        return response


# ------------------------------------------------------------------------------------------------ issuance


class IssueView(LicencesPage):
    """签发证照: choose one of the department's types, then fill in the licence (common fields and the type's items)."""

    template_name = "licenses/staff/issue.html"
    page_title = _("Issue a licence")

    def dispatch(self, request, *args, **kwargs):
        self.types = selectors.types_issued_by(request.user)
        if not self.types.exists() and not issuing_organisation_ids(request.user):
            raise PermissionDenied
        chosen = request.GET.get("type", "")  # the form posts back to its own address, ?type= included
        self.licence_type = None
        if chosen.isdigit() and len(chosen) < 10:
            self.licence_type = self.types.filter(pk=int(chosen)).first()
            if self.licence_type is None:
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form(self, data=None):
        if self.licence_type is None:
            return None
        case = self.request.GET.get("case", "")[:40]
        initial = {"issued_on": issuance.timezone.localdate(), "valid_from": issuance.timezone.localdate()}
        if case:
            initial["number"] = case
        return issue_form_class(self.licence_type)(data, initial=initial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            types=self.types,
            licence_type=self.licence_type,
            form=kwargs.get("form") or self.form(),
            person=self.licence_type is not None and self.licence_type.holder_kind == HolderKind.PERSON,
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.licence_type is None:
            raise PermissionDenied
        form = self.form(request.POST)

        def issue():
            d = form.cleaned_data
            return issuance.issue(
                actor=request.user,
                licence_type=self.licence_type,
                holder_name=d["holder_name"],
                holder_code=d["holder_code"],
                number=d["number"],
                issued_on=d["issued_on"],
                valid_from=d["valid_from"],
                valid_until=d["valid_until"],
                data=item_values(self.licence_type, d),
                source=IssueSource.HAND,
            )

        licence = self.submit(form, issue, _("Licence issued and sealed."))
        if licence:
            return redirect("licenses_licence", pk=licence.pk)
        return self.render_to_response(self.get_context_data(form=form))


# ------------------------------------------------------------------------------------------------ licences


class LicenceListView(LicencesPage):
    template_name = "licenses/staff/licence_list.html"
    page_title = _("Licences issued")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = LicenceFilterForm(self.request.GET)
        filters = form.cleaned_data if form.is_valid() else {"q": "", "status": "", "type": None}
        qs = selectors.licence_list(
            actor=user, q=filters["q"] or "", status=filters["status"] or "", licence_type=filters["type"]
        )
        page = Paginator(qs, 25).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            page=page,
            rows=[(lc, qr.mask(lc.holder_code)) for lc in page],
            filters=filters,
            statuses=LicenceStatus.choices,
            types=LicenceType.objects.filter(issuer_id__in=issuing_organisation_ids(user)).order_by("code"),
            query=query,
            can_issue=bool(issuing_organisation_ids(user)),
        )
        return context


class LicenceDetailView(LicencesPage):
    """One licence: its data as signed, versions with identifiers, history, and the issuer's actions. Opening it
    is recorded: it holds the holder's personal data (R0.4)."""

    template_name = "licenses/staff/licence_detail.html"

    def get_page_title(self):
        return f"{self.licence.licence_type.name} {self.licence.number}"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.licence = selectors.licence_get(actor=request.user, pk=kwargs["pk"])
        except NotFoundError:
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        issuance.licence_opened(actor=request.user, licence=self.licence)
        return super().get(request, *args, **kwargs)

    def forms(self, posted=None, data=None):
        lc = self.licence
        change_initial = {"holder_name": lc.holder_name} | {f"data.{k}": v for k, v in lc.data.items()}
        forms = {
            "change": change_form_class(lc.licence_type)(initial=change_initial, prefix="change"),
            "renew": RenewForm(initial={"valid_from": lc.valid_until or lc.valid_from}, prefix="renew"),
            "cancel": EndForm(prefix="cancel"),
            "revoke": EndForm(prefix="revoke"),
        }
        if posted:
            forms[posted] = data
        return forms

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lc = self.licence
        current = selectors.versions_of(lc).first()
        context.update(
            licence=lc,
            rows=snapshot.rows(current.snapshot) if current else [],
            versions=selectors.versions_of(lc),
            history=audit_actions.describe_many(selectors.licence_history(lc)),
            valid=lc.status == LicenceStatus.VALID,
            forms=kwargs.get("forms") or self.forms(),
        )
        return context

    def post(self, request, *args, **kwargs):
        lc, user = self.licence, request.user
        chosen = LicenceActionForm(request.POST)
        if not chosen.is_valid():
            raise PermissionDenied  # only a forged request sends an unknown action
        action = chosen.cleaned_data["action"]
        if action == "change":
            form = change_form_class(lc.licence_type)(request.POST, prefix="change")

            def call():
                d = form.cleaned_data
                return issuance.change(
                    actor=user,
                    licence=lc,
                    reason=d["reason"],
                    holder_name=d["holder_name"],
                    data=item_values(lc.licence_type, d),
                )

            success = _("Changed: a new version was issued and sealed.")
        elif action == "renew":
            form = RenewForm(request.POST, prefix="renew")

            def call():
                d = form.cleaned_data
                return issuance.renew(
                    actor=user, licence=lc, valid_from=d["valid_from"], valid_until=d["valid_until"], reason=d["reason"]
                )

            success = _("Renewed: a new version was issued and sealed.")
        elif action in ("cancel", "revoke"):
            form = EndForm(request.POST, prefix=action)
            service = issuance.cancel if action == "cancel" else issuance.revoke

            def call():
                return service(actor=user, licence=lc, reason=form.cleaned_data["reason"])

            success = _("The licence was cancelled.") if action == "cancel" else _("The licence was revoked.")
        else:
            raise PermissionDenied  # only a forged request sends an unknown action
        if self.submit(form, call, success):
            return redirect("licenses_licence", pk=lc.pk)
        return self.render_to_response(self.get_context_data(forms=self.forms(action, form), open_form=action))


# ------------------------------------------------------------------------------------------------ batches


class BatchView(LicencesPage):
    """An Excel batch of one type: download its template, upload it filled in; a job issues all rows or none."""

    template_name = "licenses/staff/batch.html"
    page_title = _("Batch issuance")

    def dispatch(self, request, *args, **kwargs):
        self.types = selectors.types_issued_by(request.user)
        if not issuing_organisation_ids(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=kwargs.get("form") or BatchForm(types=self.types), types=self.types)
        return context

    def post(self, request, *args, **kwargs):
        form = BatchForm(request.POST, request.FILES, types=self.types)
        if form.is_valid():
            try:
                job = tasks.batch_import_start(
                    actor=request.user, licence_type=form.cleaned_data["licence_type"], upload=form.cleaned_data["file"]
                )
            except DomainError as exc:
                add_domain_errors(form, exc)
            else:
                return redirect(job)
        return self.render_to_response(self.get_context_data(form=form))
