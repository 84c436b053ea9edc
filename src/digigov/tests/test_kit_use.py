"""The apps use the kit instead of rebuilding it (issue #8, docs/adr/0001-app-skeleton.md): services raise field
errors through core.errors.FieldErrors, only identity queries identity's tables, and the back-office views of the
exchange, catalogue and signing read what people send through Django forms, never request.POST by hand."""

import re
from pathlib import Path

from django.conf import settings

SOURCE = Path(settings.BASE_DIR) / "src" / "digigov"
APPS = ("identity", "signing", "catalog", "exchange")


def _code(paths) -> dict[str, str]:
    return {str(p.relative_to(SOURCE)): p.read_text() for p in paths if "tests" not in p.relative_to(SOURCE).parts}


def _services() -> dict[str, str]:
    paths = []
    for app in APPS:
        paths += [*(SOURCE / app).glob("services.py"), *(SOURCE / app).glob("services/*.py")]
    return _code(paths)


def test_the_scan_reads_the_services_of_every_app():
    assert {path.split("/")[0] for path in _services()} == set(APPS)


def test_services_collect_field_errors_with_the_kit_not_by_hand():
    # An error's `fields=` is FieldErrors' job (update_fields= and the like are the ORM's).
    hand_built = {path for path, code in _services().items() if re.search(r"(?<![\w.])fields=", code)}
    assert hand_built == set()


def test_only_identity_queries_its_system_clients():
    outside = [p for p in SOURCE.rglob("*.py") if p.relative_to(SOURCE).parts[0] != "identity"]
    assert len(outside) > 100
    querying = {path for path, code in _code(outside).items() if "SystemClient.objects" in code}
    assert querying == set()


def test_back_office_views_parse_posts_with_forms():
    views = []
    for app in ("exchange", "catalog", "signing", "knowledge"):
        views += [*(SOURCE / app).glob("*views.py"), *(SOURCE / app).glob("views/*.py")]
    assert len(views) >= 4
    by_hand = {
        path
        for path, code in _code(views).items()
        if re.search(r"\.POST\s*(\.get|\.getlist|\[|\.items|\.keys)|\bform\.data\b", code)
    }
    assert by_hand == set()
