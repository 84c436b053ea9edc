"""Under the Content-Security-Policy (core.middleware, issue 9 item 10) the key pages of each role still work in
Debian chromium: the front door, the API docs, single sign-on, the workbench, the catalogue's list, edit and
withdraw pages, a share application, the exchange's lists and Wagtail's page editor. A page fails the test on any
policy violation (reported in the console or as a securitypolicyviolation event) and any page error; a few pages are
also used, to show that what the policy might have broken still works. Other console errors are not this test's."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from digigov.catalog.models import Resource
from digigov.demo import oidc
from digigov.demo.province import DEMO_PASSWORD
from digigov.exchange.models import ShareApplication

WATCH = """window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(
    `${e.violatedDirective} ${e.blockedURI || "inline"} ${e.sourceFile || ""}:${e.lineNumber || ""}`));"""


@pytest.fixture
def demo(committed_demo):
    """The demo province with its catalogue and share applications; ids looked up before Playwright starts."""
    committed_demo()
    psb = Resource.objects.filter(provider__name="湖北省公安厅", status="published").order_by("pk").first()
    other = (
        (Resource.objects.filter(status="published").exclude(provider=psb.provider).exclude(share_type="not_shared"))
        .order_by("pk")
        .first()
    )
    return {
        "psb": psb.pk,
        "other": other.pk,
        "application": ShareApplication.objects.order_by("pk").first().pk,
        "home_page": home_page().pk,
    }


def home_page() -> Page:
    """The site's home page, which Wagtail's migrations make; an earlier transactional test's flush removes it."""
    home = Page.objects.filter(depth=2).first()
    if home is None:
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.objects.filter(depth=1).first() or Page.add_root(instance=Page(title="Root"))
        home = root.add_child(instance=Page(title="欢迎使用 digigov"))
    return home


class Watched:
    """A browser context whose pages report every policy violation and page error."""

    def __init__(self, browser, base_url):
        self.base_url = base_url
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        self.context.add_init_script(WATCH)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on("console", self.on_console)
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))

    def on_console(self, message) -> None:
        if "Content Security Policy" in message.text:  # Chromium's words for every refusal of the policy
            self.problems.append(f"console: {message.text}")

    def visit(self, path: str) -> list[str]:
        self.problems.clear()
        self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("networkidle")
        return self.report()

    def report(self) -> list[str]:
        found = [*self.problems, *(f"violation: {v}" for v in self.page.evaluate("window.__violations || []"))]
        where = urlsplit(self.page.url)
        return [f"{where.path}?{where.query}: {p}" if where.query else f"{where.path}: {p}" for p in found]

    def sign_in(self, username: str) -> None:
        self.visit("/admin/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", DEMO_PASSWORD)
        self.page.click("button[type=submit]")
        self.page.wait_for_load_state("networkidle")


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_key_pages_of_every_role_run_under_the_policy(live_server, demo, browser, screenshot_dir):
    port = urlsplit(live_server.url).port
    base = oidc.base_url(port)  # 127.0.0.1: the demo client's redirect address, so the whole sign-on stays on it
    problems = []

    visitor = Watched(browser, base)
    problems += visitor.visit("/")
    problems += visitor.visit("/api/v1/docs")
    visitor.page.wait_for_selector(".opblock-summary-description")
    # A large document is drawn as it scrolls into view (Swagger UI 5): scroll down, then count.
    for _ in range(10):
        if visitor.page.locator(".opblock").count() > 20:
            break
        visitor.page.mouse.wheel(0, 4000)
        visitor.page.wait_for_timeout(300)
    assert visitor.page.locator(".opblock").count() > 20, "Swagger UI ran and drew the operations"
    problems += visitor.report()
    visitor.page.goto(oidc.sign_in_url(port))  # a relying party sends the citizen here: to the sign-in page first
    visitor.page.fill("input[name=username]", "citizen.zhangwei")
    visitor.page.fill("input[name=password]", DEMO_PASSWORD)
    visitor.page.click("button[type=submit]")
    visitor.page.wait_for_load_state("networkidle")
    assert "/oidc/authorize/" in visitor.page.url and "演示门户" in visitor.page.content(), "the consent page"
    problems += visitor.report()
    visitor.page.screenshot(path=str(screenshot_dir / "csp-oidc-consent.png"))
    visitor.page.click("input[name=allow], button[name=allow]")  # back to the relying party with a code
    visitor.page.wait_for_url("**/?code=**")
    problems += visitor.report()
    visitor.context.close()

    admin = Watched(browser, base)
    admin.sign_in("admin")
    problems += admin.report()
    for path in (
        "/admin/",
        "/admin/catalog/resources/",
        f"/admin/exchange/applications/{demo['application']}/",
        "/admin/account/",
        "/admin/groups/new/",
        "/admin/platform/rules/",
    ):
        problems += admin.visit(path)
    problems += admin.visit(f"/admin/pages/{demo['home_page']}/edit/")
    started = admin.page.locator("[data-digigov-chooser][data-digigov-started=true]")
    assert started.count() == 2, "the go-live and expiry pickers were started without an inline script"
    admin.page.screenshot(path=str(screenshot_dir / "csp-page-editor.png"))
    admin.context.close()

    handler = Watched(browser, base)
    handler.sign_in("psb.handler")
    for path in (
        "/admin/",
        f"/admin/catalog/resources/{demo['psb']}/",
        f"/admin/catalog/resources/{demo['psb']}/edit/",
        f"/admin/exchange/applications/new/?resource={demo['other']}",
        "/admin/exchange/error-reports/",
        "/admin/exchange/supervision/",
    ):
        problems += handler.visit(path)
    problems += handler.visit(f"/admin/catalog/resources/{demo['psb']}/")
    handler.page.click("[data-step=withdraw]")  # 撤销 leads to its confirmation page, no confirm() dialog
    handler.page.wait_for_load_state("networkidle")
    assert handler.page.url.endswith(f"/admin/catalog/resources/{demo['psb']}/withdraw/")
    problems += handler.report()
    problems += handler.visit("/admin/exchange/applications/?tab=mine")
    handler.page.select_option("select[name=status]", "granted")  # Wagtail's w-submit sends it, no onchange=
    handler.page.wait_for_url("**status=granted**")
    problems += handler.report()
    handler.context.close()

    assert not problems, "\n".join(problems)
