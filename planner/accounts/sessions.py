"""Sign-in sessions: which stored session still opens an account, and ending them all.

Sessions live in signed cookies, so the server cannot delete one: a copied cookie
would keep working after its owner signed out. Instead every account has a sign-in
generation (``User.session_epoch``) that each session stores beside the user id
(:meth:`planner.models.User.get_id`); raising the generation ends every session of
the account on every device at once. Signing out, changing the password and
deactivating the account raise it.
"""

from __future__ import annotations

from planner.extensions import db
from planner.form_values import whole_number
from planner.models import User
from planner.unit_of_work import unit_of_work


def user_for_session(stored_id: str) -> User | None:
    """The active user a session names, while the session's generation is still theirs.

    ``stored_id`` is ``"<user id>.<generation>"``; sessions from before generations
    existed (a bare id) or from an ended generation open nothing.
    """
    if not isinstance(stored_id, str):
        return None
    user_text, _dot, epoch_text = stored_id.partition(".")
    user_id, epoch = whole_number(user_text), whole_number(epoch_text)
    if user_id is None or epoch is None:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.session_epoch != epoch:
        return None
    return user


def end_all_sessions_in_unit(user: User) -> None:
    """Within the caller's unit of work: end every session ``user`` has, everywhere.

    Raised in SQL (not read and written back) so that two sign-outs at the same moment
    both count; the ORM reads the new value back when it is next needed.
    """
    user.session_epoch = User.session_epoch + 1


def end_all_sessions(user: User) -> None:
    """End every session of ``user`` on every device (signing out does this)."""
    with unit_of_work():
        end_all_sessions_in_unit(user)
