"""The refresh_summary job and the summary it stores."""

import json

from hygeia_sleep.context import is_about_sleep


def test_summary_is_empty_before_any_night(client, user):
    summary = client.get("/api/sleep/summary/", headers=user.headers).get_json()
    assert summary["nights"] == 0 and summary["average_minutes"] is None and summary["updated_at"] is None
    assert summary["window_nights"] == 14


def test_the_job_summarises_duration_quality_short_nights_and_bedtime_spread(client, user, log_night):
    assert log_night(user, 5, "23:30", 480, quality=4).status_code == 201
    assert log_night(user, 3, "00:30", 300, quality=2).status_code == 201  # the night of 4 days ago
    assert log_night(user, 2, "23:30", 420).status_code == 201
    summary = client.get("/api/sleep/summary/", headers=user.headers).get_json()
    assert summary["nights"] == 3 and summary["window_nights"] == 14
    assert summary["average_minutes"] == 400  # (480 + 300 + 420) / 3
    assert summary["average_quality"] == 3.0  # unrated nights are left out
    assert summary["short_nights"] == 1  # under 6 hours
    assert summary["bedtime_spread_minutes"] == 28  # pstdev(690, 750, 690) = 28.3: midnight does not split them


def test_the_window_and_the_short_night_threshold_are_settings(make_app, sleep_tables, make_user, log_night):
    app = make_app({"HYGEIA_PLUGINS": ["sleep"], "SLEEP_SUMMARY_NIGHTS": 2, "SLEEP_SHORT_NIGHT_MINUTES": 450})
    client, user = app.test_client(), make_user()
    for days_ago, minutes in ((5, 300), (4, 440), (3, 460)):
        bedtime_night = log_night(user, days_ago, "23:00", minutes)
        assert bedtime_night.status_code == 201
    # log_night posts through the default app; summaries are recomputed with this app's settings:
    result = app.test_cli_runner().invoke(args=["sleep", "refresh-summaries"])
    assert result.exit_code == 0 and result.output.strip() == "refreshed 1 summaries"
    summary = client.get("/api/sleep/summary/", headers=user.headers).get_json()
    assert summary["window_nights"] == 2 and summary["nights"] == 2
    assert summary["average_minutes"] == 450 and summary["short_nights"] == 1


def test_summary_appears_in_plugins_list(app):
    data = json.loads(app.test_cli_runner().invoke(args=["plugins", "list", "--json"]).output)
    sleep = next(row for row in data["plugins"] if row["name"] == "sleep")
    assert sleep["enabled"] and sleep["contributes"]["tables"] == ["sleep_logs", "sleep_summaries"]
    assert sleep["contributes"]["jobs"] == ["refresh_summary"]


def test_sleep_words_in_three_languages():
    for text in ("I slept badly", "so tired lately", "Insomnia again", "duermo mal", "je dors mal",
                 "très fatigué", "cansada todo el día", "problème de sommeil"):
        assert is_about_sleep(text), text
    for text in ("my knee hurts", "what should I eat?", "rash on my arm", ""):
        assert not is_about_sleep(text), text


def test_settings_come_from_the_environment_when_the_config_has_none(make_app, sleep_tables, monkeypatch):
    monkeypatch.setenv("SLEEP_SUMMARY_NIGHTS", "3")
    app = make_app({"HYGEIA_PLUGINS": ["sleep"]})
    assert app.config["SLEEP_SUMMARY_NIGHTS"] == 3 and app.config["SLEEP_SHORT_NIGHT_MINUTES"] == 360
    assert make_app({"HYGEIA_PLUGINS": ["sleep"], "SLEEP_SUMMARY_NIGHTS": 5}).config["SLEEP_SUMMARY_NIGHTS"] == 5
