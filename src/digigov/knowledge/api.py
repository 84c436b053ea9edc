"""What other apps may call on the knowledge base (GB/T 44191). Nothing else of `knowledge` is public."""

from digigov.knowledge.models import Article, Category
from digigov.knowledge.selectors import article_search, category_list

__all__ = ["Article", "Category", "article_search", "category_list"]
