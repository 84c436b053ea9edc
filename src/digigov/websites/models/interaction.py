"""Interaction pages of a site (R8.4 互动交流), created by its editors under an interaction column and published
through the site's review chain like any page: opinion solicitations (意见征集) with a period and a published summary
of the feedback, online surveys (网上调查, Wagtail's form builder) and online interviews (在线访谈) with their
transcript. What the public sends is plain text, stored with the sender's address for the rate limit."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField, AbstractFormSubmission
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from digigov.core.validators import validate_mobile

TEXT_FEATURES = ["bold", "ol", "ul", "link", "h2", "h3"]


class PeriodMixin(models.Model):
    """Open from the first day to the last, both included, in the installation's time zone."""

    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))

    class Meta:
        abstract = True

    def __str__(self):
        return getattr(self, "title", "")

    def clean(self):
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The period ends before it starts.")})

    def period_state(self, today=None) -> str:
        today = today or timezone.localdate()
        if today < self.opens_on:
            return "upcoming"
        return "open" if today <= self.closes_on else "closed"

    @property
    def is_open(self) -> bool:
        return self.period_state() == "open"


class SolicitationPage(PeriodMixin, Page):
    """意见征集: a draft (a regulation, a plan) put to the public for a period; comments go to the site's unit, and
    a summary of the feedback and of what was adopted (反馈情况) is published after the period."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = RichTextField(_("the draft and its explanation"), features=TEXT_FEATURES)
    summary = RichTextField(_("summary of the feedback"), features=TEXT_FEATURES, blank=True,
                            help_text=_("Published after the period: how many opinions came in and what was adopted, "
                                        "with the reasons for what was not."))  # fmt: skip

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")], heading=_("Period")),
        FieldPanel("body"),
        FieldPanel("summary"),
    ]
    parent_page_types = ["websites.ColumnPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("opinion solicitation")
        verbose_name_plural = _("opinion solicitations")

    def serve(self, request, *args, **kwargs):
        from digigov.websites.interaction_views import solicitation_page

        return solicitation_page(request, self)


class SolicitationComment(models.Model):
    """One opinion sent on a solicitation; read by the unit only (the sender's name and number are personal data)."""

    solicitation = models.ForeignKey(SolicitationPage, verbose_name=_("solicitation"), on_delete=models.CASCADE,
                                     related_name="comments")  # fmt: skip
    body = models.TextField(_("opinion"), max_length=2000)
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("mobile number"), max_length=11, validators=[validate_mobile])
    address = models.GenericIPAddressField(_("sent from"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["address", "received_at"])]

    def __str__(self):
        return f"{self.solicitation_id}: {self.body[:30]}"


class SurveyField(AbstractFormField):
    page = ParentalKey("websites.SurveyPage", on_delete=models.CASCADE, related_name="form_fields")


class SurveySubmission(AbstractFormSubmission):
    """A survey's answers, with the address they came from for the rate limit (no name is asked)."""

    address = models.GenericIPAddressField(_("sent from"), null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["address", "submit_time"])]


class SurveyPage(PeriodMixin, AbstractForm):
    """网上调查: questions made by the editor in Wagtail's form builder; answered anonymously during the period,
    the tally of each choice question shown once it ends (or at once, if the editor chose so)."""

    intro = RichTextField(_("introduction"), features=TEXT_FEATURES, blank=True)
    thanks = models.CharField(_("thank-you text"), max_length=200, blank=True)
    results_while_open = models.BooleanField(_("show the results while the survey is open"), default=False)

    content_panels = [
        *AbstractForm.content_panels,
        FieldRowPanel([FieldPanel("opens_on"), FieldPanel("closes_on")], heading=_("Period")),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Questions")),
        MultiFieldPanel([FieldPanel("thanks"), FieldPanel("results_while_open")], heading=_("After answering")),
    ]
    parent_page_types = ["websites.ColumnPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("online survey")
        verbose_name_plural = _("online surveys")

    def get_submission_class(self):
        return SurveySubmission

    def serve(self, request, *args, **kwargs):
        from digigov.websites.interaction_views import survey_page

        return survey_page(request, self)


class InterviewPage(Page):
    """在线访谈: who spoke with whom and when, the introduction, and the transcript (文字实录) in speaking order."""

    guests = models.CharField(_("guests"), max_length=200, help_text=_("Names and posts, e.g. 省人社厅副厅长 张某"))
    held_at = models.DateTimeField(_("held at"))
    intro = models.TextField(_("introduction"), max_length=1000, blank=True)
    transcript = StreamField(
        [
            (
                "speech",
                blocks.StructBlock(
                    [("speaker", blocks.CharBlock(label=_("speaker"), max_length=50)),
                     ("words", blocks.TextBlock(label=_("words")))],
                    label=_("speech"),
                    icon="openquote",
                ),
            )
        ],
        verbose_name=_("transcript"),
        blank=True,
    )  # fmt: skip

    content_panels = [
        *Page.content_panels,
        FieldPanel("guests"),
        FieldPanel("held_at"),
        FieldPanel("intro"),
        FieldPanel("transcript"),
    ]
    parent_page_types = ["websites.ColumnPage"]
    subpage_types: list[str] = []
    template = "websites/interview.html"

    class Meta:
        verbose_name = _("online interview")
        verbose_name_plural = _("online interviews")

    def serve(self, request, *args, **kwargs):
        from digigov.websites.interaction_views import interview_page

        return interview_page(request, self)
