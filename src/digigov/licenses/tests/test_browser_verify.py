"""The verification pages on a 390-px phone in Debian chromium (issue #12 item 5): a visitor uploads a licence
PDF and reads the verdict; a phone camera opens the QR's address; standard and large type (适老化) pass axe-core
and nothing is wider than the phone."""

from pathlib import Path

import pytest

from digigov.licenses.services import documents
from digigov.licenses.tests import factories_documents as make

# axe-core from npm (scripts/vendor_npm.sh); licenses sits below websites, so its helper is not imported
AXE = Path(__file__).parents[2] / "core" / "tests" / "vendor" / "axe.min.js"
PHONE = {"width": 390, "height": 844}


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in result["violations"]]


@pytest.fixture
def licence_files(transactional_db, tmp_path):  # before `browser`: written outside Playwright's event loop
    version = make.issued_version()
    path = tmp_path / "机动车驾驶证.pdf"
    path.write_bytes(documents.pdf_of(version))
    return version, path, documents.qr_url(version).split("127.0.0.1:8000", 1)[-1]


def fits_and_passes(page, step: str) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], f"{step}: fits the phone"
    assert axe_violations(page) == [], step


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_visitor_verifies_a_licence_file_and_a_qr_on_a_phone(live_server, licence_files, browser, screenshot_dir):
    version, path, qr_address = licence_files
    context = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + "/zwfw/licences/verify/")
    assert page.get_by_role("heading", name="电子证照核验", level=1).is_visible()
    fits_and_passes(page, "form")
    page.screenshot(path=str(screenshot_dir / "licence-verify-390.png"), full_page=True)

    page.get_by_label("证照文件（PDF 或 OFD）").set_input_files(str(path))
    page.get_by_role("button", name="核验").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("status").inner_text() == "证照真实有效。"
    assert page.get_by_text("4201************34").is_visible()
    fits_and_passes(page, "verdict")
    page.screenshot(path=str(screenshot_dir / "licence-verify-valid-390.png"), full_page=True)

    page.goto(live_server.url + qr_address)
    assert page.get_by_role("status").inner_text() == "证照真实有效。"
    page.get_by_role("link", name="大字版").click()
    page.wait_for_load_state("networkidle")
    fits_and_passes(page, "large type")
    page.screenshot(path=str(screenshot_dir / "licence-verify-qr-large-390.png"), full_page=True)
    context.close()
