"""Item-level figures (R4.1, R4.3) on a catalogue small enough to count by hand."""

import pytest

from digigov.core.rules import rule_set
from digigov.core.tests.factories import DivisionFactory, OrganisationFactory, UserFactory
from digigov.eservices.choices import ItemStatus, Substitute
from digigov.eservices.figures import ALL, DEPARTMENT, LEVEL, figure_table, item_figures
from digigov.eservices.tests.factories import MaterialFactory, ServiceItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """Province department A: three published items; city department B: one published item and one draft.

    | item | depth | visits | legal | promised | materials (substituted) |
    | A1   | IV    | 0      | 20    | 5        | 2 (1 e-licence)         |
    | A2   | II    | 2      | 10    | 10       | 0                       |
    | A3   | III   | 1      | — (0) | 3        | 0                       |
    | B1   | III   | 1      | 20    | 5        | 2 (1 shared)            |
    | B2   | IV draft: left out of everything                            |
    """
    a = OrganisationFactory(name="甲厅")
    b = OrganisationFactory(name="乙局", division=DivisionFactory(code="420100", name="武汉市", level="city"))
    a1 = ServiceItemFactory(organisation=a, online_depth=4, visits=0, legal_days=20, promised_days=5)
    ServiceItemFactory(organisation=a, online_depth=2, visits=2, legal_days=10, promised_days=10)
    ServiceItemFactory(organisation=a, online_depth=3, visits=1, legal_days=0, promised_days=3)
    b1 = ServiceItemFactory(organisation=b, online_depth=3, visits=1, legal_days=20, promised_days=5)
    b2 = ServiceItemFactory(organisation=b, online_depth=4, visits=0, status=ItemStatus.DRAFT)
    MaterialFactory(item=a1, substitute=Substitute.LICENCE, licence_type="11100000000013338W001")
    MaterialFactory(item=a1)
    MaterialFactory(item=b1, substitute=Substitute.SHARED)
    MaterialFactory(item=b1)
    MaterialFactory(item=b2, substitute=Substitute.LICENCE)
    return a, b


def test_overall_figures(catalogue):
    overall = item_figures().overall.as_dict()
    assert overall | {"key": "", "label": ""} == {
        "key": "",
        "label": "",
        "items": 4,
        "online": 3,  # A1, A3, B1: depth ≥ III
        "online_rate": 75.0,
        "full_online": 1,  # A1: depth IV
        "full_online_rate": 25.0,
        "one_visit": 3,  # A1, A3, B1
        "materials": 4,
        "substituted": 2,
        "substitution_rate": 50.0,
        "legal_days": 50,  # A3 has no legal limit: 20 + 10 + 20
        "promised_days": 20,  # 5 + 10 + 5
        "time_compression": 60.0,  # 1 − 20/50
    }


def test_per_department_and_per_division_level(catalogue):
    a, b = catalogue
    figures = item_figures()
    by_department = {f.label: f for f in figures.by_department}
    assert (by_department["甲厅"].online_rate, by_department["甲厅"].time_compression) == (66.7, 50.0)
    assert (by_department["乙局"].online_rate, by_department["乙局"].time_compression) == (100.0, 75.0)
    assert by_department["甲厅"].substitution_rate == 50.0 and by_department["乙局"].items == 1
    assert [(f.key, f.label, f.items) for f in figures.by_level] == [("province", "省", 3), ("city", "市", 1)]
    assert item_figures(organisations={b.pk}).overall.items == 1


def test_the_depth_threshold_is_a_rule(catalogue):
    rule_set(actor=UserFactory(is_superuser=True), key="eservices.online_depth_min", value=4)
    assert (item_figures().overall.online, item_figures().overall.online_rate) == (1, 25.0)


def test_no_item_no_rate(db):
    overall = item_figures().overall
    assert (overall.items, overall.online_rate, overall.substitution_rate, overall.time_compression) == (
        0,
        None,
        None,
        None,
    )


def test_the_figure_table_sets_each_row_beside_its_target(catalogue):
    """Provincial rows are judged against 90%, city rows against 70%; the overall online rate mixes levels and is
    judged per level only; the one-visit count has a target only over all departments."""
    blocks = {b.figure.key: b for b in figure_table()}
    assert list(blocks) == [
        "online_rate",
        "full_online_rate",
        "one_visit",
        "substitution_rate",
        "time_compression",
        "case_online_rate",
        "case_full_online_rate",
        "case_online_concluded_rate",
        "case_on_time_rate",
        "case_visits",
        "case_held_rate",
    ]
    online = blocks["online_rate"]
    assert [(r.scope, r.label, r.value, r.numerator, r.denominator) for r in online.rows] == [
        (ALL, "全部", 75.0, 3, 4),
        (LEVEL, "省级", 66.7, 2, 3),
        (LEVEL, "市级", 100.0, 1, 1),
        (DEPARTMENT, "乙局", 100.0, 1, 1),
        (DEPARTMENT, "甲厅", 66.7, 2, 3),
    ]
    assert [(r.target and r.target.value, r.met) for r in online.rows] == [
        (None, None),
        (90, False),
        (70, True),
        (70, True),
        (90, False),
    ]
    one_visit = blocks["one_visit"]
    assert (one_visit.overall.value, one_visit.overall.target.value, one_visit.overall.met) == (3, 200, False)
    assert all(r.target is None for r in one_visit.scoped(DEPARTMENT))
    time = blocks["time_compression"]
    assert [(r.value, r.numerator, r.denominator, r.met) for r in time.scoped(DEPARTMENT)] == [
        (75.0, 5, 20, True),
        (50.0, 15, 30, True),
    ]
    assert blocks["full_online_rate"].overall.value == 25.0 and blocks["full_online_rate"].overall.target is None


def test_the_figure_table_follows_the_rules_in_force(catalogue):
    admin = UserFactory(is_superuser=True)
    rule_set(actor=admin, key="eservices.time_limit_reduction_target", value=60)
    rule_set(actor=admin, key="eservices.online_rate_target_local", value=100)
    blocks = {b.figure.key: b for b in figure_table()}
    assert [r.met for r in blocks["time_compression"].scoped(DEPARTMENT)] == [True, False]
    assert [(r.target.value, r.met) for r in blocks["online_rate"].scoped(DEPARTMENT)] == [(100, True), (90, False)]


def test_case_figures_count_online_on_time_visits_and_materials_fetched():
    import datetime as dt

    from digigov.eservices.choices import Provision
    from digigov.eservices.figures import case_figures
    from digigov.eservices.models import Case
    from digigov.eservices.services import cases
    from digigov.eservices.tests.case_setup import PDF, world

    w = world(process="instant", promised_days=0)
    monday = dt.date(2026, 12, 7)
    online = cases.case_start(actor=w.citizen, item=w.item)
    held = [cases.Held(w.materials[0].pk, Provision.SHARED, "省公安厅 人口基础信息", "9")]
    online = cases.case_submit(actor=w.citizen, case=online, post=w.post(), held=held, today=monday)
    cases.case_accept(actor=w.handler, case=online, today=monday)  # 即办: concluded the same day
    counter = cases.case_start(actor=w.handler, item=w.item, channel="counter", party=w.citizen_party())
    cases.material_attach(actor=w.handler, case=counter, material_id=w.materials[0].pk, filename="a.pdf", data=PDF)
    cases.case_submit(actor=w.handler, case=counter, post=w.post(), today=monday)  # still waiting
    figures = case_figures(organisations={w.item.organisation_id})
    overall = figures.overall
    assert (overall.cases, overall.online, overall.concluded) == (2, 1, 1)
    assert overall.online_rate == 50.0 and overall.on_time_rate == 100.0 and overall.mean_visits == 0.0
    assert overall.full_online_rate == 100.0 and overall.online_concluded_rate == 100.0
    assert (overall.materials, overall.held, overall.held_rate) == (1, 1, 100.0)

    # a second online application is withdrawn; a third is concluded after the applicant came in twice
    withdrawn = cases.case_start(actor=w.citizen, item=w.item)
    withdrawn = cases.case_submit(actor=w.citizen, case=withdrawn, post=w.post(), held=held, today=monday)
    cases.case_withdraw(actor=w.citizen, case=withdrawn)
    visited = cases.case_start(actor=w.citizen, item=w.item)
    visited = cases.case_submit(actor=w.citizen, case=visited, post=w.post(), held=held, today=monday)
    cases.case_accept(actor=w.handler, case=visited, today=monday)
    Case.objects.filter(pk=visited.pk).update(visits=2)
    overall = case_figures(organisations={w.item.organisation_id}).overall
    assert (overall.cases, overall.online, overall.online_ended, overall.online_concluded) == (4, 3, 3, 2)
    assert overall.online_concluded_rate == 66.7  # 网上办结率: 2 of the 3 online applications that ended
    assert overall.full_online_rate == 50.0  # 全流程网办率: 1 of 2 concluded cases without a visit
    assert overall.mean_visits == 1.0  # 到现场次数: 2 visits over 2 concluded online applications
    assert case_figures(organisations=set()).overall.cases == 0  # another department's scope sees none
