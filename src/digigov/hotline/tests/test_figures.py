"""The analysis figures (R5.1; issue 13 item 8) on a small known set (tests/analysis_data.py): each rate and the
ranking of departments worked out by hand; another centre's tickets are never counted."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from digigov.core.errors import DomainError, PermissionDeniedError
from digigov.core.tests.factories import staff
from digigov.hotline import api, figures
from digigov.hotline.figures import Filters, Period
from digigov.hotline.tests.analysis_data import EXPECTED, known

pytestmark = pytest.mark.django_db


def period():
    today = timezone.localdate()
    return Period(today - dt.timedelta(days=6), today)


def test_rates_match_the_hand_count():
    k = known()
    rates = figures.rates(actor=k.s.supervisor, period=period())
    for name, value in EXPECTED.items():
        assert getattr(rates, name) == value, name
    assert rates.answered_at_once == 0 and rates.at_once_rate == 0.0


def test_the_other_centre_sees_only_its_own_ticket():
    k = known()
    rates = figures.rates(actor=k.other_agent, period=period())
    assert (rates.registered, rates.closed, rates.visited, rates.on_time_rate) == (1, 1, 0, 100.0)
    assert rates.satisfaction_rate is None  # nothing rated: no rate, not 0
    spots = figures.hotspots(actor=k.other_agent, period=period())
    assert spots.by_division == {"420200": 1}
    assert figures.department_ranking(actor=k.other_agent, period=period()) == []
    # and centre A's hotspots hold none of the other centre's division
    assert "420200" not in figures.hotspots(actor=k.s.supervisor, period=period()).by_division


def test_a_department_handler_reads_no_figures():
    k = known()
    assert figures.scope(k.s.handler) == set()
    assert figures.rates(actor=k.s.handler, period=period()).registered == 0
    with pytest.raises(PermissionDeniedError):
        figures.figures_summary(actor=k.s.handler, start=period().start, end=period().end)


def test_department_ranking_by_hand():
    k = known()
    rows = figures.department_ranking(actor=k.s.supervisor, period=period())
    dept1, dept2 = rows
    assert (dept1.name, dept1.rank, dept2.name, dept2.rank) == ("武汉市住房和城市更新局", 1, "江岸区城市管理执法局", 2)
    # dept1 led t1, t2 and the second dispatch of t5; replied t1 and t2 in time; t5 waits past its due date
    assert (dept1.assigned, dept1.replied, dept1.on_time, dept1.overdue_now) == (3, 2, 2, 1)
    assert (dept1.visited, dept1.satisfied, dept1.handed_back, dept1.reopened) == (2, 2, 0, 1)
    assert (dept1.on_time_rate, dept1.satisfaction_rate) == (100.0, 100.0)
    # dept2 led t3 (replied late, 不满意) and handed t5 back
    assert (dept2.assigned, dept2.replied, dept2.on_time, dept2.overdue_now) == (2, 1, 0, 0)
    assert (dept2.visited, dept2.satisfied, dept2.handed_back, dept2.reopened) == (1, 0, 1, 0)
    assert (dept2.on_time_rate, dept2.satisfaction_rate) == (0.0, 0.0)


def test_hotspots_trend_and_filters():
    k = known()
    p = period()
    counts = figures.hotspot_counts(centre_ids={k.s.centre.pk}, month_start=p.start, month_end=p.end)
    housing = k.tickets["t1"].category_id
    assert counts == {(housing, "420102"): 1, (None, "420102"): 4}
    spots = figures.hotspots(actor=k.s.supervisor, period=p)
    assert spots.total == 5 and spots.by_division == {"420102": 5}
    assert spots.by_category == [("", "未分类", 4), ("05", "住房保障", 1)]
    assert figures.city_counts(spots.by_division)[0:1] == [("420100", "武汉市", 5)]
    trend = figures.trend(actor=k.s.supervisor, period=p)
    assert trend.unit == "day" and len(trend.buckets) == 7 and trend.totals[-1] == 5 and sum(trend.totals) == 5
    assert (trend.counts["complaint"][-1], trend.counts["consultation"][-1], trend.counts["help"][-1]) == (3, 1, 1)
    assert figures.rates(actor=k.s.supervisor, period=p, filters=Filters(kind="complaint")).registered == 3
    assert figures.rates(actor=k.s.supervisor, period=p, filters=Filters(category_code="05")).closed == 1
    assert figures.rates(actor=k.s.supervisor, period=p, filters=Filters(division_code="420100")).registered == 5
    assert figures.rates(actor=k.s.supervisor, period=p, filters=Filters(division_code="420200")).registered == 0
    # the week before holds nothing; a year is counted by month
    assert figures.rates(actor=k.s.supervisor, period=p.before()).registered == 0
    year = Period(p.end - dt.timedelta(days=364), p.end)
    assert figures.trend(actor=k.s.supervisor, period=year).unit == "month"


def test_each_figure_is_one_query_whatever_the_tickets():
    k = known()
    with CaptureQueriesContext(connection) as queries:
        figures.department_ranking(actor=k.s.supervisor, period=period())
    # scope (memberships, rule), one GROUP BY, the department names
    assert len([q for q in queries.captured_queries if "GROUP BY" in q["sql"]]) == 1


def test_the_summary_for_dashboards():
    k = known()
    p = period()
    summary = api.figures_summary(actor=k.s.agent, start=p.start, end=p.end)
    assert summary["totals"]["registered"] == 5 and summary["rates"]["satisfaction"] == 66.7
    assert summary["divisions"][0] == {"code": "420100", "name": "武汉市", "count": 5}
    assert {"code": "420200", "name": "黄石市", "count": 0} in summary["divisions"]
    with pytest.raises(DomainError) as caught:
        api.figures_summary(actor=k.s.agent, start=p.end, end=p.start)
    assert "to" in caught.value.fields
    assert figures.scope(staff("handler", k.dept2)) == set()
