"""Wires the knowledge base's screens into the back office under one 知识库 menu (GB/T 44191), and its articles
into the workbench search (scoped as the article list)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, SubmenuMenuItem

from digigov.core import search_registry
from digigov.core.search_registry import SearchHit, SearchResults
from digigov.core.staff_pages import StaffMenuItem
from digigov.knowledge import selectors, staff_views
from digigov.knowledge.permissions import is_staff_member


@hooks.register("register_admin_urls")
def urls():
    return [
        path("knowledge/articles/", staff_views.ArticleListView.as_view(), name="knowledge_articles"),
        path("knowledge/articles/new/", staff_views.ArticleFormView.as_view(), name="knowledge_article_new"),
        path("knowledge/articles/<int:pk>/", staff_views.ArticleDetailView.as_view(), name="knowledge_article"),
        path("knowledge/articles/<int:pk>/edit/", staff_views.ArticleFormView.as_view(), name="knowledge_article_edit"),
        path("knowledge/categories/", staff_views.CategoryListView.as_view(), name="knowledge_categories"),
        path("knowledge/categories/<int:pk>/", staff_views.CategoryEditView.as_view(), name="knowledge_category_edit"),
        path(
            "knowledge/categories/export.xlsx",
            staff_views.CategoryExportView.as_view(),
            name="knowledge_categories_export",
        ),
    ]


class KnowledgeMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return is_staff_member(request.user)


@hooks.register("register_admin_menu_item")
def knowledge_menu():
    items = [
        StaffMenuItem(_("Knowledge articles"), reverse("knowledge_articles"), icon_name="doc-full", order=1),
        StaffMenuItem(_("Subject categories"), reverse("knowledge_categories"), icon_name="list-ul", order=2),
    ]
    return KnowledgeMenu(_("Knowledge base"), Menu(items=items), icon_name="help", order=340)


def article_hits(actor, terms, limit):
    qs = selectors.article_list(actor=actor, q=" ".join(terms))
    rows = list(qs[:limit])
    hits = [
        SearchHit(
            title=a.title,
            url=reverse("knowledge_article", args=[a.pk]),
            detail=f"{a.category.name} · {a.department.name} · {a.get_status_display()}",
        )
        for a in rows
    ]
    return SearchResults(hits=hits, total=qs.count())


search_registry.register("knowledge.articles", _("Knowledge articles"), article_hits, order=45)
