"""Organization admins manage their own people (issue 13), on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from planner.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from planner.extensions import db
from planner.models import AuditEntry, EmailLink, Role, User
from planner.organizations import members as membership
from planner.organizations.access import can_manage_organization, require_organization_admin
from tests.factories import ADMIN, EMBASSY, HOST, user
from tests.organizations.members_world import (
    COLLEAGUE,
    embassy_admin,
    links_of,
    member,
    organization_id,
)


def _fresh(account_id: int) -> User:
    db.session.expire_all()
    return db.session.get(User, account_id)


def test_who_manages_an_organization(demo) -> None:
    embassy, link_j = organization_id("dk-embassy"), organization_id("link-j")
    assert can_manage_organization(embassy_admin(), embassy)
    assert not can_manage_organization(embassy_admin(), link_j)  # another organization
    assert not can_manage_organization(user(HOST), link_j)  # an organizer, not an admin
    assert can_manage_organization(user(ADMIN), embassy) and can_manage_organization(
        user(ADMIN), link_j
    )
    assert not can_manage_organization(None, embassy)
    require_organization_admin(None, embassy)  # the command line
    with pytest.raises(PermissionDenied):
        require_organization_admin(user(HOST), link_j)


def test_a_deactivated_admin_manages_nothing(demo) -> None:
    admin = embassy_admin()
    admin.active = False
    assert not can_manage_organization(admin, admin.organization_id)


def test_list_members_of_own_organization_only(demo) -> None:
    embassy = organization_id("dk-embassy")
    member(COLLEAGUE, "dk-embassy")
    emails = [m.email for m in membership.list_members(embassy_admin(), embassy)]
    assert sorted(emails) == sorted([EMBASSY, COLLEAGUE])
    with pytest.raises(PermissionDenied):
        membership.list_members(embassy_admin(), organization_id("link-j"))
    with pytest.raises(PermissionDenied):
        membership.list_members(user(HOST), organization_id("link-j"))
    link_j_emails = {
        m.email for m in membership.list_members(user(ADMIN), organization_id("link-j"))
    }
    assert {HOST, ADMIN} <= link_j_emails  # the site admin belongs to LINK-J in the demo


def test_promote_and_demote_with_audit(demo) -> None:
    embassy = organization_id("dk-embassy")
    colleague = member(COLLEAGUE, "dk-embassy")
    membership.change_member_role(embassy_admin(), embassy, colleague.id, Role.ORGANIZATION_ADMIN)
    assert _fresh(colleague.id).role == Role.ORGANIZATION_ADMIN
    # Two admins now: the first may step down.
    membership.change_member_role(embassy_admin(), embassy, embassy_admin().id, Role.ORGANIZER)
    assert _fresh(embassy_admin().id).role == Role.ORGANIZER
    entry = db.session.scalars(
        db.select(AuditEntry).filter_by(action="user.update").order_by(AuditEntry.id.desc())
    ).first()
    assert entry.before == {"role": "org_admin"} and entry.after == {"role": "organizer"}
    assert entry.actor_id == embassy_admin().id


def test_the_last_organization_admin_stays(demo) -> None:
    embassy = organization_id("dk-embassy")
    admin = embassy_admin()
    with pytest.raises(Conflict, match="last active organization admin") as caught:
        membership.change_member_role(admin, embassy, admin.id, Role.ORGANIZER)
    assert caught.value.code == "last_organization_admin"
    with pytest.raises(Conflict):
        membership.set_member_active(admin, embassy, admin.id, False)
    assert _fresh(admin.id).role == Role.ORGANIZATION_ADMIN and _fresh(admin.id).active
    # A deactivated fellow admin does not count.
    fellow = member(COLLEAGUE, "dk-embassy", Role.ORGANIZATION_ADMIN)
    membership.set_member_active(admin, embassy, fellow.id, False)
    with pytest.raises(Conflict):
        membership.change_member_role(embassy_admin(), embassy, admin.id, Role.ORGANIZER)
    # A site admin may: somebody left, and they take over.
    membership.change_member_role(user(ADMIN), embassy, admin.id, Role.ORGANIZER)
    assert _fresh(admin.id).role == Role.ORGANIZER


def test_roles_given_here_are_organizer_and_organization_admin(demo) -> None:
    embassy = organization_id("dk-embassy")
    colleague = member(COLLEAGUE, "dk-embassy")
    with pytest.raises(ValidationFailed) as caught:
        membership.change_member_role(embassy_admin(), embassy, colleague.id, Role.ADMIN)
    assert caught.value.field == "role"
    assert _fresh(colleague.id).role == Role.ORGANIZER


def test_other_organizations_people_and_site_admins_are_out_of_reach(demo) -> None:
    embassy, link_j = organization_id("dk-embassy"), organization_id("link-j")
    host = user(HOST)
    # The host's organizer is not the embassy's: 404 through the embassy...
    with pytest.raises(NotFound):
        membership.set_member_active(embassy_admin(), embassy, host.id, False)
    # ...and 403 through LINK-J, which the embassy's admin does not manage.
    with pytest.raises(PermissionDenied):
        membership.set_member_active(embassy_admin(), link_j, host.id, False)
    with pytest.raises(PermissionDenied):
        membership.revoke_member_links(embassy_admin(), link_j, host.id)
    # LINK-J's own organization admin never changes the site admin who belongs to LINK-J.
    link_j_admin = member("chief@link-j.example", "link-j", Role.ORGANIZATION_ADMIN)
    with pytest.raises(PermissionDenied, match="administration pages"):
        membership.set_member_active(link_j_admin, link_j, user(ADMIN).id, False)
    with pytest.raises(PermissionDenied):
        membership.change_member_role(user(ADMIN), link_j, user(ADMIN).id, Role.ORGANIZER)
    assert _fresh(host.id).active and _fresh(user(ADMIN).id).is_admin


def test_deactivation_ends_sessions_and_takes_back_links(demo) -> None:
    embassy = organization_id("dk-embassy")
    colleague = member(COLLEAGUE, "dk-embassy")
    epoch = colleague.session_epoch
    fresh_links = links_of(colleague)
    used = links_of(member("other@dk-embassy.example", "dk-embassy"), used=True)
    membership.set_member_active(embassy_admin(), embassy, colleague.id, False)
    account = _fresh(colleague.id)
    assert not account.active and account.session_epoch == epoch + 1
    assert all(db.session.get(EmailLink, link.id).revoked_at is not None for link in fresh_links)
    assert all(db.session.get(EmailLink, link.id).revoked_at is None for link in used)
    entry = db.session.scalars(
        db.select(AuditEntry).filter_by(target_id=colleague.id).order_by(AuditEntry.id.desc())
    ).first()
    assert entry.after == {"active": False, "email_links_revoked": 2}
    # Reactivating brings the account back, not its sessions or links.
    membership.set_member_active(embassy_admin(), embassy, colleague.id, True)
    account = _fresh(colleague.id)
    assert account.active and account.session_epoch == epoch + 1
    assert all(db.session.get(EmailLink, link.id).revoked_at is not None for link in fresh_links)


def test_revoke_member_links_counts_only_unused_ones(demo) -> None:
    embassy = organization_id("dk-embassy")
    colleague = member(COLLEAGUE, "dk-embassy")
    links_of(colleague)
    assert membership.revoke_member_links(embassy_admin(), embassy, colleague.id) == 2
    assert membership.revoke_member_links(embassy_admin(), embassy, colleague.id) == 0
    assert _fresh(colleague.id).active  # nothing else changes
    actions = db.session.scalars(
        db.select(AuditEntry.after).filter_by(action="user.revoke_links", target_id=colleague.id)
    ).all()
    assert actions == [{"email_links_revoked": 2}, {"email_links_revoked": 0}]


def test_unchanged_values_write_nothing(demo) -> None:
    embassy = organization_id("dk-embassy")
    colleague = member(COLLEAGUE, "dk-embassy")
    before = db.session.scalar(db.select(db.func.count()).select_from(AuditEntry))
    membership.update_member(embassy_admin(), embassy, colleague.id, role=Role.ORGANIZER)
    membership.update_member(embassy_admin(), embassy, colleague.id, active=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEntry)) == before
