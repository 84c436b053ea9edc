from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebsitesConfig(AppConfig):
    name = "digigov.websites"
    label = "websites"
    verbose_name = _("Government websites")

    def ready(self) -> None:
        from digigov.hotline import api as hotline
        from digigov.websites import audit, messages, receivers, rules, tasks  # noqa: F401  (ledger actions, receivers, rules, jobs)

        # a letter transferred to 12345 gets the ticket's final answer as its reply (hotline does not import websites)
        hotline.ticket_answered.connect(messages.ticket_answered, dispatch_uid="websites.letter_answered_by_hotline")
