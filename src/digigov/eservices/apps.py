from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EservicesConfig(AppConfig):
    name = "digigov.eservices"
    label = "eservices"
    verbose_name = _("Online government services")

    def ready(self) -> None:
        from digigov.core import private_files
        from digigov.eservices import audit, rules, tasks  # noqa: F401  (ledger actions, rule parameters, jobs)
        from digigov.eservices.case_selectors import case_file_find
        from digigov.eservices.counter_selectors import consent_file_find
        from digigov.eservices.services.cases import OWNER
        from digigov.workflow.api import register_owner

        register_owner(OWNER)
        private_files.register("eservices/cases/", find=case_file_find, action="eservices.case.material_read")
        private_files.register("eservices/consents/", find=consent_file_find, action="eservices.consent.file_read")
