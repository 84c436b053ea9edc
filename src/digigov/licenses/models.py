"""Electronic licences (S6: R6.1, R6.2): the type catalogue (GB/T 36902), licences with their versions and
identifiers (GB/T 36904), the holder's authorisations and every use.

A licence's current state is on `Licence`; each issue, change or renewal is a `LicenceVersion` with its own
identifier (the identifier's version part), its sealed data signature and its documents. Verifying an older
identifier finds its version and says a newer one replaced it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from digigov.core.permissions import OrgScopedQuerySet
from digigov.core.private_files import private_storage
from digigov.licenses.choices import HolderKind, IssueSource, LicenceStatus, TrustGrade, UseKind, VersionKind


class LicenceTypeQuerySet(OrgScopedQuerySet):
    org_field = "issuer"

    def active(self):
        return self.filter(is_active=True)


class LicenceType(models.Model):
    """证照目录: one kind of licence a department issues (GB/T 36902). `code` is the national 证照类型代码: the
    issuing department's unified social credit code and a three-digit serial."""

    code = models.CharField(_("licence type code"), max_length=21, unique=True)
    name = models.CharField(_("licence type name"), max_length=100)
    issuer = models.ForeignKey(
        "core.Organisation", verbose_name=_("issuing department"), on_delete=models.PROTECT, related_name="+"
    )
    holder_kind = models.CharField(_("holder kind"), max_length=20, choices=HolderKind.choices)
    # The type's own metadata items beyond the common ones: [{"key", "label", "kind" (ItemKind), "required"}].
    items = models.JSONField(_("metadata items"), default=list, blank=True)
    validity_years = models.PositiveSmallIntegerField(
        _("validity in years"), null=True, blank=True, help_text=_("Empty: valid for the long term.")
    )
    trust_grade = models.CharField(_("trust grade"), max_length=1, choices=TrustGrade.choices, default=TrustGrade.A)
    # How the document looks: {"title": "…", "colour": "#…", "layout": "certificate" | "card"}.
    appearance = models.JSONField(_("appearance template"), default=dict, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = LicenceTypeQuerySet.as_manager()

    class Meta:
        verbose_name = _("licence type")
        verbose_name_plural = _("licence types")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class LicenceQuerySet(OrgScopedQuerySet):
    org_field = "issuer"

    def held_by(self, code: str):
        return self.filter(holder_code=code)


class Licence(models.Model):
    """One licence of one holder, as it stands now (R6.1). `identifier` is the current version's GB/T 36904
    identifier; `serial` is the part that stays across versions."""

    identifier = models.CharField(_("licence identifier"), max_length=120, unique=True)
    serial = models.CharField(_("serial"), max_length=32)
    licence_type = models.ForeignKey(
        LicenceType, verbose_name=_("licence type"), on_delete=models.PROTECT, related_name="licences"
    )
    number = models.CharField(_("licence number"), max_length=60)  # 证照编号, printed on the licence
    holder_kind = models.CharField(_("holder kind"), max_length=20, choices=HolderKind.choices)
    holder_name = models.CharField(_("holder"), max_length=200)  # 持证主体
    holder_code = models.CharField(_("holder code"), max_length=18)  # 持证主体代码: ID number or credit code
    issuer = models.ForeignKey(
        "core.Organisation", verbose_name=_("issuing department"), on_delete=models.PROTECT, related_name="+"
    )
    issued_on = models.DateField(_("date of issue"))  # 颁证日期
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)  # empty: long-term
    data = models.JSONField(_("licence data"), default=dict, blank=True)  # the type's own items
    status = models.CharField(_("status"), max_length=20, choices=LicenceStatus.choices, default=LicenceStatus.VALID)
    status_reason = models.CharField(_("reason"), max_length=200, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    source = models.CharField(_("issued through"), max_length=20, choices=IssueSource.choices)
    source_ref = models.CharField(_("source reference"), max_length=100, blank=True)  # case number, job, system
    trust_grade = models.CharField(_("trust grade"), max_length=1, choices=TrustGrade.choices, default=TrustGrade.A)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = LicenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("licence")
        verbose_name_plural = _("electronic licences (plural)")
        ordering = ["-issued_on", "-pk"]
        indexes = [
            # The wallet: a holder's licences, newest first (2,000,000 rows: bench/licences.py).
            models.Index(fields=["holder_code", "-issued_on", "-id"], name="licences_holder_idx"),
            models.Index(fields=["issuer", "licence_type", "-issued_on"], name="licences_issuer_idx"),
            # The licence a concluded case issued (its number is the source reference).
            models.Index(fields=["source_ref"], name="licences_source_ref_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["licence_type", "number"], name="licences_number_unique_per_type"),
        ]

    def __str__(self) -> str:
        return f"{self.licence_type.name} {self.number}"


class LicenceVersion(models.Model):
    """One version of a licence: issued, changed or renewed, with the data as it then was, the seal's signature
    over that data (SES_Signature, GB/T 38540) and the documents (PDF, OFD GB/T 33190) made from it."""

    licence = models.ForeignKey(Licence, verbose_name=_("licence"), on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveSmallIntegerField(_("version"))
    identifier = models.CharField(_("licence identifier"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=VersionKind.choices, default=VersionKind.ISSUED)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    snapshot = models.JSONField(_("licence as issued"), default=dict)  # the canonical data that was signed
    seal_code = models.CharField(_("seal code"), max_length=40, blank=True)
    signature = models.BinaryField(_("signature"), blank=True)  # DER SES_Signature over `canonical(snapshot)`
    # Plain DER SM2 signature of the seal over `qr.signed_text(...)`: the 亮证 QR code verifies offline with it.
    qr_signature = models.BinaryField(_("QR code signature"), blank=True)
    pdf = models.FileField(_("PDF document"), storage=private_storage, upload_to="licences/pdf/%Y/", blank=True)
    ofd = models.FileField(_("OFD document"), storage=private_storage, upload_to="licences/ofd/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("licence issued by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("licence version")
        verbose_name_plural = _("licence versions")
        ordering = ["licence_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["licence", "version"], name="licences_version_unique"),
        ]

    def __str__(self) -> str:
        return self.identifier


class UseAuthorisation(models.Model):
    """授权用证: the holder lets a named party use one licence once, for a stated purpose, until a time."""

    licence = models.ForeignKey(
        Licence, verbose_name=_("licence"), on_delete=models.CASCADE, related_name="authorisations"
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    purpose = models.CharField(_("purpose"), max_length=200)
    recipient = models.CharField(_("for whom"), max_length=200)  # the department or business that will use it
    valid_until = models.DateTimeField(_("valid until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("granted by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("use authorisation")
        verbose_name_plural = _("use authorisations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.licence} → {self.recipient}"


class LicenceUse(models.Model):
    """用证记录: one use of a licence (R6.2): who, which licence and version, for which case and purpose. The
    holder sees every one."""

    licence = models.ForeignKey(Licence, verbose_name=_("licence"), on_delete=models.CASCADE, related_name="uses")
    version = models.PositiveSmallIntegerField(_("version"))
    kind = models.CharField(_("kind of use"), max_length=20, choices=UseKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("used by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        verbose_name=_("using organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user_name = models.CharField(_("user"), max_length=200, blank=True)  # a system, or a name kept as it was
    purpose = models.CharField(_("purpose"), max_length=200)
    case_number = models.CharField(_("case number"), max_length=40, blank=True)
    authorisation = models.ForeignKey(
        UseAuthorisation,
        verbose_name=_("use authorisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="uses",
    )
    at = models.DateTimeField(_("used at"), auto_now_add=True)

    class Meta:
        verbose_name = _("licence use")
        verbose_name_plural = _("licence uses")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["licence", "-at"], name="licences_use_licence_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=UseKind.AUTHORISED) | Q(authorisation__isnull=False),
                name="licences_authorised_use_names_its_authorisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.licence} · {self.get_kind_display()}"


from digigov.licenses.wallet_models import HolderProvision  # noqa: E402  (the wallet's model, R4.8)

__all__ = ["HolderProvision", "Licence", "LicenceType", "LicenceUse", "LicenceVersion", "UseAuthorisation"]
