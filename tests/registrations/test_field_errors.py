"""A registration with several bad fields names every one of them at once."""

import pytest

from planner.errors import FieldErrors, ValidationFailed
from planner.models import Registration
from planner.registrations import operations
from tests.factories import attendee, count, published_event


def test_every_bad_field_is_named_in_one_error(demo) -> None:  # noqa: ANN001
    event = published_event(days_ahead=30)
    typed = attendee(1, name="  ", email="mette", affiliation=" ", country="1X")
    with pytest.raises(FieldErrors) as refused:
        operations.register_attendee(event.id, typed)
    assert [error.field for error in refused.value.errors] == [
        "name",
        "email",
        "affiliation",
        "country",
    ]
    assert refused.value.status_code == 422
    assert count(Registration) == 0


def test_one_bad_field_is_still_its_own_error(demo) -> None:  # noqa: ANN001
    event = published_event(days_ahead=30)
    with pytest.raises(ValidationFailed) as refused:
        operations.register_attendee(event.id, attendee(1, country="1X"))
    assert not isinstance(refused.value, FieldErrors)
    assert (refused.value.field, refused.value.status_code) == ("country", 400)
