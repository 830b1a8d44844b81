"""The accounts service, on SQLite and PostgreSQL."""

import pytest
from sqlalchemy.exc import IntegrityError

from planner.accounts import operations as accounts
from planner.errors import PermissionDenied, ValidationFailed
from planner.extensions import db
from planner.models import AuditEntry, Organization, Role, User


def _organization_id(slug: str) -> int:
    return db.session.scalar(db.select(Organization.id).filter_by(slug=slug))


def _count(model: type) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_create_user_stores_lowercase_email_and_scrypt_hash(demo) -> None:
    user = accounts.create_user(
        None,
        email="  Anna.Berg@Medicon.Example ",
        display_name=" Anna Berg ",
        password="correct horse battery",
        organization_id=_organization_id("medicon"),
    )
    assert user.email == "anna.berg@medicon.example"
    assert user.display_name == "Anna Berg"
    assert user.password_hash.startswith("scrypt:")
    assert accounts.authenticate("ANNA.BERG@medicon.example", "correct horse battery") == user


def test_duplicate_email_in_other_case_is_refused_and_nothing_written(demo) -> None:
    before = (_count(User), _count(AuditEntry))
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_user(
            None,
            email="Organizer@Medicon.example",
            display_name="Copy",
            password="long enough password",
            organization_id=_organization_id("medicon"),
        )
    assert caught.value.field == "email"
    assert (_count(User), _count(AuditEntry)) == before


def test_database_refuses_mixed_case_email_even_without_the_service(app) -> None:
    db.session.add(
        User(email="Mixed@Case.example", display_name="x", password_hash="x", role=Role.ADMIN)
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_short_password_is_refused(demo) -> None:
    with pytest.raises(ValidationFailed, match="at least 10 characters"):
        accounts.create_user(
            None, email="a@b.example", display_name="A", password="short", role=Role.ADMIN
        )


def test_organizer_needs_an_organization(app) -> None:
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_user(
            None, email="a@b.example", display_name="A", password="long enough password"
        )
    assert caught.value.field == "organization"


def test_only_admins_create_accounts(demo) -> None:
    organizer = db.session.scalar(db.select(User).filter_by(email="organizer@link-j.example"))
    with pytest.raises(PermissionDenied):
        accounts.create_user(
            organizer,
            email="a@b.example",
            display_name="A",
            password="long enough password",
            role=Role.ADMIN,
        )


def test_admin_cannot_lock_themselves_out(demo) -> None:
    admin = db.session.scalar(db.select(User).filter_by(email="admin@link-j.example"))
    with pytest.raises(ValidationFailed):
        accounts.update_user(
            admin,
            admin.id,
            email=admin.email,
            display_name="x",
            role=Role.ORGANIZER,
            organization_id=admin.organization_id,
            active=True,
        )
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN


def test_update_user_audits_changes_but_never_the_hash(demo) -> None:
    admin = db.session.scalar(db.select(User).filter_by(email="admin@link-j.example"))
    user = db.session.scalar(db.select(User).filter_by(email="organizer@medicon.example"))
    accounts.update_user(
        admin,
        user.id,
        email=user.email,
        display_name="Sofie A.",
        role=Role.ORGANIZER,
        organization_id=user.organization_id,
        active=True,
        new_password="a brand new password",
    )
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="user.update"))
    assert entry.before == {"display_name": "Sofie Andersen"}
    assert entry.after == {"display_name": "Sofie A.", "password": "changed"}
    assert accounts.authenticate(user.email, "a brand new password") is not None
    assert accounts.authenticate(user.email, "planner-demo") is None


def test_preferred_locale_is_saved(demo) -> None:
    user = db.session.scalar(db.select(User).filter_by(email="organizer@link-j.example"))
    accounts.set_preferred_locale(user, "ja")
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "ja"
    with pytest.raises(ValidationFailed):
        accounts.set_preferred_locale(user, "fr")
