"""Back-office screens of the website cluster beyond Wagtail's own: where a library item is used, and placing it
in a column of a site the editor runs (先入库、后使用, R8.1)."""

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from digigov.core import audit_actions
from digigov.core.calendar import deadline_state
from digigov.core.choices import DivisionLevel, OrganisationKind
from digigov.core.errors import NotFoundError
from digigov.core.models import Division, Organisation
from digigov.core.permissions import organisation_ids
from digigov.core.rules import rule
from digigov.core.staff_pages import StaffPage
from digigov.websites import disclosure, interaction, messages, selectors, services, site_lifecycle
from digigov.websites.choices import (
    ApplicationAction,
    DisclosureState,
    ItemKind,
    MessageKind,
    MessageState,
    RefusalBasis,
    ReplyType,
    SiteAction,
    SiteKind,
    SiteState,
)
from digigov.websites.lifecycle import APPLICANTS, APPLICATION, SITE
from digigov.websites.models import ColumnPage, Placement, SiteProfile


def column_labels(columns) -> list:
    """“湖北省人民政府 › 信息公开 › 政策文件”: the site, then the column's place in its tree."""
    titles = {column.pk: column.title for _profile, column in columns}
    labels = []
    for profile, column in columns:
        path = [column.path[: i * ColumnPage.steplen] for i in range(3, column.depth + 1)]
        names = [
            titles.get(pk, "")
            for pk in ColumnPage.objects.filter(path__in=path).order_by("path").values_list("pk", flat=True)
        ]
        labels.append((column, " › ".join([profile.name, *names])))
    return labels


class PlaceForm(forms.Form):
    column = forms.TypedChoiceField(label=_("Column"), coerce=int)
    pinned = forms.BooleanField(label=_("Pin to the top of the column"), required=False)
    review_basis = forms.CharField(
        label=_("Confidentiality review (for a repost)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Another unit's item is a repost (转载): a reviewer of your unit states the basis of the "
                    "confidentiality review, e.g. 经审查，不涉及国家秘密和工作秘密，同意转载。"),
    )  # fmt: skip

    def __init__(self, *args, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = {column.pk: column for _profile, column in columns}
        self.fields["column"].choices = [(column.pk, label) for column, label in column_labels(columns)]


class SharedLibraryFilter(forms.Form):
    q = forms.CharField(label=_("Title or document number"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *ItemKind.choices])


class SharedLibraryView(StaffPage):
    """The whole library's published items, from every unit: what an editor may place on their own site."""

    template_name = "websites/admin/shared_library.html"
    page_title = _("Shared library")
    header_icon = "doc-full-inverse"
    per_page = 30

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = SharedLibraryFilter(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        items = selectors.shared_library(query=data.get("q", ""), kind=data.get("kind", ""))
        page = Paginator(items, self.per_page).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(form=form, page=page, query=query.urlencode())
        return context


class ItemPlacementsView(StaffPage):
    template_name = "websites/admin/item_placements.html"
    page_title = _("Where the item is used")
    header_icon = "doc-full"

    def item(self):
        item = selectors.item_for_placing(self.request.user, self.kwargs["pk"])
        if item is None:
            raise NotFoundError()
        return item

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = kwargs.get("item") or self.item()
        columns = selectors.editable_columns(self.request.user)
        editable = {column.pk for _profile, column in columns}
        placements = list(selectors.item_placements(item))
        for placement in placements:
            site = placement.column.get_site()
            placement.site_name = getattr(getattr(site, "profile", None), "name", "") or str(site or "")
            placement.public_url = f"{placement.column.full_url}{item.pk}/" if placement.withdrawn_at is None else ""
            placement.may_withdraw = placement.column_id in editable and placement.withdrawn_at is None
        context.update(
            item=item,
            placements=placements,
            form=kwargs.get("form") or PlaceForm(columns=columns),
            may_place=bool(columns),
            edit_url=reverse("wagtailsnippets_websites_libraryitem:edit", args=[item.pk]),
        )
        return context

    def post(self, request, *args, **kwargs):
        item = self.item()
        if "withdraw" in request.POST:
            placement = Placement.objects.filter(item=item, pk=request.POST.get("withdraw")).first()
            if placement is None:
                raise NotFoundError()
            self.act(
                lambda: services.placement_withdraw(actor=request.user, placement=placement),
                _("Taken out of the column."),
            )
            return redirect(request.path)
        form = PlaceForm(request.POST, columns=selectors.editable_columns(request.user))
        done = self.submit(
            form,
            lambda: services.item_place(
                actor=request.user,
                item=item,
                column=form.columns[form.cleaned_data["column"]],
                pinned=form.cleaned_data["pinned"],
                review_basis=form.cleaned_data["review_basis"],
            ),
            _("Placed in the column."),
        )
        if done:
            return redirect(request.path)
        return self.render_to_response(self.get_context_data(item=item, form=form))


class LetterFilter(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All")), *MessageState.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *MessageKind.choices])


class LettersView(StaffPage):
    """The letters the staff member's units answer (政民互动): the oldest open one first, with its answer date."""

    template_name = "websites/admin/letters.html"
    page_title = _("Citizens' letters")
    header_icon = "mail"
    per_page = 30

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = LetterFilter(self.request.GET or None)
        letters = messages.messages_for(self.request.user).order_by("state", "due_on", "pk")
        if form.is_valid():
            for name in ("state", "kind"):
                if form.cleaned_data[name]:
                    letters = letters.filter(**{name: form.cleaned_data[name]})
        page = Paginator(letters, self.per_page).get_page(self.request.GET.get("p"))
        today = timezone.localdate()
        for letter in page:
            letter.deadline = deadline_state(letter.due_on if letter.state == MessageState.RECEIVED else None, today)
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(form=form, page=page, query=query.urlencode())
        return context


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 8}), max_length=4000)


class LetterView(StaffPage):
    """One letter with its writer's name and number (the reading is in the ledger) and the unit's reply."""

    template_name = "websites/admin/letter.html"
    header_icon = "mail"

    def letter(self):
        letter = messages.message_for_staff(self.request.user, self.kwargs["pk"])
        if letter is None:
            raise NotFoundError()
        return letter

    def get_page_title(self):
        return _("Citizen's letter")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(letter=kwargs.get("letter") or self.letter(), form=kwargs.get("form") or ReplyForm())
        return context

    def post(self, request, *args, **kwargs):
        letter = self.letter()
        if request.POST.get("action") == "transfer":  # 转12345热线 (R5.1)
            done = self.act(
                lambda: messages.message_to_hotline(actor=request.user, message=letter),
                lambda result: (
                    _("The letter is transferred to the 12345 hotline as ticket %(number)s.")
                    % {"number": result.ticket_number}
                ),
            )
            return redirect(
                reverse("websites_letter", args=[letter.pk]) if done is None else reverse("websites_letters")
            )
        form = ReplyForm(request.POST)
        done = self.submit(
            form,
            lambda: messages.message_reply(actor=request.user, message=letter, reply=form.cleaned_data["reply"]),
            _("The reply is sent and, if the writer agreed, published."),
        )
        if done:
            return redirect(reverse("websites_letters"))
        return self.render_to_response(self.get_context_data(letter=letter, form=form))


# -- the site lifecycle (R8.5) ----------------------------------------------------------------------------------


class ApplicationFilter(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"), required=False, choices=[("", _("All I may see")), ("mine", _("Waiting for my decision"))]
    )


class SiteApplicationsView(StaffPage):
    """网站开设与关停: the applications of the staff member's units and those they decide; the operator sees all."""

    template_name = "websites/admin/site_applications.html"
    page_title = _("Opening and closing sites")
    header_icon = "site"
    per_page = 30

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = ApplicationFilter(self.request.GET or None)
        mine = form.is_valid() and form.cleaned_data["show"] == "mine"
        rows = site_lifecycle.applications_for(self.request.user, pending_mine=mine)
        page = Paginator(rows, self.per_page).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            form=form, page=page, query=query.urlencode(),
            may_open=bool(organisation_ids(self.request.user, APPLICANTS)),
            may_close=site_lifecycle.site_choices_to_close(self.request.user).exists(),
        )  # fmt: skip
        return context


class OpenApplicationForm(forms.Form):
    organiser = forms.ModelChoiceField(label=_("Organiser"), queryset=Organisation.objects.none())
    name = forms.CharField(label=_("Name of the site"), max_length=100)
    site_kind = forms.ChoiceField(label=_("Kind"), choices=SiteKind.choices)
    hostname = forms.CharField(label=_("Host name"), max_length=255, help_text=_("e.g. jyt.hubei.gov.cn"))
    platform = forms.ModelChoiceField(label=_("Hosting platform"), queryset=Division.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        units = Organisation.objects.filter(pk__in=organisation_ids(actor, APPLICANTS)).exclude(
            kind=OrganisationKind.INTERNAL_UNIT
        )
        self.fields["organiser"].queryset = units
        if len(units) == 1:
            self.fields["organiser"].initial = units[0].pk
        self.fields["platform"].queryset = Division.objects.filter(
            level__in=[DivisionLevel.PROVINCE, DivisionLevel.CITY]
        )


class CloseApplicationForm(forms.Form):
    site = forms.ModelChoiceField(label=_("Site to close"), queryset=SiteProfile.objects.none())
    receiving_site = forms.ModelChoiceField(
        label=_("Receiving site (接收网站)"), queryset=SiteProfile.objects.filter(state=SiteState.RUNNING)
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = site_lifecycle.site_choices_to_close(actor)


class SiteApplyView(StaffPage):
    """The form of an application to open (kind="open") or close (kind="close") a site."""

    template_name = "websites/admin/site_apply.html"
    header_icon = "site"
    kind = "open"

    def get_page_title(self):
        return _("Apply to open a site") if self.kind == "open" else _("Apply to close a site")

    def form(self, data=None):
        form_class = OpenApplicationForm if self.kind == "open" else CloseApplicationForm
        return form_class(data, actor=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=kwargs.get("form") or self.form(), kind=self.kind)
        return context

    def post(self, request, *args, **kwargs):
        form = self.form(request.POST)
        if self.kind == "open":
            call = lambda: site_lifecycle.application_open(actor=request.user, **form.cleaned_data)  # noqa: E731
        else:
            call = lambda: site_lifecycle.application_close(actor=request.user, **form.cleaned_data)  # noqa: E731
        application = self.submit(form, call, _("Submitted to the competent authority."))
        if application:
            return redirect(reverse("websites_site_application", args=[application.pk]))
        return self.render_to_response(self.get_context_data(form=form))


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Opinion (required to refuse)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


class SiteApplicationView(StaffPage):
    """One application: what was asked, where it stands, its history, and the decisions this person may take."""

    template_name = "websites/admin/site_application.html"
    header_icon = "site"

    def get_page_title(self):
        return _("Site application")

    def application(self):
        return site_lifecycle.application_get(self.request.user, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = kwargs.get("application") or self.application()
        user = self.request.user
        site = application.site
        context.update(
            application=application,
            actions=APPLICATION.actions_for(user, application),
            may_finish=site is not None and SITE.may(user, site, SiteAction.FINISH),
            form=kwargs.get("form") or DecisionForm(),
            history=audit_actions.describe_many(site_lifecycle.application_history(application)),
        )
        return context

    def post(self, request, *args, **kwargs):
        application = self.application()
        form = DecisionForm(request.POST)
        action = request.POST.get("action")
        if action == "finish" and application.site is not None:
            done = self.act(
                lambda: site_lifecycle.site_close_finish(actor=request.user, site=application.site),
                _("The site is closed; its site ID code is retired."),
            )
        elif action == ApplicationAction.APPROVE:
            done = self.submit(
                form,
                lambda: site_lifecycle.application_approve(
                    actor=request.user, application=application, comment=form.cleaned_data["comment"]
                ),
                _("Approved."),
            )
        elif action == ApplicationAction.REFUSE:
            done = self.submit(
                form,
                lambda: site_lifecycle.application_refuse(
                    actor=request.user, application=application, reason=form.cleaned_data["comment"]
                ),
                _("Refused; the applicant is told why."),
            )
        else:
            raise NotFoundError()
        if done:
            return redirect(request.path)
        return self.render_to_response(self.get_context_data(application=application, form=form))


class SolicitationsView(StaffPage):
    """The opinion solicitations of the staff member's sites, with how many opinions each received."""

    template_name = "websites/admin/solicitations.html"
    page_title = _("Opinion solicitations")
    header_icon = "comment"
    per_page = 30

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(interaction.solicitations_for(self.request.user), self.per_page).get_page(
            self.request.GET.get("p")
        )
        context.update(page=page, query="")
        return context


class SolicitationOpinionsView(StaffPage):
    """Every opinion sent on one solicitation, with the sender's name and number (the reading is in the ledger)."""

    template_name = "websites/admin/solicitation.html"
    header_icon = "comment"

    def get_page_title(self):
        return _("Opinions received")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        found = interaction.comments_for_staff(self.request.user, self.kwargs["pk"])
        if found is None:
            raise NotFoundError()
        context.update(solicitation=found[0], comments=found[1])
        return context


# -- applications for disclosure (依申请公开, R8.8) ---------------------------------------------------------------


class DisclosureFilter(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All")), *DisclosureState.choices])


class DisclosureApplicationsView(StaffPage):
    """The applications for disclosure the staff member's units answer (依申请公开): open ones first, by due date."""

    template_name = "websites/admin/disclosure_applications.html"
    page_title = _("Applications for disclosure")
    header_icon = "doc-full"
    per_page = 30

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = DisclosureFilter(self.request.GET or None)
        found = disclosure.open_first(disclosure.applications_for(self.request.user))
        if form.is_valid() and form.cleaned_data["state"]:
            found = found.filter(state=form.cleaned_data["state"])
        page = Paginator(found, self.per_page).get_page(self.request.GET.get("p"))
        today = timezone.localdate()
        for application in page:
            open_ = application.state == DisclosureState.RECEIVED
            application.deadline = deadline_state(application.due_on if open_ else None, today)
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(form=form, page=page, query=query.urlencode())
        return context


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Extend by (working days)"), min_value=1, max_value=60)
    reason = forms.CharField(label=_("Reason for the extension"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=1000)  # fmt: skip


class CorrectionForm(forms.Form):
    missing = forms.CharField(label=_("What is missing or unclear"), widget=forms.Textarea(attrs={"rows": 3}),
                              max_length=2000)  # fmt: skip


class DisclosureReplyForm(forms.Form):
    reply_type = forms.ChoiceField(label=_("Type of reply"), choices=ReplyType.choices)
    reply_basis = forms.ChoiceField(label=_("Legal basis (partly disclosed or not disclosed)"), required=False,
                                    choices=[("", "—"), *RefusalBasis.choices])  # fmt: skip
    responsible_body = forms.CharField(label=_("Body responsible (not this body's to disclose)"), required=False,
                                       max_length=100)  # fmt: skip
    reply_text = forms.CharField(label=_("Reply text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=4000,
                                 help_text=_("For a disclosure, the information or the address where it is "
                                             "published."))  # fmt: skip


class DisclosureApplicationView(StaffPage):
    """One application with its applicant's personal data (the reading is in the ledger) and the actions the
    lifecycle allows this person now: extend, request a correction, reply."""

    template_name = "websites/admin/disclosure_application.html"
    header_icon = "doc-full"
    action_forms = {"extend": ExtendForm, "correction": CorrectionForm, "reply": DisclosureReplyForm}

    def application(self):
        application = disclosure.application_for_staff(self.request.user, self.kwargs["pk"])
        if application is None:
            raise NotFoundError()
        return application

    def get_page_title(self):
        return _("Application for disclosure")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = kwargs.get("application") or self.application()
        actions = disclosure.APPLICATION.actions_for(self.request.user, application)
        bound = kwargs.get("bound", {})
        context.update(
            application=application,
            extend_form=bound.get("extend") or ExtendForm(initial={"days": rule("websites.disclosure_extension_days")}),
            correction_form=bound.get("correction") or CorrectionForm(),
            reply_form=bound.get("reply") or DisclosureReplyForm(),
            may_extend="extend" in actions,
            may_request_correction="request_correction" in actions,
            may_reply="reply" in actions,
        )
        return context

    def post(self, request, *args, **kwargs):
        application = self.application()
        which = request.POST.get("do", "")
        if which not in self.action_forms:
            raise NotFoundError()
        form = self.action_forms[which](request.POST)
        calls = {
            "extend": lambda: disclosure.application_extend(actor=request.user, application=application,
                                                            **form.cleaned_data),
            "correction": lambda: disclosure.application_request_correction(actor=request.user,
                                                                            application=application,
                                                                            **form.cleaned_data),
            "reply": lambda: disclosure.application_reply(actor=request.user, application=application,
                                                          **form.cleaned_data),
        }  # fmt: skip
        done = self.submit(form, calls[which], _("Saved."))
        if done:
            return redirect(request.path)
        return self.render_to_response(self.get_context_data(application=application, bound={which: form}))


class DisclosureNoticeView(StaffPage):
    """The reply (答复告知书) as the applicant receives it."""

    def get(self, request, *args, **kwargs):
        application = disclosure.application_for_staff(request.user, kwargs["pk"])
        if application is None or application.state != DisclosureState.REPLIED:
            raise NotFoundError()
        response = HttpResponse(disclosure.notice_pdf(application), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{application.number}.pdf"'
        return response
