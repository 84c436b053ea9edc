"""Rule parameters of the open-data portal (S3), registered at start-up by OpendataConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from digigov.core.rules import register

register(
    "opendata.page_size",
    20,
    label=_("Datasets on one page of the open-data portal"),
    source="R3.1",
    unit=_("datasets"),
    minimum=5,
    maximum=100,
)
register(
    "opendata.preview_rows",
    10,
    label=_("Rows shown as a preview on a dataset's page"),
    source="R3.1",
    unit=_("rows"),
    minimum=0,
    maximum=50,
)
register(
    "opendata.api_page_size",
    500,
    label=_("Largest number of rows one API call of the open-data portal returns"),
    source="R3.1",
    unit=_("rows"),
    minimum=10,
    maximum=5000,
)
register(
    "opendata.api_hourly_limit",
    600,
    label=_("API calls of the open-data portal from one network address in an hour"),
    source="R3.1",
    unit=_("calls"),
    minimum=1,
)
register(
    "opendata.download_hourly_limit",
    60,
    label=_("Dataset downloads from one network address in an hour"),
    source="R3.1",
    unit=_("downloads"),
    minimum=1,
)
