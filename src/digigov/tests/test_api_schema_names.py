"""Every schema of the JSON API has a name of its own: the OpenAPI document keys its components by class name, so a
second `VersionOut` in another app silently replaced the first, and that app's answers then broke "their" schema
(the fuzz test found it after the workflow API was added)."""

from collections import defaultdict

from ninja import Schema

from digigov.api_v1 import api


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_no_two_api_schemas_share_a_name():
    api.get_openapi_schema()  # every router imported and its schemas built
    by_name = defaultdict(set)
    for schema in _subclasses(Schema):
        if schema.__module__.startswith("digigov."):
            by_name[schema.__name__].add(schema.__module__)
    shared = {name: sorted(modules) for name, modules in by_name.items() if len(modules) > 1}
    assert not shared, shared
