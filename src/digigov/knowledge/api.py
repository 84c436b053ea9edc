"""What other apps may call on the knowledge base (GB/T 44191). Nothing else of `knowledge` is public.

The hotline (issue #13) searches while the caller talks (`article_search`), suggests articles for a ticket's
request in the caller's words (`article_suggestions`), shows one article
(`article_get_published`), counts an article that answered a ticket (`article_used`) and records the caller's or
agent's verdict (`article_mark`).
"""

from digigov.knowledge.models import Article, Category
from digigov.knowledge.selectors import article_get_published, article_search, article_suggestions, category_list
from digigov.knowledge.services import article_mark, article_used

__all__ = [
    "Article",
    "Category",
    "article_get_published",
    "article_mark",
    "article_search",
    "article_suggestions",
    "article_used",
    "category_list",
]
