"""Cases in the back office (R4.2, R4.6): each department's queue sorted by deadline, and the case screen where the
lead accepts, refuses acceptance or asks for a supplement, reviewers and joint parts give opinions, the leader
decides and the window concludes. The buttons shown are the open tasks of the case this person may do."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core.calendar import working_days_between
from digigov.core.models import Organisation
from digigov.core.permissions import is_platform_admin, organisation_ids
from digigov.core.rules import rule
from digigov.core.staff_pages import StaffPage
from digigov.eservices import case_extras, case_selectors, counter_selectors
from digigov.eservices.choices import CaseStatus, Channel, Provision, TaskKind
from digigov.eservices.services import cases
from digigov.forms import api as forms_api
from digigov.licenses import api as licenses_api


class CasesPage(StaffPage):
    header_icon = "tasks"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("eservices_cases"), "label": _("Cases")},
            {"url": "", "label": self.get_page_title()},
        ]


def _int(value) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


class CaseListView(CasesPage):
    """The department's queue: one row per case and part, the nearest deadline first."""

    template_name = "eservices/case_list.html"
    page_title = _("Cases")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        g, user = self.request.GET, self.request.user
        status = g.get("status", case_selectors.RUNNING_FILTER)
        if status not in (*CaseStatus.values, case_selectors.RUNNING_FILTER):
            status = ""
        filters = {"status": status, "organisation": _int(g.get("org", "")), "q": g.get("q", "").strip()[:40]}
        page = case_selectors.part_page(user, number=_int(g.get("page", "")) or 1, **filters)
        line = case_selectors.warning_line()
        orgs = Organisation.objects.order_by("name")
        if not is_platform_admin(user):
            orgs = orgs.filter(pk__in=organisation_ids(user))
        query = g.copy()
        query.pop("page", None)
        context.update(
            page=page,
            rows=[(p, case_selectors.clock(p.case, line=line)) for p in page],
            filters=filters,
            statuses=[
                (case_selectors.RUNNING_FILTER, _("Being worked on")),
                *[s for s in CaseStatus.choices if s[0] != CaseStatus.DRAFT],
            ],
            organisations=orgs,
            query=query,
        )
        return context


class AcceptanceForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", "accept"), ("reject", "reject")])
    reason = forms.CharField(
        label=_("Reason and legal basis"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the application is not accepted."),
    )


class SupplementForm(forms.Form):
    missing = forms.CharField(
        label=_("Everything the applicant must supply, one per line"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One line per material or problem, for example: 身份证明：扫描件不清晰"),
    )
    note = forms.CharField(label=_("Note to the applicant"), required=False, max_length=2000, widget=forms.Textarea)


class ReviewForm(forms.Form):
    agreed = forms.TypedChoiceField(
        label=_("Opinion"),
        choices=[("1", _("Agree")), ("0", _("Disagree"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    opinion = forms.CharField(label=_("Review opinion"), required=False, max_length=2000, widget=forms.Textarea)


class DecisionForm(forms.Form):
    approved = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason and legal basis"),
        required=False,
        max_length=2000,
        widget=forms.Textarea,
        help_text=_("Required for a refusal."),
    )


class OverdueForm(forms.Form):
    overdue_reason = forms.CharField(label=_("Reason for the delay"), max_length=300)


def _missing(text: str) -> list[dict]:
    rows = []
    for line in (text or "").splitlines():
        name, _sep, why = line.strip().replace(":", "：").partition("：")
        if name.strip():
            rows.append({"name": name.strip(), "reason": why.strip()})
    return rows


class CaseDetailView(CasesPage):
    template_name = "eservices/case_detail.html"

    def get_page_title(self):
        return _("Case %(no)s") % {"no": self.view.case.number}

    def dispatch(self, request, *args, **kwargs):
        self.view = None
        self.pk = kwargs["pk"]
        return super().dispatch(request, *args, **kwargs)

    def _load(self):
        self.view = case_selectors.staff_case_get(self.request.user, self.pk)

    def get(self, request, *args, **kwargs):
        self._load()
        cases.case_opened(actor=request.user, case=self.view.case, organisation_id=self.view.parts[0].organisation_id)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        view, user = self.view, self.request.user
        case = view.case
        tasks = cases.actor_tasks(user, case)
        kinds = {cases.task_kind(t.element_id) for t in tasks}
        colour = case_selectors.clock(case)
        context.update(
            case=case,
            view=view,
            answers=forms_api.answers(case.form_version, view.answers) if case.form_version_id else [],
            tasks=tasks,
            kinds=kinds,
            clock=colour,
            days_used=case_selectors.days_used(case),
            acceptance_form=kwargs.get("acceptance_form") or AcceptanceForm(),
            supplement_form=kwargs.get("supplement_form") or SupplementForm(),
            can_ask_supplement=any(not t.part for t in tasks),
            review_form=kwargs.get("review_form") or ReviewForm(),
            decision_form=kwargs.get("decision_form") or DecisionForm(),
            overdue_form=kwargs.get("overdue_form") or OverdueForm(initial={"overdue_reason": case.overdue_reason}),
            can_explain=view.lead and colour == case_selectors.Clock.RED,
            counter=case.channel in (Channel.COUNTER, Channel.ASSISTED),
            task_kinds=TaskKind,
            licences=licenses_api.licences_for_case(case.number or ""),
        )
        for material in view.materials:  # an e-licence in place of a material: checked now, shown inline (R6.2)
            if material.provided == Provision.LICENCE and case.number:
                material.licence = licenses_api.licence_in_case(
                    identifier=material.source_ref, case_number=case.number, organisation_id=case.organisation_id
                )
        context.update(case_extras.staff_extras(self.request, view, kwargs))  # fees and mailing (R4.7)
        context.update(counter_selectors.staff_counter_context(case, lead=view.lead))
        return context

    def post(self, request, *args, **kwargs):
        self._load()
        case, user, step = self.view.case, request.user, request.POST.get("step", "")
        forms_by_step = {
            "acceptance": ("acceptance_form", AcceptanceForm),
            "supplement": ("supplement_form", SupplementForm),
            "review": ("review_form", ReviewForm),
            "decision": ("decision_form", DecisionForm),
            "overdue": ("overdue_form", OverdueForm),
        }
        if step == "conclude":
            self.act(lambda: cases.case_conclude(actor=user, case=case), _("The case is concluded."))
            return redirect("eservices_case_detail", case.pk)
        if step not in forms_by_step:
            raise PermissionDenied  # only a forged request names another step
        name, form_class = forms_by_step[step]
        form = form_class(request.POST)
        call, success = self._call(step, form, user, case)
        if self.submit(form, call, success):
            return redirect("eservices_case_detail", case.pk)
        return self.render_to_response(self.get_context_data(**{name: form}))

    def _call(self, step, form, user, case):
        def data():
            return form.cleaned_data

        if step == "acceptance":

            def acceptance():
                action = data()["action"]
                if action == "accept":
                    return cases.case_accept(actor=user, case=case)
                return cases.case_reject(actor=user, case=case, reason=data()["reason"])

            return acceptance, _("Done: the case moved on.")
        if step == "supplement":
            return (
                lambda: cases.case_request_supplement(
                    actor=user, case=case, missing=_missing(data()["missing"]), note=data()["note"]
                ),
                _("The supplement notice is sent to the applicant; the clock stops until they answer."),
            )
        if step == "review":
            return (
                lambda: cases.case_review(actor=user, case=case, agreed=data()["agreed"], opinion=data()["opinion"]),
                _("Your opinion is recorded."),
            )
        if step == "decision":
            return (
                lambda: cases.case_decide(actor=user, case=case, approved=data()["approved"], reason=data()["reason"]),
                _("The decision is recorded."),
            )
        return (
            lambda: cases.overdue_reason_set(actor=user, case=case, reason=data()["overdue_reason"]),
            _("The reason is recorded."),
        )


class MonitorView(CasesPage):
    """电子监察 (R4.6): per department the cases accepted and concluded, the on-time rate and the clock colours of
    running cases; the overdue list with the reasons the departments gave; 企业开办 end to end, part by part (R4.4)."""

    template_name = "eservices/monitor.html"
    page_title = _("Efficiency monitor")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rows = case_selectors.monitor_rows(user)
        context.update(
            rows=rows,
            total=case_selectors.MonitorRow(
                0,
                str(_("All")),
                *[
                    sum(getattr(r, f) for r in rows)
                    for f in ("accepted", "concluded", "on_time", "timed", "running", "yellow", "red")
                ],
            ),
            overdue=[
                (c, max(1, working_days_between(c.due_on, timezone.localdate())))
                for c in case_selectors.overdue_cases(user)
            ],
            startups=case_selectors.startup_clocks(user),
            startup_days=rule("eservices.business_startup_days"),
            warning_days=rule("eservices.warning_working_days"),
        )
        return context
