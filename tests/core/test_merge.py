"""The three-way merge of an edit made from an older version."""

from planner.core.merge import FieldClash, merge_edit

BASE = {"title": "Biobanks", "description": "Draft", "venue": None}


def test_a_field_left_as_it_was_keeps_the_other_editors_change() -> None:
    current = {**BASE, "title": "Biobanks in Japan and Denmark"}
    mine = {**BASE, "description": "Final text"}

    merge = merge_edit(BASE, mine, current)

    assert merge.changes == {"description": "Final text"}
    assert merge.clashes == ()


def test_a_field_only_this_editor_changed_takes_their_value() -> None:
    merge = merge_edit(BASE, {"venue": "Nihonbashi Life Science Building"}, BASE)

    assert merge.changes == {"venue": "Nihonbashi Life Science Building"}


def test_the_same_change_from_both_is_agreed_not_a_clash() -> None:
    current = {**BASE, "title": "Biobanks 2027"}

    merge = merge_edit(BASE, {"title": "Biobanks 2027"}, current)

    assert merge == merge.__class__({}, ())


def test_different_changes_to_one_field_clash_and_nothing_else_is_lost() -> None:
    current = {**BASE, "title": "Theirs", "description": "Their text"}
    mine = {**BASE, "title": "Mine", "venue": "Room 1"}

    merge = merge_edit(BASE, mine, current)

    assert merge.changes == {"venue": "Room 1"}
    assert merge.clashes == (FieldClash("title", "Biobanks", "Theirs", "Mine"),)


def test_clearing_a_field_is_a_change_like_any_other() -> None:
    base = {"venue": "Room 1"}

    assert merge_edit(base, {"venue": None}, base).changes == {"venue": None}
    assert merge_edit(base, {"venue": None}, {"venue": "Room 2"}).clashes == (
        FieldClash("venue", "Room 1", "Room 2", None),
    )
