"""Back-office screens of the quarterly sampling inspection (抽查, R8.6): the rounds, and a round's sites with their
findings and the platform operator's actions (check again, comment, draft the report). A site's own unit sees its
own sites' results only."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from digigov.core import audit_actions
from digigov.core.errors import NotFoundError
from digigov.core.staff_pages import StaffPage
from digigov.websites import sampling
from digigov.websites.choices import SamplingAction


class SamplingRoundsView(StaffPage):
    """The rounds of the platforms the staff member's unit operates, or that sampled its sites."""

    template_name = "websites/admin/sampling_rounds.html"
    page_title = _("Sampling inspections")
    header_icon = "search"
    per_page = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        page = Paginator(sampling.rounds_for(user), self.per_page).get_page(self.request.GET.get("p"))
        rows = []
        for sampling_round in page:
            results = list(sampling.sampled_sites_for(user, sampling_round))
            rows.append({
                "round": sampling_round, "quarter": sampling.quarter_name(sampling_round), "results": results,
                "operator": sampling.may_act(user, sampling_round),
                "failed": sum(not result.passed for result in results),
            })  # fmt: skip
        context.update(page=page, rows=rows, query="")
        return context


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment of the platform operator"), required=False,
                              max_length=sampling.COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class ReportForm(forms.Form):
    conclusion = forms.CharField(
        label=_("Conclusion of the platform operator"), max_length=sampling.CONCLUSION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Printed in the report after the overview: what the round shows and what the units must do."),
    )  # fmt: skip


class SamplingRoundView(StaffPage):
    """One round: the sites drawn with their findings (single-veto items marked), pass or fail and score; the
    platform operator checks a site again, comments on it, and drafts the report with its conclusion."""

    template_name = "websites/admin/sampling_round.html"
    header_icon = "search"

    def get_page_title(self):
        return _("Sampling inspection")

    def sampling_round(self):
        return sampling.round_get(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        sampling_round = kwargs.get("sampling_round") or self.sampling_round()
        actions = sampling.ROUND.actions_for(user, sampling_round)
        operator = sampling.may_act(user, sampling_round)
        bound = kwargs.get("bound", {})
        results = [
            (result, bound.get(("comment", result.pk)) or CommentForm(initial={"comment": result.comment},
                                                                      prefix=f"site{result.pk}"))
            for result in sampling.sampled_sites_for(user, sampling_round)
        ]  # fmt: skip
        context.update(
            sampling_round=sampling_round,
            quarter=sampling.quarter_name(sampling_round),
            results=results,
            operator=operator,
            may_recheck=SamplingAction.RECHECK in actions,
            may_comment=SamplingAction.COMMENT in actions,
            may_report=SamplingAction.REPORT in actions,
            report_form=bound.get("report") or ReportForm(initial={"conclusion": sampling_round.conclusion}),
            history=audit_actions.describe_many(sampling.round_history(sampling_round)) if operator else [],
        )
        return context

    def post(self, request, *args, **kwargs):
        sampling_round = self.sampling_round()
        which = request.POST.get("do", "")
        if which == "report":
            form = ReportForm(request.POST)
            done = self.submit(
                form,
                lambda: sampling.round_report(actor=request.user, sampling_round=sampling_round,
                                              conclusion=form.cleaned_data["conclusion"]),
                _("The report is drafted in the library. Check it, then submit it for review; its publication "
                  "publishes the round."),
            )  # fmt: skip
            if done:
                return redirect(reverse("wagtailsnippets_websites_libraryitem:edit", args=[done.item_id]))
            return self.render_to_response(self.get_context_data(sampling_round=sampling_round, bound={"report": form}))
        if not request.POST.get("site", "").isdigit():
            raise NotFoundError()
        sampled = sampling.sampled_site_get(request.user, sampling_round, int(request.POST["site"]))
        if which == "recheck":
            self.act(lambda: sampling.sampled_site_recheck(actor=request.user, sampled=sampled),
                     _("The site is checked again on today's data."))  # fmt: skip
            return redirect(request.path)
        if which == "comment":
            form = CommentForm(request.POST, prefix=f"site{sampled.pk}")
            done = self.submit(
                form,
                lambda: sampling.sampled_site_comment(actor=request.user, sampled=sampled,
                                                      comment=form.cleaned_data["comment"]),
                _("The comment is saved."),
            )  # fmt: skip
            if done:
                return redirect(request.path)
            return self.render_to_response(
                self.get_context_data(sampling_round=sampling_round, bound={("comment", sampled.pk): form})
            )
        raise NotFoundError()
