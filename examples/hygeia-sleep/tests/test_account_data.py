"""The user's nights come with their data export and go with their account."""

from core.testing import TEST_PASSWORD


def test_the_export_holds_the_users_nights_and_summary_only(client, make_user, log_night):
    ana, ben = make_user(), make_user()
    night = log_night(ana, 3, "23:10", 450, quality=4, note="Coffee after 6 pm.").get_json()
    log_night(ben, 3, "22:00", 500)
    export = client.get("/api/profile/export/", headers=ana.headers).get_json()
    sleep = export["plugins"]["sleep"]
    assert [(n["id"], n["night"], n["minutes"], n["note"]) for n in sleep["nights"]] == [
        (night["id"], night["night"], 450, "Coffee after 6 pm.")]
    assert sleep["summary"]["nights"] == 1 and sleep["summary"]["average_quality"] == 4.0
    fresh = client.get("/api/profile/export/", headers=make_user().headers).get_json()
    assert "sleep" not in fresh["plugins"]  # nothing kept: the plugin is left out


def test_deleting_the_account_deletes_its_nights(app, client, make_user, log_night):
    from sqlalchemy import func, select

    from core.api import db
    from hygeia_sleep.models import SleepLog, SleepSummary

    ana, ben = make_user(), make_user()
    log_night(ana, 3, "23:10", 450)
    log_night(ben, 3, "22:00", 500)
    deleted = client.delete("/api/profile/account/", headers=ana.headers, json={"password": TEST_PASSWORD})
    assert deleted.status_code == 204
    with app.app_context():
        owners = set(db.session.scalars(select(SleepLog.user_id)))
        assert owners == {ben.id}
        assert db.session.scalar(select(func.count()).select_from(SleepSummary)) == 1
