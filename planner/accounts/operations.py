"""Accounts: creating and changing users, and checking a sign-in."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from planner import audit
from planner.accounts.link_secrets import revoke_email_links_in_unit
from planner.accounts.sessions import end_all_sessions_in_unit
from planner.errors import NotFound, PermissionDenied, ValidationFailed
from planner.extensions import db
from planner.limits import EMAIL_MAX
from planner.models import Organization, Role, User
from planner.time_input import require_known_zone
from planner.unit_of_work import unit_of_work

MIN_PASSWORD_LENGTH = 10

# Checked against when the email is unknown, so that a sign-in attempt takes as long
# for an unknown address as for a wrong password and the timing tells nothing. Made
# once per hashing method, at the configured cost: the same cost as real accounts.
_UNKNOWN_USER_HASHES: dict[str, str] = {}


def _unknown_user_hash() -> str:
    """A hash no password matches, made with the configured method."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _UNKNOWN_USER_HASHES:
        _UNKNOWN_USER_HASHES[method] = generate_password_hash(
            "no user has this password", method=method
        )
    return _UNKNOWN_USER_HASHES[method]


def normalize_email(email: str) -> str:
    """Return the canonical (trimmed, lower-case) form an email is stored in."""
    return email.strip().lower()


def checked_email(value: str | None, field: str = "email", missing: str | None = None) -> str:
    """A trimmed, lower-cased address of a valid form; ``ValidationFailed`` on ``field`` otherwise.

    One rule for every address the app stores (accounts, invitations, registrations,
    contact addresses); ``missing`` is the message for an empty value.
    """
    email = normalize_email(value or "")
    if not email:
        raise ValidationFailed(missing or _("Please enter an email address."), field=field)
    if len(email) > EMAIL_MAX:
        raise ValidationFailed(
            _("Use at most %(count)d characters.", count=EMAIL_MAX), field=field, code="too_long"
        )
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValidationFailed(
            _("Please enter a valid email address, such as name@example.org."), field=field
        ) from error
    return email


def hash_password(password: str) -> str:
    """Hash ``password`` with scrypt (memory-hard), at the configured cost."""
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def check_password_policy(password: str, field: str = "password") -> None:
    """Refuse passwords too short to resist guessing (the message goes on ``field``)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            _("The password must have at least %(count)d characters.", count=MIN_PASSWORD_LENGTH),
            field=field,
        )


def _require_admin(actor: User | None) -> None:
    """Only admins manage accounts; ``None`` is the command line, trusted as admin."""
    if actor is not None and not actor.is_admin:
        raise PermissionDenied(_("Only administrators can manage accounts."))


def _email_taken(email: str, except_user_id: int | None = None) -> bool:
    """True when another account already uses ``email`` (ignoring case)."""
    query = select(User.id).where(func.lower(User.email) == normalize_email(email))
    if except_user_id is not None:
        query = query.where(User.id != except_user_id)
    return db.session.scalar(query) is not None


def _organization(organization_id: int | None) -> Organization | None:
    """Load an organization by id, naming the field when it does not exist."""
    if organization_id is None:
        return None
    organization = db.session.get(Organization, organization_id)
    if organization is None:
        raise ValidationFailed(_("That organization does not exist."), field="organization")
    return organization


def user_snapshot(user: User) -> dict:
    """The audited fields of a user (never the password hash)."""
    return {
        "email": user.email,
        "display_name": user.display_name,
        "organization_id": user.organization_id,
        "role": str(user.role),
        "active": user.active,
        "timezone": user.timezone,
    }


def _personal_zone(timezone: str | None) -> str | None:
    """A personal zone by its IANA name, or ``None`` (the organization's); unknown refused."""
    zone = (timezone or "").strip() or None
    if zone is not None:
        require_known_zone(zone, "timezone")
    return zone


def create_user(
    actor: User | None,
    *,
    email: str,
    display_name: str,
    password: str,
    role: Role = Role.ORGANIZER,
    organization_id: int | None = None,
    timezone: str | None = None,
) -> User:
    """Create an account; ``actor`` must be an admin (or ``None`` for the CLI).

    ``timezone`` is the personal zone (``None``: the organization's).
    """
    _require_admin(actor)
    zone = _personal_zone(timezone)
    email = normalize_email(email)
    if _email_taken(email):
        raise ValidationFailed(_("An account with this email already exists."), field="email")
    check_password_policy(password)
    organization = _organization(organization_id)
    if role != Role.ADMIN and organization is None:
        raise ValidationFailed(
            _("An organizer must belong to an organization."), field="organization"
        )
    with unit_of_work():
        user = User(
            email=email,
            display_name=display_name.strip(),
            password_hash=hash_password(password),
            role=role,
            organization=organization,
            active=True,
            timezone=zone,
        )
        db.session.add(user)
        db.session.flush()
        audit.record(actor, "user.create", "user", user.id, after=user_snapshot(user))
    return user


def update_user(
    actor: User,
    user_id: int,
    *,
    email: str,
    display_name: str,
    role: Role,
    organization_id: int | None,
    active: bool,
    new_password: str | None = None,
    timezone: str | None = None,
) -> User:
    """Change an account's details, role, organization, zone or active flag (admins only).

    A new password or a deactivation ends every session of the account; when admins
    change their own password, the caller signs them in again on their own device.
    """
    _require_admin(actor)
    zone = _personal_zone(timezone)
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("There is no such user."))
    email = normalize_email(email)
    if _email_taken(email, except_user_id=user.id):
        raise ValidationFailed(_("An account with this email already exists."), field="email")
    if user.id == actor.id and (not active or role != Role.ADMIN):
        raise ValidationFailed(
            _("You cannot remove your own administrator access or deactivate yourself."),
            field="role",
        )
    organization = _organization(organization_id)
    if role != Role.ADMIN and organization is None:
        raise ValidationFailed(
            _("An organizer must belong to an organization."), field="organization"
        )
    if new_password:
        check_password_policy(new_password)
    with unit_of_work():
        old = user_snapshot(user)
        if new_password or (user.active and not active):
            end_all_sessions_in_unit(user)
        if user.active and not active:
            # A deactivated account's links open nothing, now or after a reactivation.
            revoke_email_links_in_unit(user.id)
        user.email = email
        user.display_name = display_name.strip()
        user.role = role
        user.organization = organization
        user.active = active
        user.timezone = zone
        if new_password:
            user.password_hash = hash_password(new_password)
        before, after = audit.changed_fields(old, user_snapshot(user))
        if new_password:
            after["password"] = "changed"
        audit.record(actor, "user.update", "user", user.id, before=before, after=after)
    return user


def authenticate(email: str, password: str) -> User | None:
    """Return the active user with these credentials, or ``None``.

    The caller shows one message for every failure, so that nobody can learn which
    addresses have accounts.
    """
    user = db.session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None:
        check_password_hash(_unknown_user_hash(), password)
        return None
    if not user.has_password:
        # An account that signs in by email link only: no password opens it.
        check_password_hash(_unknown_user_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    return user


def change_own_password(actor: User, current_password: str, new_password: str) -> User:
    """Change the actor's password after checking the current one.

    Every session of the account ends, this one included: whoever copied a session
    cookie is signed out. The caller signs the actor in again on the device in use.
    """
    if not check_password_hash(actor.password_hash, current_password):
        raise ValidationFailed(_("The current password is not correct."), field="current_password")
    check_password_policy(new_password, field="new_password")
    with unit_of_work():
        actor.password_hash = hash_password(new_password)
        end_all_sessions_in_unit(actor)
        audit.record(actor, "user.update", "user", actor.id, after={"password": "changed"})
    return actor


def set_first_password(actor: User, new_password: str) -> User:
    """Give a password to the actor's account, which has none (it signs in by email link).

    No current password is asked: there is none. An account that has one changes it
    with :func:`change_own_password` instead. As after a change, every session of the
    account ends; the caller signs the actor in again on the device in use.
    """
    if actor.has_password:
        raise ValidationFailed(
            _("Your account already has a password: type it to change it."),
            field="current_password",
        )
    check_password_policy(new_password, field="new_password")
    with unit_of_work():
        actor.password_hash = hash_password(new_password)
        end_all_sessions_in_unit(actor)
        audit.record(actor, "user.update", "user", actor.id, after={"password": "set"})
    return actor


def list_users() -> list[User]:
    """Every account, ordered by email."""
    return list(db.session.scalars(select(User).order_by(User.email)))


def find_user(user_id: int) -> User | None:
    """The user with this id, or ``None`` (for the session loader)."""
    return db.session.get(User, user_id)


def get_user(user_id: int) -> User:
    """Load a user or raise ``NotFound``."""
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound(_("There is no such user."))
    return user


def set_preferred_locale(actor: User, locale: str) -> User:
    """Save the interface language ``actor`` prefers (``en`` or ``ja``)."""
    if locale not in ("en", "ja"):
        raise ValidationFailed(_("Choose English or Japanese."), field="locale")
    with unit_of_work():
        actor.locale = locale
    return actor
