"""Opening the proposal form from "Find a time" with one or several suggested starts."""

import re

from flask.testing import FlaskClient

from tests.factories import HOST


def _start_values(html: str) -> list[str]:
    inputs = re.findall(r'<input [^>]*name="slots-(\d+)-start"[^>]*>', html)
    values = {}
    for tag in re.findall(r'<input [^>]*name="slots-\d+-start"[^>]*>', html):
        index = re.search(r'name="slots-(\d+)-start"', tag).group(1)
        value = re.search(r'value="([^"]*)"', tag)
        values[index] = value.group(1) if value else ""
    assert len(inputs) == 10
    return [values[str(index)] for index in range(10)]


def _new(client: FlaskClient, query: str) -> str:
    response = client.get(f"/events/new?{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_several_picked_starts_fill_one_row_each_in_time_order(
    client: FlaskClient, auth, demo
) -> None:
    auth.login(HOST)
    html = _new(
        client,
        "start=2026-12-03T08:00:00Z&start=2026-12-01T08:00:00Z&start=2026-12-01T08:00:00Z"
        "&duration=60&cohosts=dk-cluster",
    )
    # The host plans in Tokyo: 08:00 UTC is 17:00 JST; the repeated start counts once.
    values = _start_values(html)
    assert values[:3] == ["2026-12-01T17:00", "2026-12-03T17:00", ""]
    assert 'value="60"' in html


def test_the_single_start_link_still_works_and_a_broken_start_is_left_out(
    client: FlaskClient, auth, demo
) -> None:
    auth.login(HOST)
    assert _start_values(_new(client, "start=2026-12-01T08:00:00Z"))[:2] == [
        "2026-12-01T17:00",
        "",
    ]
    values = _start_values(_new(client, "start=not-a-time&start=2026-12-02T08:00:00Z"))
    assert values[:2] == ["2026-12-02T17:00", ""]
