"""What other apps use of the forms kernel: find a form, ask what it wants prefilled, draw it, check what came back.

    version = forms.api.form_by_key("birth-registration").current
    wanted = forms.api.prefill_keys(version)              # {"mother_id": "applicant.id_number", ...}
    prefilled = {key: Prefill(value, "公安厅 人口基础信息") for key, value in resolved.items()}
    html = forms.api.render(version, values, errors, prefilled)   # inside the caller's <form class="letter">
    values, errors = forms.api.clean(version, request.POST, prefilled)

The caller resolves prefill sources itself (eservices through the exchange gateway); forms imports neither.
"""

from digigov.forms.filling import PREFIX, Prefill, answers, clean, input_fields, prefill_keys, render
from digigov.forms.models import FormDefinition, FormVersion
from digigov.forms.schema import validate as validate_schema
from digigov.forms.selectors import form_by_key, form_get, form_list
from digigov.forms.services import definition_create, version_save

__all__ = [
    "PREFIX",
    "FormDefinition",
    "FormVersion",
    "Prefill",
    "answers",
    "clean",
    "definition_create",
    "form_by_key",
    "form_get",
    "form_list",
    "input_fields",
    "prefill_keys",
    "render",
    "validate_schema",
    "version_save",
]
