"""The catalogue's ledger actions read as words (R0.4, core/audit_actions.py): a review with its comment, and the
keys the list import and export build for each list."""

import pytest
from django.utils import translation

from digigov.catalog import services
from digigov.catalog.services.list_io import TITLES
from digigov.catalog.tests.helpers import operator_user
from digigov.catalog.tests.test_services import draft
from digigov.core import audit_actions
from digigov.core.choices import Role
from digigov.core.models import LedgerEntry
from digigov.core.tests.factories import OrganisationFactory, staff


def test_each_list_import_and_export_key_is_registered():
    keys = [f"catalog.{kind}.{verb}" for kind in TITLES for verb in ("imported", "exported")]
    assert len(keys) == 6 and all(audit_actions.is_registered(key) for key in keys)


@pytest.mark.django_db
def test_a_returned_resource_reads_with_the_reviewers_name_and_comment():
    org = OrganisationFactory(name="省公安厅")
    handler = staff(Role.HANDLER, org, last_name="张", first_name="敏")
    operator = operator_user()
    operator.last_name, operator.first_name = "王", "建国"
    operator.save()
    resource = draft(handler, org)
    services.resource_submit(actor=handler, resource=resource)
    services.resource_review(actor=operator, resource=resource, approve=False, comment="信息项缺少数据元")
    entries = LedgerEntry.objects.filter(object_type="catalog.resource", object_id=str(resource.pk)).order_by("seq")
    with translation.override("zh-hans"):  # what people read; another test may have left English on
        said = [(d.person, d.label, d.sentence) for d in audit_actions.describe_many(entries)]
    assert said[0][:2] == ("张敏", "编制目录资源") and "常住人口基本信息（无条件共享）" in said[0][2]
    assert said[1][:2] == ("张敏", "资源提交审核")
    assert said[2] == ("王建国", "资源退回修改", "意见：信息项缺少数据元")
