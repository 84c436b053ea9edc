"""Core's own rule parameters, and those of apps not built yet.

Each app registers its own keys in its `rules` module, imported by its AppConfig.ready() (catalog/rules.py,
exchange/rules.py, identity/rules.py, websites/rules.py, eservices/rules.py); the back office lists them all. The S6
keys below are bold numbers of REQUIREMENTS.md whose app (licenses) does not exist yet: the block moves to its app's
`rules.py` when the app is created, keeping the key and default (the database stores overrides by key).
"""

from django.utils.translation import gettext_lazy as _

from digigov.core.rules import MEGABYTES, register
from digigov.core.rules import WORKING_DAYS as WD

# S0 foundation
register(
    "core.due_soon_working_days",
    2,
    label=_("A to-do is 'due soon' this many working days before its deadline"),
    source="R0.3",
    unit=WD,
)
register(
    "core.ledger_retention_months",
    6,
    label=_("Minimum audit ledger retention"),
    source="R0.4",
    unit=_("months"),
    minimum=6,
)
# Uploads (R0.5 security by default): zip-based files (.xlsx, .docx, OFD, .zip) are checked on the zip's directory
# before any parser unpacks them (core/uploads.py).
register(
    "core.upload_max_unpacked_mb",
    100,
    label=_("Largest total size an uploaded .xlsx, .docx, OFD or .zip file may unpack to"),
    source="R0.5",
    unit=MEGABYTES,
    minimum=1,
)
register(
    "core.upload_max_zip_entries",
    1000,
    label=_("Most parts (zip entries) an uploaded .xlsx, .docx, OFD or .zip file may hold"),
    source="R0.5",
    unit=_("parts"),
    minimum=10,
)
register(
    "core.document_max_mb",
    20,
    label=_("Largest document staff may upload to the document library"),
    source="R0.5",
    unit=_("MB"),
    minimum=1,
)
