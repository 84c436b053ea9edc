"""Chinese first: every string our code and templates show through gettext has a zh-hans translation."""

import io
from pathlib import Path

from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

SOURCE = Path(settings.BASE_DIR) / "src" / "digigov"
KEYWORDS = ["_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"]
# Source strings that read the same in Chinese (names of standards and protocols).
SAME_IN_CHINESE = {"OpenID Connect", "MB"}


def marked_strings() -> set[tuple[str, str]]:
    found = set()
    for path in [*SOURCE.rglob("*.py"), *SOURCE.rglob("*.html")]:
        if {"migrations", "tests"} & set(path.relative_to(SOURCE).parts):
            continue
        code = path.read_bytes() if path.suffix == ".py" else templatize(path.read_text()).encode()
        for _lineno, funcname, messages, _comments in extract_python(io.BytesIO(code), KEYWORDS, [], {}):
            if funcname.startswith("pgettext"):
                continue  # context-marked strings are looked up with their context; none are used yet
            message = messages if isinstance(messages, str) else messages[0]
            if message:
                found.add((str(path.relative_to(SOURCE)), message))
    return found


def test_the_extractor_sees_strings_of_code_and_templates():
    files = {path for path, _message in marked_strings()}
    assert any(path.endswith(".html") for path in files) and any(path.endswith(".py") for path in files)
    assert len(files) > 20


def test_every_marked_string_has_a_chinese_translation():
    with translation.override("zh-hans"):
        missing = sorted(
            f"{path}: {message!r}"
            for path, message in marked_strings()
            if translation.gettext(message) == message
            and any(ch.isalpha() for ch in message)
            and message not in SAME_IN_CHINESE
        )
    assert not missing, f"{len(missing)} strings lack a zh-hans translation:\n" + "\n".join(missing[:60])


def test_wagtails_extra_catalogue_never_overrides_our_own_wording():
    """locale_wagtail (a LOCALE_PATHS entry) outranks the apps' catalogues: a string translated in both would take
    its Wagtail wording on our screens too (the exchange's 撤销 became 吊销)."""
    wagtail = {m.id for m in _catalogue(SOURCE / "locale_wagtail")}
    for directory in [SOURCE / "locale", *SOURCE.glob("*/locale")]:
        shared = sorted(str(i) for i in wagtail & {m.id for m in _catalogue(directory)})
        assert not shared, f"{directory}: {shared}"


def _catalogue(directory: Path):
    with open(directory / "zh_Hans" / "LC_MESSAGES" / "django.po", "rb") as po:
        return [m for m in read_po(po) if m.id]


# One English msgid translated differently in two apps' catalogues: Django merges the catalogues, so every screen
# shows one of the two, whichever app comes first (a withdrawn case read 已撤销, the catalogue's word for an item).
# Each entry here is such a clash found on 2026-12-04 and still to be resolved by giving one side its own msgid
# (most are model field names, so the rename comes with a migration). Do not add to it: give a new string a msgid
# of its own instead.
KNOWN_CLASHES = {
    "last number", "query key", "Year", "This field is required.",
    "active", "Overdue", "Name", "Key", "name", "revoked at", "day", "validity", "note",
    "Owned by", "Platform-wide", "Running", "Done", "done at", "done by", "started at",
}  # fmt: skip


def test_no_new_msgid_means_two_things():
    translations: dict[str, dict[str, list[str]]] = {}
    for directory in [SOURCE / "locale", *SOURCE.glob("*/locale")]:
        for message in _catalogue(directory):
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            if message.context:  # pgettext: "hotline" + "Report" is its own key in the merged catalogue
                msgid = f"{message.context}|{msgid}"
            text = message.string if isinstance(message.string, str) else message.string[0]
            if text:
                translations.setdefault(msgid, {}).setdefault(text, []).append(directory.parent.name)
    clashes = {msgid: found for msgid, found in translations.items() if len(found) > 1}
    new = {msgid: found for msgid, found in clashes.items() if msgid not in KNOWN_CLASHES}
    assert not new, f"one msgid, two translations (give one side its own msgid): {new}"
    assert not KNOWN_CLASHES - set(clashes), f"resolved, remove from KNOWN_CLASHES: {KNOWN_CLASHES - set(clashes)}"
