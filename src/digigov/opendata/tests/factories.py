"""An open dataset as a department makes one: a published catalogue resource, a table uploaded and mounted to it."""

from digigov.catalog.choices import OpenType, SensitiveKind, ShareType
from digigov.catalog.tests.factories import InformationItemFactory, ResourceFactory, indexed
from digigov.core.tests.factories import OrganisationFactory, staff
from digigov.exchange.tests.factories import hosted_table_mounted

STOPS = [("1路", "汉口火车站", "武昌火车站"), ("2路", "光谷广场", "中南路"), ("3路", "王家湾", "徐东")]
ITEMS = [("xlmc", "线路名称"), ("qdz", "起点站"), ("zdz", "终点站")]


def open_dataset(*, name="武汉市公交线路信息", rows=STOPS, open_type=OpenType.UNCONDITIONAL, hosted=True,
                 provider=None, with_sensitive_item=False, **fields):  # fmt: skip
    provider = provider or OrganisationFactory(name="湖北省交通运输厅")
    status = fields.pop("status", None)  # set after mounting: only a published resource is mounted
    resource = ResourceFactory(name=name, provider=provider, open_type=open_type, **fields)
    for position, (ident, item_name) in enumerate(ITEMS):
        InformationItemFactory(resource=resource, identifier=ident, name=item_name, position=position,
                               is_key=position == 0)  # fmt: skip
    if with_sensitive_item:  # published before the catalogue refused it
        InformationItemFactory(resource=resource, identifier="jsylxdh", name="驾驶员联系电话", position=9,
                               sensitive=SensitiveKind.PHONE)  # fmt: skip
    if hosted and resource.share_type != ShareType.NOT_SHARED and status is None:
        header = ["线路", "起点", "终点"]
        field_map = dict(zip([ident for ident, _name in ITEMS], header, strict=True))
        data = [list(row) for row in rows]
        if with_sensitive_item:
            header, field_map["jsylxdh"] = [*header, "电话"], "电话"
            data = [[*row, "13912345678"] for row in data]
        hosted_table_mounted(resource=resource, header=header, rows=data, field_map=field_map,
                             actor=staff(organisation=provider))  # fmt: skip
    indexed(resource)
    if status is not None:
        resource.status = status
        resource.save(update_fields=["status"])
    return resource
