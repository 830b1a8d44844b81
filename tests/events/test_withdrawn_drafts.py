"""A draft the host withdraws before sending it stays the host's: co-hosts never see it.

Withdrawing is possible from a draft and from a proposal (``planner.core.lifecycle``);
both end in ``withdrawn``. Only the proposal was ever sent to the co-hosts, so only it
is theirs to see afterwards, on the pages, in the API, on the dashboard and in the
organizer feed alike.
"""

from __future__ import annotations

from flask.testing import FlaskClient

from planner.calendars import feeds
from planner.calendars import tokens as feed_tokens
from planner.dashboard.queries import dashboard_for
from planner.events import negotiation
from planner.events.access import can_view
from planner.events.queries import visible_events
from planner.models import Event, EventStatus
from tests.api_client import Api
from tests.factories import EMBASSY, HOST, event_in, user


def _withdrawn_draft() -> Event:
    """A draft LINK-J withdrew without ever sending it to the embassy and the cluster."""
    draft = event_in("draft")
    return negotiation.withdraw_proposal(user(HOST), draft.id)


def test_a_withdrawn_draft_is_hidden_from_cohosts_in_every_read(people) -> None:  # noqa: ANN001
    event = _withdrawn_draft()
    assert event.status == EventStatus.WITHDRAWN
    cohost = people["dk-embassy"]
    assert not can_view(cohost, event)
    assert event.id not in {listed.id for listed in visible_events(cohost)}
    board = dashboard_for(cohost)
    every_group = [*board.awaiting_my_answer, *board.awaiting_partners, *board.drafts]
    every_group += [*board.upcoming, *board.closed]
    assert event.id not in {shown.id for shown in every_group}
    # The host still has it, among the closed ones.
    host = people["link-j"]
    assert can_view(host, event)
    assert event.id in {shown.id for shown in dashboard_for(host).closed}


def test_a_withdrawn_proposal_stays_visible_to_cohosts(people) -> None:  # noqa: ANN001
    event = event_in("withdrawn")
    cohost = people["dk-embassy"]
    assert can_view(cohost, event)
    assert event.id in {listed.id for listed in visible_events(cohost)}
    assert event.id in {shown.id for shown in dashboard_for(cohost).closed}


def test_a_withdrawn_draft_is_not_found_on_the_cohosts_pages(
    client: FlaskClient,
    auth,  # noqa: ANN001
    demo,  # noqa: ANN001
) -> None:
    event = _withdrawn_draft()
    auth.login(EMBASSY)
    assert client.get(f"/events/{event.id}").status_code == 404
    assert "Digital health" not in client.get("/dashboard").get_data(as_text=True)
    auth.logout()
    auth.login(HOST)
    assert client.get(f"/events/{event.id}").status_code == 200


def test_a_withdrawn_draft_is_not_found_in_the_cohosts_api(api: Api) -> None:
    event = _withdrawn_draft()
    assert api.call("GET", f"/api/v1/events/{event.id}", "cohost").status_code == 404
    listed = api.call("GET", "/api/v1/events", "cohost").json["events"]
    assert event.id not in {item["id"] for item in listed}
    assert api.call("GET", f"/api/v1/events/{event.id}", "host").status_code == 200


def test_a_withdrawn_draft_never_touches_the_cohosts_feed(people) -> None:  # noqa: ANN001
    token = feed_tokens.new_organizer_feed_token(people["dk-embassy"])
    before = feeds.render_organizer_feed(token, "en")
    _withdrawn_draft()
    after = feeds.render_organizer_feed(token, "en")
    assert after.body == before.body
    # Nothing left the co-host's feed, so its date does not move either: a date that
    # did would tell the co-host that the host withdrew something.
    assert after.last_modified == before.last_modified
