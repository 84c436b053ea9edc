"""Static publishing (issue #10 item 11): a publication, a placement or a withdrawal writes or deletes the files of
every page it changes, byte-identical to what the application renders; the application answers a published
address from its file; a site is rebuilt whole after a change to its frame."""

import pytest

from digigov.core.choices import Role
from digigov.core.models import BackgroundJob
from digigov.websites import static_publish
from digigov.websites.choices import ColumnType, ItemKind
from digigov.websites.services import item_place, placement_withdraw
from digigov.websites.tests.factories import LibraryItemFactory, column, editor, open_site, place

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(settings, tmp_path):
    settings.DIGIGOV_STATIC_SITES_ROOT = str(tmp_path / "sites")
    return tmp_path / "sites"


@pytest.fixture
def site(root):
    return open_site(name="湖北省人民政府")


def rendered(client, site, path):
    return client.get(path, HTTP_HOST=site.site.hostname, HTTP_X_DIGIGOV_RENDER="1").content


def publish(item, capture):
    with capture(execute=True):
        item.save_revision().publish()
    item.refresh_from_db()
    return item


def test_publishing_writes_the_item_its_column_feed_home_and_sitemap_as_the_app_renders_them(
    client, site, root, django_capture_on_commit_callbacks
):
    item = LibraryItemFactory(owner=site.organiser, title="全省防汛抗旱工作会议召开", live=False)
    news = column(site)
    place(item, news)
    publish(item, django_capture_on_commit_callbacks)

    host = root / site.site.hostname
    files = {f"/news/{item.pk}/": f"news/{item.pk}/index.html", "/news/": "news/index.html",
             "/news/rss.xml": "news/rss.xml", "/": "index.html", "/sitemap.xml": "sitemap.xml"}  # fmt: skip
    for path, name in files.items():
        assert (host / name).read_bytes() == rendered(client, site, path), path
    assert "全省防汛抗旱工作会议召开" in (host / "index.html").read_text()
    assert not [p for p in host.rglob("*") if p.name.endswith(".tmp")], "no temporary file is left behind"


def test_a_withdrawal_deletes_the_items_file_and_rewrites_its_listing(site, root, django_capture_on_commit_callbacks):
    item = LibraryItemFactory(owner=site.organiser, title="关于开展安全生产检查的通知", live=False)
    place(item, column(site))
    publish(item, django_capture_on_commit_callbacks)
    page = root / site.site.hostname / "news" / str(item.pk) / "index.html"
    assert page.exists()

    with django_capture_on_commit_callbacks(execute=True):
        item.unpublish()
    assert not page.exists()
    assert "关于开展安全生产检查的通知" not in (root / site.site.hostname / "news" / "index.html").read_text()


def test_a_placement_on_another_site_writes_that_sites_files_and_taking_it_out_removes_them(
    site, root, django_capture_on_commit_callbacks
):
    city = open_site(name="武汉市人民政府")
    policy = LibraryItemFactory(owner=site.organiser, kind=ItemKind.POLICY, title="关于进一步优化营商环境的若干措施")
    city_editor = editor(city.organiser, Role.REVIEWER)
    with django_capture_on_commit_callbacks(execute=True):
        placement = item_place(
            actor=city_editor, item=policy, column=column(city, ColumnType.POLICIES), review_basis="同意转载"
        )
    city_file = root / city.site.hostname / "disclosure" / "policies" / str(policy.pk) / "index.html"
    assert "若干措施" in city_file.read_text()

    with django_capture_on_commit_callbacks(execute=True):
        placement_withdraw(actor=city_editor, placement=placement)
    assert not city_file.exists()


def test_the_application_answers_a_published_address_from_its_file(client, site, root):
    target = static_publish.file_for(site.site.hostname, "/news/")
    static_publish.write(target, "<p>静态副本</p>".encode())
    assert client.get("/news/", HTTP_HOST=site.site.hostname).content.decode() == "<p>静态副本</p>"
    assert "静态副本" not in client.get("/news/?x=1", HTTP_HOST=site.site.hostname).content.decode()
    assert "静态副本" not in client.post("/news/", HTTP_HOST=site.site.hostname).content.decode()


def test_an_address_outside_the_root_is_never_a_file(site, root):
    assert static_publish.file_for(site.site.hostname, "/../../etc/passwd") is None
    assert static_publish.file_for(site.site.hostname, "/news/?page=2") is None
    assert static_publish.file_for(site.site.hostname, "/") == root / site.site.hostname / "index.html"


def test_a_column_published_again_rebuilds_the_whole_site_in_the_background(
    site, root, django_capture_on_commit_callbacks
):
    items = [LibraryItemFactory(owner=site.organiser, title=f"第{n}期政务简报") for n in range(3)]
    for item in items:
        place(item, column(site))
    stale = root / site.site.hostname / "old-column" / "index.html"
    static_publish.write(stale, b"old")
    news = column(site)
    news.title = "要闻"
    reviewer = editor(site.organiser, Role.REVIEWER)
    with django_capture_on_commit_callbacks(execute=True):
        news.save_revision(user=reviewer).publish(user=reviewer)

    job = BackgroundJob.objects.get()
    assert job.status == "done", job.result_message
    host = root / site.site.hostname
    assert all((host / "news" / str(item.pk) / "index.html").exists() for item in items)
    assert ">要闻</a>" in (host / "notices" / "index.html").read_text(), "every page's navigation shows the new name"
    assert not stale.exists(), "a file of an address the site no longer has is deleted"


def test_without_a_root_nothing_is_written(settings, client, tmp_path, django_capture_on_commit_callbacks):
    settings.DIGIGOV_STATIC_SITES_ROOT = ""
    site = open_site()
    item = LibraryItemFactory(owner=site.organiser, live=False)
    place(item, column(site))
    publish(item, django_capture_on_commit_callbacks)
    assert not static_publish.enabled() and not any(tmp_path.iterdir())
