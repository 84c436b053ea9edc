import pytest
from django.core.cache import cache
from django.db import connection

from digigov.websites import search, site_lifecycle


@pytest.fixture(autouse=True)
def _no_closed_hosts_remembered():
    """Closed sites' host names are cached; a test's database does not outlive it, so neither does the cache."""
    cache.delete(site_lifecycle.CLOSED_HOSTS_KEY)


@pytest.fixture(autouse=True)
def _empty_search_index(request):
    """The index table is raw SQL: the flush after a transactional test (a browser test, another app's) leaves its
    rows behind, naming items that are gone. Each test of this app starts with it empty."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {search.INDEX.table}")  # noqa: S608
