"""The sleep log answers other plugins' ai_context requests about sleep, for the asking user only."""

from core.api import gather_ai_context


def test_sleep_questions_get_the_users_summary(app, user, make_user, log_night):
    log_night(user, 3, "23:00", 450, quality=4)
    log_night(user, 2, "23:30", 390, quality=3)
    with app.app_context():
        items = gather_ai_context("Why am I so tired in the mornings?", user.id, requester="chat")
        assert [(item.plugin, item.title) for item in items] == [("sleep", "The user's sleep log")]
        assert "Average sleep: 7 h 00 min; 0 short night(s)." in items[0].text
        assert "Average self-rated quality: 3.5/5." in items[0].text
        assert items[0].sources[0]["type"] == "sleep_log" and items[0].sources[0]["nights"] == 2
        assert gather_ai_context("My knee hurts when I run", user.id, requester="chat") == []
        assert gather_ai_context("I sleep badly", make_user().id, requester="chat") == []
        assert gather_ai_context("I sleep badly", None, requester="chat") == []


def test_the_plugin_does_not_answer_its_own_requests(app, user, log_night):
    log_night(user, 3, "23:00", 450)
    with app.app_context():
        assert gather_ai_context("I sleep badly", user.id, requester="sleep") == []
