"""What other apps may name of the forms kernel: the schema version, the checks and the prefill sources."""

from django.db import models
from django.utils.translation import gettext_lazy as _

SCHEMA_VERSION = 19  # the form-js schema version of @bpmn-io/form-js 1.23.0 (scripts/vendor_npm.sh)


class Check(models.TextChoices):
    """A national code a text field is checked against (custom property `check`)."""

    ID_NUMBER = "id_number", _("Resident ID number (GB 11643)")
    USCC = "uscc", _("Unified social credit code (GB 32100)")
    MOBILE = "mobile", _("Mainland mobile number")


class ApplicantField(models.TextChoices):
    """What a form may ask to be filled from the signed-in applicant's account (custom property
    `prefill` = `applicant.<field>`); the caller resolves the values."""

    NAME = "name", _("Applicant's name")
    ID_NUMBER = "id_number", _("Applicant's ID number")
    MOBILE = "mobile", _("Applicant's mobile number")
    EMAIL = "email", _("Applicant's e-mail address")
    ADDRESS = "address", _("Applicant's address")
    ORG_NAME = "org_name", _("Applicant organisation's name")
    USCC = "uscc", _("Applicant organisation's credit code")
    LEGAL_REPRESENTATIVE = "legal_representative", _("Applicant organisation's legal representative")
