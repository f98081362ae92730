"""Health news: the scheduled refresh stores WHO's feed; GET /api/health-news/ serves it publicly."""

from datetime import datetime

from sqlalchemy import func, select

from core.api import db, enqueue
from plugins.research import jobs
from plugins.research.models import ResearchNewsItem

FEED_TITLES = ["World AMR Awareness Week: act now to protect our present and secure our future",
               "Measles cases rise as vaccination coverage stalls", "World Diabetes Day 2026"]


def refresh(app) -> None:
    with app.app_context():
        enqueue(jobs.refresh_health_news)


def stored(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(ResearchNewsItem))


def test_the_refresh_is_scheduled_hourly_or_as_configured(monkeypatch):
    from flask import Flask

    from plugins.research import register_schedules

    (schedule,) = register_schedules(Flask("x"))
    assert schedule.job is jobs.refresh_health_news and schedule.interval.total_seconds() == 3600
    monkeypatch.setenv("RESEARCH_NEWS_REFRESH_MINUTES", "15")
    assert register_schedules(Flask("x"))[0].interval.total_seconds() == 900


def test_refresh_stores_the_feed_and_anyone_can_read_it_newest_first(app, client, literature):
    refresh(app)
    response = client.get("/api/health-news/")
    body = response.get_json()
    assert response.status_code == 200 and body["total"] == 3
    assert [item["title"] for item in body["items"]] == FEED_TITLES
    first = body["items"][0]
    assert first["link"] == "https://www.who.int/news/item/24-11-2026-antimicrobial-resistance-week"
    assert first["summary"] == "Antimicrobial resistance & what everyone can do."
    assert first["source"] == "WHO news"
    assert datetime.fromisoformat(first["published_at"]).isoformat() == "2026-11-24T08:30:00+00:00"
    assert "<strong>" not in body["items"][1]["summary"] and "sharply" in body["items"][1]["summary"]
    assert literature.count("news") == 1


def test_a_second_refresh_adds_only_new_items(app, literature):
    refresh(app)
    literature.feed = literature.feed.replace(
        b"<item>", b"<item><guid>new-1</guid><link>https://www.who.int/news/item/new</link><title>New item"
                   b"</title><pubDate>Wed, 25 Nov 2026 09:00:00 Z</pubDate></item><item>", 1)
    with app.app_context():
        assert jobs.refresh_health_news() == 1
    assert stored(app) == 4


def test_a_failing_feed_keeps_serving_the_stored_news(app, client, literature):
    refresh(app)
    literature.fail("news", 503, times=3)
    refresh(app)
    literature.fail("news", 200, b"<html><body>Maintenance</body></html>", content_type="text/html")
    refresh(app)
    assert client.get("/api/health-news/").get_json()["total"] == 3


def test_reading_news_with_a_token_works_too_and_pages(app, client, user):
    refresh(app)
    body = client.get("/api/health-news/?page=2&page_size=2", headers=user.headers).get_json()
    assert (body["page"], body["pages"], [i["title"] for i in body["items"]]) == (2, 2, FEED_TITLES[2:])


def test_anonymous_readers_get_three_a_minute(app, client):
    for _ in range(3):
        assert client.get("/api/health-news/").status_code == 200
    response = client.get("/api/health-news/")
    assert response.status_code == 429 and response.get_json()["error"] == "rate_limited"


def test_health_check_reports_the_last_refresh(app, client):
    from plugins.research.health import news_freshness

    with app.app_context():
        assert news_freshness().status == "degraded"
    refresh(app)
    with app.app_context():
        result = news_freshness()
    assert result.status == "ok" and result.data["items"] == 3


def test_health_endpoint_lists_the_news_check(app, client):
    before = client.get("/api/health/").get_json()["plugins"]["research"]
    refresh(app)
    after = client.get("/api/health/").get_json()["plugins"]["research"]
    assert before["health_news"]["status"] == "degraded" and after["health_news"]["status"] == "ok"
