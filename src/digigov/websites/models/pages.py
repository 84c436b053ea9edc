"""The page tree of a site: its home page and its columns (栏目). Content lives in the resource library
(`library.py`) and is placed into columns by reference, so a column page has no body of its own beyond its intro."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page

from digigov.websites.choices import ColumnType


class PortalHomePage(Page):
    """A government site's home page: its columns' latest items and the entries to the platform's services."""

    intro = models.CharField(_("introduction"), max_length=200, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["websites.ColumnPage"]
    parent_page_types = ["wagtailcore.Page"]
    template = "websites/home.html"

    class Meta:
        verbose_name = _("site home page")

    def serve(self, request, *args, **kwargs):
        from digigov.websites.views import home_page

        return home_page(request, self)


class ColumnPage(RoutablePageMixin, Page):
    """A column (栏目), typed by what it publishes (国办 rules); sub-columns nest under a column (政务公开 →
    政策文件). Its entries are `Placement`s of library items; each item has its own address under the column."""

    column_type = models.CharField(_("column type"), max_length=20, choices=ColumnType.choices)
    intro = models.CharField(_("introduction"), max_length=200, blank=True)
    in_navigation = models.BooleanField(_("shown in the site's navigation"), default=True)

    content_panels = [*Page.content_panels, FieldPanel("column_type"), FieldPanel("intro"), FieldPanel("in_navigation")]
    subpage_types = [
        "websites.ColumnPage",
        "websites.SolicitationPage",
        "websites.SurveyPage",
        "websites.InterviewPage",
    ]
    parent_page_types = ["websites.PortalHomePage", "websites.ColumnPage"]

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("site columns")

    @path("")
    def listing(self, request):
        from digigov.websites.views import column_listing

        return column_listing(request, self, number=1)

    @path("page/<int:number>/")
    def listing_page(self, request, number):
        from digigov.websites.views import column_page

        return column_page(request, self, number)

    @path("<int:item_id>/")
    def item(self, request, item_id):
        from digigov.websites.views import item_page

        return item_page(request, self, item_id)
