"""The 12345 demo (issue 13 item 10): the centre in the rules, its accounts, the category tree, at least 200
published knowledge articles, a year of tickets of every kind with return visits, reopenings, hand-backs and overdue
ones (DIGIGOV_DEMO_HOTLINE_TICKETS: 200 in tests), today's calls through the services; a second load adds nothing."""

import random

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from digigov.core import divisions
from digigov.core.models import LedgerEntry
from digigov.core.rules import rule
from digigov.demo import hotline as demo_hotline
from digigov.demo import province
from digigov.hotline import figures
from digigov.hotline.models import Assignment, RoutingRule, Ticket, TicketEvent
from digigov.knowledge.models import Article, Category

pytestmark = pytest.mark.django_db


def load():
    divisions.load_divisions()
    orgs = province.load_organisations(random.Random(20260101))
    province.load_staff(orgs)
    return demo_hotline.load_hotline(random.Random(1), orgs)


def test_the_hotline_demo_holds_a_realistic_year_and_loads_once():
    accounts = load()
    centre = Ticket.objects.values_list("centre", flat=True).first()
    assert str(centre) in str(rule("hotline.centre_organisations")).split(",")
    assert str(centre) in str(rule("knowledge.centre_organisations")).split(",")
    assert {"hotline.agent", "hotline.supervisor", "hotline.housing"} <= {a.username for a in accounts}
    assert Category.objects.filter(code="0401", name="劳动工资").exists() and Category.objects.count() >= 48
    assert Article.objects.filter(status="published").count() >= 200
    assert RoutingRule.objects.count() == 12

    total = Ticket.objects.count()
    assert total == settings.DIGIGOV_DEMO_HOTLINE_TICKETS == 200
    kinds = dict(Ticket.objects.values_list("kind").annotate(n=Count("pk")))
    assert set(kinds) >= {"consultation", "help", "complaint", "suggestion"}
    ratings = dict(Ticket.objects.exclude(satisfaction="").values_list("satisfaction").annotate(n=Count("pk")))
    assert set(ratings) == {"satisfied", "fairly", "unsatisfied"} and ratings["satisfied"] > ratings["unsatisfied"]
    assert Ticket.objects.filter(reopen_count=1).exists()
    assert Assignment.objects.exclude(hand_back_reason="").exists()
    assert Ticket.objects.overdue().exists()
    assert Ticket.objects.filter(resolution="answered", article_id__isnull=False).exists()
    oldest = Ticket.objects.order_by("created_at").first().created_at
    assert (timezone.now() - oldest).days > 250  # spread over the year
    assert Ticket.objects.values("division__parent").distinct().count() > 5  # across Hubei
    assert TicketEvent.objects.filter(action="visit").count() >= len(ratings)
    assert LedgerEntry.objects.filter(action="hotline.tickets.migrated").count() == 1
    assert LedgerEntry.objects.filter(action="hotline.ticket.created").exists()  # today's calls, through services

    supervisor = get_user_model().objects.get(username="hotline.supervisor")
    today = timezone.localdate()
    rates = figures.rates(actor=supervisor, period=figures.Period(today.replace(year=today.year - 1), today))
    assert rates.registered == total and 80 < rates.satisfaction_rate < 100 and 80 < rates.on_time_rate < 100

    before = (Ticket.objects.count(), Article.objects.count(), LedgerEntry.objects.count())
    load()
    assert (Ticket.objects.count(), Article.objects.count(), LedgerEntry.objects.count()) == before
