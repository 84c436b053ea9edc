from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo province (湖北, fictitious people): top of the layer stack, may use every app's api."""

    name = "digigov.demo"
    label = "demo"
    verbose_name = _("Demo province")
