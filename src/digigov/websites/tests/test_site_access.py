"""An editor of one site cannot see or touch another site's pages, images or documents; the platform operator sees
all (R8.1, issue #10 item 1). Wagtail's own page and collection permissions decide it, on its own screens."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PillowImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from digigov.core.choices import Role
from digigov.core.models import Membership
from digigov.websites.access import editor_group_name, reviewer_group_name, site_collection
from digigov.websites.tests.factories import editor, open_site, platform_admin

pytestmark = pytest.mark.django_db


PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


def png() -> SimpleUploadedFile:
    data = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "#b3261e").save(data, "PNG")
    return SimpleUploadedFile("building.png", data.getvalue(), content_type="image/png")


@pytest.fixture
def sites():
    ours, theirs = open_site(name="湖北省公安厅"), open_site(name="湖北省教育厅")
    return {"ours": ours, "theirs": theirs, "editor": editor(ours.organiser), "their_editor": editor(theirs.organiser)}


def test_the_organisers_staff_are_the_sites_editors_and_its_reviewers_also_publish(sites):
    ours = sites["ours"]
    reviewer = editor(ours.organiser, Role.REVIEWER)
    assert set(sites["editor"].groups.values_list("name", flat=True)) == {editor_group_name(ours)}
    assert set(reviewer.groups.values_list("name", flat=True)) == {editor_group_name(ours), reviewer_group_name(ours)}

    Membership.objects.filter(user=reviewer).delete()
    assert not reviewer.groups.exists(), "a role taken away takes the site away"


def test_an_editor_sees_only_their_sites_page_tree(client, sites):
    ours, theirs = sites["ours"], sites["theirs"]
    client.force_login(sites["editor"])
    assert client.get(f"/admin/pages/{ours.site.root_page_id}/edit/").status_code == 200
    explorer = client.get(f"/admin/pages/{ours.site.root_page_id}/").content.decode()
    assert "要闻动态" in explorer

    refused = client.get(f"/admin/pages/{theirs.site.root_page_id}/edit/")
    assert refused.status_code in (302, 403) and "湖北省教育厅" not in refused.content.decode()
    before = theirs.site.root_page.title
    client.post(f"/admin/pages/{theirs.site.root_page_id}/edit/", {"title": "被改动", "slug": "changed"})
    theirs.site.root_page.refresh_from_db()
    assert theirs.site.root_page.title == before
    add = client.get(f"/admin/pages/add/websites/columnpage/{theirs.site.root_page_id}/")
    assert add.status_code in (302, 403)


def test_an_editors_images_and_documents_stay_in_their_sites_collection(client, sites):
    ours = sites["ours"]
    client.force_login(sites["editor"])
    response = client.post(
        "/admin/images/add/",
        {"title": "公安厅大楼", "file": png(), "collection": site_collection(ours).pk},
    )
    assert response.status_code == 302
    image = Image.objects.get(title="公安厅大楼")
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "户籍办事指南",
            "file": SimpleUploadedFile("guide.pdf", PDF),
            "collection": site_collection(ours).pk,
        },
    )
    document = Document.objects.get(title="户籍办事指南")

    other = Client()  # a person of another unit, at another desk
    other.force_login(sites["their_editor"])
    assert "公安厅大楼" not in other.get("/admin/images/").content.decode()
    assert "户籍办事指南" not in other.get("/admin/documents/").content.decode()
    assert other.get(f"/admin/images/{image.pk}/").status_code in (302, 403)
    assert other.get(f"/admin/documents/edit/{document.pk}/").status_code in (302, 403)
    other.post(f"/admin/images/{image.pk}/delete/")
    assert Image.objects.filter(pk=image.pk).exists()

    operator = Client()
    operator.force_login(platform_admin())
    assert "公安厅大楼" in operator.get("/admin/images/").content.decode()
    assert operator.get(f"/admin/pages/{sites['theirs'].site.root_page_id}/edit/").status_code == 200
