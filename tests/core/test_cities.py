"""Which cities an event is shown in (pure core)."""

from planner.core.cities import shown_zones

TOKYO, CPH, SAO = "Asia/Tokyo", "Europe/Copenhagen", "America/Sao_Paulo"


def test_offices_then_audiences_without_repeats() -> None:
    # LINK-J and the embassy both work in Tokyo; the embassy speaks for Copenhagen.
    assert shown_zones([TOKYO, TOKYO], [CPH]) == [TOKYO, CPH]


def test_the_host_adds_and_removes_cities() -> None:
    assert shown_zones([TOKYO], [CPH], added=[SAO]) == [TOKYO, CPH, SAO]
    assert shown_zones([TOKYO], [CPH], removed=[TOKYO]) == [CPH]


def test_removing_everything_keeps_the_hosts_office() -> None:
    assert shown_zones([TOKYO], [CPH], removed=[TOKYO, CPH]) == [TOKYO]
