"""Sites and library items for the website cluster's tests, made through the services as a user would."""

import datetime as dt
import itertools

import factory
from django.contrib.auth.models import Permission
from django.utils import timezone
from django.utils.html import escape

from digigov.core.choices import Role
from digigov.core.models import Division
from digigov.core.tests.factories import DivisionFactory, OrganisationFactory, staff
from digigov.websites.choices import ColumnType, ItemKind, SiteKind
from digigov.websites.models import (
    ColumnPage,
    LibraryItem,
    Placement,
    SiteProfile,
    SolicitationPage,
    SurveyField,
    SurveyPage,
)
from digigov.websites.services import assign_index_number, site_create

_codes = itertools.count(11)


def editor(organisation, role=Role.HANDLER):
    """A member of `organisation` who may open the back office (Wagtail's access_admin)."""
    user = staff(role, organisation)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    return user


def platform_admin():
    return editor(OrganisationFactory(name="湖北省政务管理办公室", is_platform_operator=True), Role.PLATFORM_ADMIN)


def province() -> Division:
    return DivisionFactory(code="420000", name="湖北省", level="province")


def city() -> Division:
    return DivisionFactory(code="420100", name="武汉市", level="city", parent=province())


def open_site(
    *, organiser=None, name=None, hostname=None, kind=SiteKind.PORTAL, default=False, admin=None, platform=None
) -> SiteProfile:
    """A running site; `platform` the province's (by default) or a city's, whose division its organiser is in."""
    n = next(_codes)
    platform = platform or province()
    organiser = organiser or OrganisationFactory(name=name or f"测试单位{n}", division=platform)
    return site_create(
        actor=admin or platform_admin(),
        name=name or f"测试网站{n}",
        hostname=hostname or f"site{n}.example.localhost",
        site_code=f"{organiser.division_id[:6]}{n:04d}",
        kind=kind,
        organiser=organiser,
        platform=platform,
        icp_number=f"鄂ICP备0500{n:04d}号",
        police_number=f"鄂公网安备 4201060200{n:04d}号",
        default=default,
    )


def column(profile: SiteProfile, column_type=ColumnType.NEWS) -> ColumnPage:
    return ColumnPage.objects.descendant_of(profile.site.root_page).get(column_type=column_type)


class LibraryItemFactory(factory.django.DjangoModelFactory):
    """A published item (as if it went through the publish action); `live=False` for a draft."""

    class Meta:
        model = LibraryItem
        skip_postgeneration_save = True

    kind = ItemKind.ARTICLE
    title = factory.Sequence(lambda n: f"全省政务服务工作推进会召开（第{n}期）")
    summary = "会议部署下一阶段重点工作。"
    body = factory.LazyAttribute(lambda o: f"<p>{escape(o.title)}。会议要求各地各部门抓好落实。</p>")
    owner = factory.SubFactory(OrganisationFactory)
    source = "湖北日报"
    live = True
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.SelfAttribute("first_published_at")

    @factory.post_generation
    def numbered(obj, create, extracted, **kwargs):
        if create and obj.live:
            assign_index_number(obj)


def place(item: LibraryItem, into: ColumnPage, *, at=None) -> Placement:
    return Placement.objects.create(item=item, column=into, placed_at=at or item.first_published_at or timezone.now())


# -- interaction pages (R8.4), published under the site's interaction column ------------------------------------


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def solicitation(site, *, days_left=10, **fields):
    today = timezone.localdate()
    return publish(
        column(site, ColumnType.INTERACTION),
        SolicitationPage(
            title="《湖北省就业促进条例（征求意见稿）》公开征求意见",
            slug=f"yjzj{SolicitationPage.objects.count()}",
            body="<p>为做好条例修订工作，现公开征求社会各界意见。</p>",
            opens_on=today - dt.timedelta(days=5),
            closes_on=today + dt.timedelta(days=days_left),
            **fields,
        ),
    )


def survey(site, *, closed=False, results_while_open=False):
    today = timezone.localdate()
    page = SurveyPage(
        title="政务服务满意度调查",
        slug="dc",
        opens_on=today - dt.timedelta(days=30),
        closes_on=today - dt.timedelta(days=1) if closed else today + dt.timedelta(days=30),
        results_while_open=results_while_open,
    )
    page.form_fields = [
        SurveyField(sort_order=0, label="您对办事效率是否满意", field_type="radio", required=True,
                    choices="满意\n基本满意\n不满意"),
        SurveyField(sort_order=1, label="您用过哪些办事渠道", field_type="checkboxes", required=False,
                    choices="网上办\n掌上办\n窗口办"),
        SurveyField(sort_order=2, label="其他建议", field_type="multiline", required=False),
    ]  # fmt: skip
    return publish(column(site, ColumnType.INTERACTION), page)
