"""The 12345 hotline's tickets (S5: R5.1; GB/T 44189-2024): one ticket per request from any channel, the departments
that handle it, every step of its history, and the routing rules that suggest a department."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from digigov.core.permissions import is_platform_admin, organisation_ids
from digigov.hotline.choices import (
    AssignmentStatus,
    Channel,
    ExtensionStatus,
    NotTaken,
    Resolution,
    Satisfaction,
    TicketAction,
    TicketKind,
    TicketStatus,
    Urgency,
)

OPEN_STATUSES = [s for s in TicketStatus.values if s != TicketStatus.CLOSED]


class TicketQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Tickets of the centres where `user` works, and tickets assigned to the user's departments."""
        if is_platform_admin(user):
            return self
        ids = organisation_ids(user)
        if not ids:
            return self.none()
        return self.filter(
            models.Q(centre_id__in=ids)
            | models.Q(pk__in=Assignment.objects.filter(department_id__in=ids).values("ticket"))
        )

    def overdue(self, today=None):
        # a merged ticket waits on its main ticket, which is the one counted late (并案, services/merging.py)
        return self.filter(status__in=OPEN_STATUSES, due_on__lt=today or timezone.localdate()).exclude(
            status=TicketStatus.MERGED
        )


class Ticket(models.Model):
    """工单: one request to the 12345 hotline, from intake to its closing (R5.1). `due_on` is the last working day of
    the time limit of its kind and urgency (rules.py); `article_id` keeps the knowledge article that answered it."""

    number = models.CharField(_("ticket number"), max_length=20, unique=True)
    centre = models.ForeignKey(
        "core.Organisation", verbose_name=_("hotline centre"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(
        _("channel of the request"), max_length=20, choices=Channel.choices, default=Channel.PHONE
    )
    kind = models.CharField(_("kind of request"), max_length=20, choices=TicketKind.choices)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    caller_name = models.CharField(_("caller's name"), max_length=50)
    caller_phone = models.CharField(_("caller's phone"), max_length=20, db_index=True)
    caller_id_number = models.CharField(_("caller's ID number"), max_length=18, blank=True)
    division = models.ForeignKey(
        "core.Division", verbose_name=_("division"), on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(_("address of the matter"), max_length=200, blank=True)
    content = models.TextField(_("caller's request"))
    category = models.ForeignKey(
        "knowledge.Category", verbose_name=_("subject category"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=20, choices=TicketStatus.choices, default=TicketStatus.NEW, db_index=True
    )
    resolution = models.CharField(_("resolution"), max_length=20, choices=Resolution.choices, blank=True)
    not_taken = models.CharField(_("matter not taken"), max_length=20, choices=NotTaken.choices, blank=True)
    answer = models.TextField(_("answer to the caller"), blank=True)
    article_id = models.PositiveIntegerField(_("knowledge article used"), null=True, blank=True)
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    urge_count = models.PositiveSmallIntegerField(_("times the centre urged"), default=0)
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("taken by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    created_at = models.DateTimeField(pgettext_lazy("hotline", "registered at"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Where a ticket from a public channel came from (services/public.py): the signed-in caller's account, and the
    # record of another app it stands for ("websites.message:<pk>": a government website's letter routed in).
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed-in caller"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    source_ref = models.CharField(_("came from"), max_length=60, blank=True, db_index=True)
    # Duplicates and merging (acceptance 6): the request's words as core.chinese_text.stored_words keeps them, so
    # the duplicate check compares a new request with hundreds of tickets without segmenting each again; and the
    # main ticket this one was merged into (并案), kept after both are answered.
    content_words = models.TextField(_("words of the request"), blank=True, default="", editable=False)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="merged",
    )  # fmt: skip

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("hotline ticket")
        verbose_name_plural = _("hotline tickets")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["category", "division", "created_at"]),
            # duplicates (hotline/duplicates.py): the caller's and the place's recent tickets
            models.Index(fields=["caller_phone", "created_at"], name="hotline_ticket_phone_recent"),
            models.Index(fields=["division", "created_at"], name="hotline_ticket_place_recent"),
            # hotspots (hotline/figures.py): a month's tickets of a centre by category × division, from the index alone
            models.Index(fields=["centre", "created_at", "category", "division"], name="hotline_ticket_hotspot"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status != TicketStatus.CLOSED

    @property
    def current_assignment(self) -> "Assignment | None":
        """The lead department's latest assignment (None before the first dispatch)."""
        if not hasattr(self, "_current_assignment"):
            self._current_assignment = self.assignments.filter(lead=True).order_by("-pk").first()
        return self._current_assignment

    def forget_assignment(self) -> None:
        self.__dict__.pop("_current_assignment", None)

    def is_overdue(self, today=None) -> bool:
        return (
            self.is_open
            and self.status != TicketStatus.MERGED
            and self.due_on is not None
            and (today or timezone.localdate()) > self.due_on
        )


class Assignment(models.Model):
    """派单: one department's part in a ticket. Several departments may co-handle a ticket; the `lead` answers for
    it. A department may hand it back (退单) until `hand_back_until` (working hours, rules.py)."""

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="assignments")
    department = models.ForeignKey(
        "core.Organisation", verbose_name=_("department"), on_delete=models.PROTECT, related_name="+"
    )
    lead = models.BooleanField(_("lead department"), default=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.PENDING, db_index=True
    )
    instructions = models.TextField(_("instructions"), blank=True)
    assigned_at = models.DateTimeField(_("dispatched at"), default=timezone.now)
    hand_back_until = models.DateTimeField(_("may hand back until"))
    due_on = models.DateField(_("due on"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handler"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    hand_back_reason = models.TextField(_("reason for handing back"), blank=True)
    reply = models.TextField(_("reply"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    # What the daily deadline job told the department (tasks.py): each notice once per due date.
    warned_on = models.DateField(_("due-soon notice sent on"), null=True, blank=True)
    overdue_noticed_on = models.DateField(_("overdue notice sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("ticket assignment")
        verbose_name_plural = _("ticket assignments")
        ordering = ["-lead", "assigned_at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket.number} → {self.department}"


class ExtensionRequest(models.Model):
    """延期申请: the lead department asks for more working days, the centre approves or refuses. A row of its own
    rather than fields on Assignment: a ticket may see several requests (a refused one, then another), each with its
    own asker, decider and dates, and the limit counts the approved ones."""

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="extensions")
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("ticket assignment"), on_delete=models.CASCADE, related_name="extensions"
    )
    days = models.PositiveSmallIntegerField(_("working days asked for"))
    reason = models.TextField(_("reason for the extension"))
    status = models.CharField(
        _("status"), max_length=20, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING, db_index=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    due_before = models.DateField(_("due on before"))
    due_after = models.DateField(_("due on after"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("extension decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(_("extension decided at"), null=True, blank=True)
    note = models.TextField(_("note on the decision"), blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket_id} +{self.days}"


class TicketEvent(models.Model):
    """One step of a ticket's history (办理过程): who, which organisation, when, what, with a note."""

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("step"), max_length=30, choices=TicketAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    actor_name = models.CharField(_("by"), max_length=100)
    organisation = models.ForeignKey(
        "core.Organisation", verbose_name=_("organisation"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    department = models.ForeignKey(
        "core.Organisation", verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    status_after = models.CharField(_("status after"), max_length=20, choices=TicketStatus.choices)
    note = models.TextField(_("note on the step"), blank=True)
    article_id = models.PositiveIntegerField(_("knowledge article used"), null=True, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("ticket step")
        verbose_name_plural = _("ticket steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.action}"


class RoutingRule(models.Model):
    """派单规则: which department handles a subject category in a division (category × division → department), kept
    as data; the most specific category and division win."""

    category = models.ForeignKey(
        "knowledge.Category", verbose_name=_("subject category"), on_delete=models.CASCADE, related_name="+"
    )
    division = models.ForeignKey(
        "core.Division", verbose_name=_("division"), on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        "core.Organisation", verbose_name=_("department"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [models.UniqueConstraint(fields=["category", "division"], name="hotline_route_unique")]

    def __str__(self) -> str:
        return f"{self.category_id} × {self.division_id} → {self.department_id}"


class PublicRequest(models.Model):
    """One request from the public web page (R5.1): a submission or a follow-up look-up, kept with its network
    address and time so that one address may make only the rule's number an hour (core.ratelimit)."""

    SUBMIT = "submit"
    LOOKUP = "lookup"

    purpose = models.CharField(_("purpose"), max_length=10)
    address = models.GenericIPAddressField(_("sent from"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("public hotline request")
        verbose_name_plural = _("public hotline requests")
        indexes = [models.Index(fields=["purpose", "address", "at"])]

    def __str__(self) -> str:
        return f"{self.purpose} {self.address}"
