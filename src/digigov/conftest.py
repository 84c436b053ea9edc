import pytest
from django.core.cache import cache

from digigov.core import calendar


@pytest.fixture(autouse=True)
def _fresh_caches():
    """Rules and calendar are cached per process; every test starts from what its database says."""
    cache.clear()
    calendar._exceptions.cache_clear()
    yield
    cache.clear()
    calendar._exceptions.cache_clear()
