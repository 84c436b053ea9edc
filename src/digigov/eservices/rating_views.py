"""Ratings in the back office (政务服务 › 好差评, R4.5): the department's ratings with filters (level, needing
rectification, overdue, appeal), and one rating where the lead department replies and records its return visit
(整改、回访), its leader appeals a wrong or malicious rating (申诉), and the platform operator decides the appeal.
Another department's rating is 404; opening one is recorded (it shows the applicant's name, phone and comment)."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core.models import Organisation
from digigov.core.permissions import can, is_operator, organisation_ids
from digigov.core.staff_pages import StaffPage
from digigov.eservices import rating_selectors
from digigov.eservices.choices import AppealStatus, RatingDimension, RatingLevel
from digigov.eservices.services import ratings


class RatingsPage(StaffPage):
    header_icon = "pick"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("eservices_ratings"), "label": _("Ratings")},
            {"url": "", "label": self.get_page_title()},
        ]


def _int(value) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


class RatingListView(RatingsPage):
    template_name = "eservices/rating_list.html"
    page_title = _("Ratings")
    PAGE = 50

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        g, user = self.request.GET, self.request.user
        level = _int(g.get("level", ""))
        state = g.get("state", "")
        appeal = g.get("appeal", "")
        filters = {
            "level": level if level in RatingLevel.values else None,
            "pending": state == "pending",
            "overdue": state == "overdue",
            "appeal": appeal if appeal in AppealStatus.values else "",
            "organisation": _int(g.get("org", "")),
        }
        qs = rating_selectors.rating_list(user, **filters)
        orgs = Organisation.objects.order_by("name")
        if not is_operator(user):
            orgs = orgs.filter(pk__in=organisation_ids(user))
        context.update(
            rows=list(qs[: self.PAGE]),
            count=qs.count(),
            shown=self.PAGE,
            filters=filters,
            state=state if state in ("pending", "overdue") else "",
            levels=RatingLevel.choices,
            appeals=[c for c in AppealStatus.choices if c[0]],
            organisations=orgs.filter(pk__in=rating_selectors.rating_scope(user).values("organisation_id")),
            today=timezone.localdate(),
            is_operator=is_operator(user),
        )
        return context


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Reply to the applicant: what was wrong and what the department has changed"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    return_visit = forms.CharField(
        label=_("Return visit: when you called the applicant back and what they said"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the rating is wrong or malicious"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AppealDecisionForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Uphold: exclude the rating from the figures")), ("0", _("Dismiss: the rating stands"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reason for the decision"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RatingDetailView(RatingsPage):
    template_name = "eservices/rating_detail.html"

    def get_page_title(self):
        return _("Rating of case %(no)s") % {"no": self.rating.case.number}

    def dispatch(self, request, *args, **kwargs):
        self.pk = kwargs["pk"]
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.rating = rating_selectors.rating_get(request.user, self.pk)
        ratings.rating_opened(actor=request.user, rating=self.rating)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rating, user = self.rating, self.request.user
        lead = can(user, ratings.RECTIFIERS, rating.organisation_id)
        today = timezone.localdate()
        context.update(
            rating=rating,
            case=rating.case,
            dimensions=[RatingDimension(d).label for d in rating.dimensions if d in RatingDimension.values],
            overdue=rating.needs_rectification and rating.due_on is not None and rating.due_on < today,
            can_reply=lead and rating.needs_rectification,
            can_appeal=lead
            and can(user, ratings.APPELLANTS, rating.organisation_id)
            and rating.is_bad
            and not rating.appeal_status
            and today <= ratings.appeal_deadline(rating),
            appeal_deadline=ratings.appeal_deadline(rating) if rating.is_bad else None,
            can_decide=rating.appeal_status == AppealStatus.PENDING and ratings.may_decide_appeal(user, rating),
            reply_form=kwargs.get("reply_form") or ReplyForm(),
            appeal_form=kwargs.get("appeal_form") or AppealForm(),
            decision_form=kwargs.get("decision_form") or AppealDecisionForm(),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.rating = rating_selectors.rating_get(request.user, self.pk)
        rating, user, step = self.rating, request.user, request.POST.get("step", "")
        steps = {
            "reply": ("reply_form", ReplyForm, _("The reply is recorded and the applicant can read it.")),
            "appeal": ("appeal_form", AppealForm, _("The appeal is sent to the platform operator.")),
            "decision": ("decision_form", AppealDecisionForm, _("The decision on the appeal is recorded.")),
        }
        if step not in steps:
            raise PermissionDenied  # only a forged request names another step
        name, form_class, success = steps[step]
        form = form_class(request.POST)

        def call():
            data = form.cleaned_data
            if step == "reply":
                return ratings.rating_reply(
                    actor=user, rating=rating, reply=data["reply"], return_visit=data["return_visit"]
                )
            if step == "appeal":
                return ratings.rating_appeal(actor=user, rating=rating, reason=data["reason"])
            return ratings.rating_appeal_decide(actor=user, rating=rating, upheld=data["upheld"], note=data["note"])

        if self.submit(form, call, success):
            return redirect("eservices_rating_detail", rating.pk)
        return self.render_to_response(self.get_context_data(**{name: form}))
