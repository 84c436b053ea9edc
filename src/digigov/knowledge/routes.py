"""The knowledge base in the JSON API under /api/v1/knowledge/ (GB/T 44191; issue #13 items 7 and 11): the
category tree, Chinese search over the articles in force, one article, and the "helped / did not help" mark.

Staff call with their session, other channels' systems with their X-API-Key; only published articles in force are
served here (drafts stay in the back office).
"""

import datetime as dt

from django.utils.translation import gettext_lazy as _
from ninja import Query, Router, Schema
from pydantic import Field

from digigov.core.api_inputs import Id
from digigov.core.errors import NotFoundError
from digigov.knowledge import selectors, services
from digigov.knowledge.models import Article, Category

router = Router(tags=["knowledge"])


class CategoryOut(Schema):
    id: int
    code: str
    name: str
    parent_code: str | None

    @staticmethod
    def resolve_parent_code(obj: Category) -> str | None:
        return obj.parent.code if obj.parent_id else None


class ArticleOut(Schema):
    id: int
    title: str
    keywords: str
    answer: str
    category_code: str
    category_name: str
    department: str
    valid_from: dt.date | None
    valid_until: dt.date | None
    used_count: int
    helped_count: int
    not_helped_count: int

    @staticmethod
    def resolve_category_code(obj: Article) -> str:
        return obj.category.code

    @staticmethod
    def resolve_category_name(obj: Article) -> str:
        return obj.category.name

    @staticmethod
    def resolve_department(obj: Article) -> str:
        return obj.department.name


class SearchIn(Schema):
    q: str = Field("", max_length=100, description="Words to find (Chinese is segmented); empty: most used first")
    category: str = Field("", max_length=20, description="A category code: only its subtree")
    limit: int = Field(10, ge=1, le=50)


class MarkIn(Schema):
    helped: bool


def _actor(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@router.get("/categories", response=list[CategoryOut], summary="The subject category tree (in use)")
def category_list(request):
    return list(selectors.category_list())


@router.get("/articles", response=list[ArticleOut], summary="Search the articles in force")
def article_search(request, filters: Query[SearchIn]):
    category = None
    if filters.category:
        category = selectors.category_list().filter(code=filters.category).first()
        if category is None:
            raise NotFoundError(_("No subject category in use has this code."))
    return selectors.article_search(terms=filters.q, category=category, limit=filters.limit)


@router.get("/articles/{article_id}", response=ArticleOut, summary="One article in force")
def article_get(request, article_id: Id):
    return selectors.article_get_published(article_id)


@router.post("/articles/{article_id}/mark", response=ArticleOut, summary="Mark an article helpful or not")
def article_mark(request, article_id: Id, body: MarkIn):
    return services.article_mark(article_id=article_id, helped=body.helped, actor=_actor(request))
