"""Who may invite whom, and what inviting, resending and withdrawing do."""

from __future__ import annotations

from datetime import timedelta

import pytest

from planner.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from planner.extensions import db
from planner.invitations.operations import (
    HAS_ACCOUNT_MESSAGE,
    invite_person,
    list_pending_invitations,
    resend_invitation,
    revoke_invitation,
)
from planner.models import AuditEntry, Invitation, OutboxMessage, Role, utc_now
from tests.factories import (
    ADMIN,
    CLUSTER,
    EMBASSY,
    HOST,
    OUTSIDER,
    count,
    event_in,
    proposed_event,
    user,
)
from tests.invitations.helpers import (
    NEWCOMER,
    expire,
    invitations_of,
    organization,
    organization_admin,
    partner,
)

pytestmark = pytest.mark.usefixtures("demo")


def test_a_site_admin_invites_to_any_organization_with_either_role() -> None:
    result = invite_person(
        user(ADMIN),
        organization_id=organization("medicon").id,
        email="  New.Person@Example.ORG ",
        role=Role.ORGANIZATION_ADMIN,
        locale="ja",
    )
    assert result.kind == "invited"
    invitation = result.invitation
    assert invitation.email == "new.person@example.org"
    assert invitation.role == Role.ORGANIZATION_ADMIN
    assert invitation.locale == "ja"
    assert invitation.invited_by.email == ADMIN
    lifetime = invitation.expires_at - utc_now()
    assert timedelta(days=13) < lifetime <= timedelta(days=14)
    message = db.session.scalar(db.select(OutboxMessage).filter_by(invitation_id=invitation.id))
    assert message.recipient == "new.person@example.org"
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="invitation.create"))
    assert entry.target_id == invitation.id
    assert "token_hash" not in entry.after


def test_an_organization_admin_invites_to_their_own_organization_only() -> None:
    admin = organization_admin()
    own = invite_person(admin, organization_id=admin.organization_id, email=NEWCOMER)
    assert own.invitation.role == Role.ORGANIZER
    colleague_admin = invite_person(
        admin,
        organization_id=admin.organization_id,
        email="second@example.org",
        role=Role.ORGANIZATION_ADMIN,
    )
    assert colleague_admin.invitation.role == Role.ORGANIZATION_ADMIN
    with pytest.raises(PermissionDenied):
        invite_person(admin, organization_id=organization("medicon").id, email="x@example.org")


def test_an_organizer_cannot_invite_without_an_event() -> None:
    with pytest.raises(PermissionDenied):
        invite_person(user(EMBASSY), organization_id=organization("dk-embassy").id, email=NEWCOMER)
    assert count(Invitation) == 0


def test_the_host_invites_a_first_admin_only_to_a_cohost_nobody_has_joined() -> None:
    nordic = partner(contact_email=None)
    event = proposed_event(cohost_slugs=["dk-embassy", nordic.slug])
    first = invite_person(user(HOST), organization_id=nordic.id, email=NEWCOMER, event_id=event.id)
    assert first.invitation.role == Role.ORGANIZATION_ADMIN
    assert first.invitation.event_id == event.id
    # The contact may not answer: the host may try a second address meanwhile.
    second = invite_person(
        user(HOST), organization_id=nordic.id, email="second@example.org", event_id=event.id
    )
    assert second.invitation.role == Role.ORGANIZATION_ADMIN
    # An organization with people is theirs to grow, even the host's own proposals' co-host.
    with pytest.raises(PermissionDenied):
        invite_person(
            user(HOST),
            organization_id=organization("dk-embassy").id,
            email="third@example.org",
            event_id=event.id,
        )


def test_a_later_host_invitation_joins_as_an_organizer_once_the_first_admin_is_in() -> None:
    from planner.invitations.acceptance import _role_on_joining

    nordic = partner(contact_email=None)
    event = proposed_event(cohost_slugs=[nordic.slug])
    first = invite_person(user(HOST), organization_id=nordic.id, email=NEWCOMER, event_id=event.id)
    second = invite_person(
        user(HOST), organization_id=nordic.id, email="second@example.org", event_id=event.id
    )
    assert _role_on_joining(first.invitation) == Role.ORGANIZATION_ADMIN
    organization_admin(nordic.slug, "first-admin@nordic-lab.example")
    assert _role_on_joining(second.invitation) == Role.ORGANIZER
    # Once the organization has people, the host cannot add any more.
    with pytest.raises(PermissionDenied):
        invite_person(
            user(HOST), organization_id=nordic.id, email="x@example.org", event_id=event.id
        )


def test_the_host_invites_for_a_sent_proposal_only() -> None:
    nordic = partner(contact_email=None)
    draft = event_in("draft", cohost_slugs=[nordic.slug])
    with pytest.raises(PermissionDenied):
        invite_person(user(HOST), organization_id=nordic.id, email=NEWCOMER, event_id=draft.id)
    assert count(Invitation) == 0


def test_only_the_organizations_managers_upgrade_an_invitation() -> None:
    nordic = partner(contact_email=None)
    admin = organization_admin(nordic.slug, "admin@nordic-lab.example")
    invited = invite_person(admin, organization_id=nordic.id, email=NEWCOMER).invitation
    assert invited.role == Role.ORGANIZER
    event = proposed_event(cohost_slugs=[nordic.slug])
    with pytest.raises(PermissionDenied):  # nordic has people now: the host stays out
        invite_person(user(HOST), organization_id=nordic.id, email=NEWCOMER, event_id=event.id)
    again = invite_person(
        admin, organization_id=nordic.id, email=NEWCOMER, role=Role.ORGANIZATION_ADMIN
    )
    assert again.kind == "resent" and again.invitation.role == Role.ORGANIZATION_ADMIN


def test_the_host_cannot_invite_to_an_organization_outside_the_event() -> None:
    event = proposed_event()
    with pytest.raises(PermissionDenied):
        invite_person(
            user(HOST),
            organization_id=organization("medicon").id,
            email=NEWCOMER,
            event_id=event.id,
        )


def test_a_cohost_invites_a_colleague_for_the_event_but_nobody_elsewhere() -> None:
    event = proposed_event()
    colleague = invite_person(
        user(EMBASSY),
        organization_id=organization("dk-embassy").id,
        email=NEWCOMER,
        role=Role.ORGANIZATION_ADMIN,
        event_id=event.id,
    )
    assert colleague.invitation.role == Role.ORGANIZER
    with pytest.raises(PermissionDenied):
        invite_person(
            user(EMBASSY),
            organization_id=organization("link-j").id,
            email="a@example.org",
            event_id=event.id,
        )
    with pytest.raises(PermissionDenied):
        invite_person(
            user(EMBASSY),
            organization_id=organization("dk-cluster").id,
            email="b@example.org",
            event_id=event.id,
        )


def test_someone_who_cannot_see_the_event_gets_not_found() -> None:
    event = proposed_event()
    with pytest.raises(NotFound):
        invite_person(
            user(OUTSIDER),
            organization_id=organization("medicon").id,
            email=NEWCOMER,
            event_id=event.id,
        )


def test_site_admins_are_never_invited_and_addresses_must_be_valid() -> None:
    medicon = organization("medicon").id
    with pytest.raises(ValidationFailed) as refused:
        invite_person(user(ADMIN), organization_id=medicon, email=NEWCOMER, role=Role.ADMIN)
    assert refused.value.field == "role"
    for bad in ("not an address", "", "a@", "@example.org", "x" * 250 + "@example.org"):
        with pytest.raises(ValidationFailed) as refused:
            invite_person(user(ADMIN), organization_id=medicon, email=bad)
        assert refused.value.field == "email"
    assert count(Invitation) == 0


def test_an_address_with_an_account_gets_nothing_and_the_same_message_everywhere() -> None:
    admin = organization_admin()
    own = invite_person(admin, organization_id=admin.organization_id, email=EMBASSY)
    other = invite_person(admin, organization_id=admin.organization_id, email=CLUSTER.upper())
    assert own.kind == other.kind == "has_account"
    assert own.message == other.message == str(HAS_ACCOUNT_MESSAGE)
    assert own.invitation is None and other.invitation is None
    assert count(Invitation) == 0
    assert count(OutboxMessage) == 0


def test_inviting_again_refreshes_and_resends_the_pending_invitation() -> None:
    admin = organization_admin()
    first = invite_person(admin, organization_id=admin.organization_id, email=NEWCOMER)
    expire(first.invitation)
    again = invite_person(
        admin,
        organization_id=admin.organization_id,
        email=NEWCOMER,
        role=Role.ORGANIZATION_ADMIN,
    )
    assert again.kind == "resent"
    assert again.invitation.id == first.invitation.id
    assert again.invitation.role == Role.ORGANIZATION_ADMIN
    assert again.invitation.expires_at > utc_now() + timedelta(days=13)
    assert len(invitations_of(NEWCOMER)) == 1
    assert count(OutboxMessage) == 2


def test_resend_and_revoke_by_the_organizations_admin() -> None:
    admin = organization_admin()
    invitation = invite_person(
        admin, organization_id=admin.organization_id, email=NEWCOMER
    ).invitation
    expire(invitation)
    resent = resend_invitation(admin, invitation.id)
    assert resent.expires_at > utc_now() + timedelta(days=13)
    assert resent.token_hash is None  # any earlier link is dead until the new email leaves
    with pytest.raises(PermissionDenied):
        revoke_invitation(user(EMBASSY), invitation.id)
    with pytest.raises(PermissionDenied):
        resend_invitation(user(HOST), invitation.id)
    revoked = revoke_invitation(admin, invitation.id)
    assert revoked.revoked_at is not None
    with pytest.raises(Conflict) as refused:
        resend_invitation(admin, invitation.id)
    assert refused.value.status_code == 409
    assert "withdrawn" in refused.value.message
    with pytest.raises(Conflict):
        revoke_invitation(user(ADMIN), invitation.id)
    with pytest.raises(NotFound):
        revoke_invitation(admin, 999_999)


def test_the_pending_list_keeps_expired_and_leaves_out_withdrawn_invitations() -> None:
    admin = organization_admin()
    org_id = admin.organization_id
    waiting = invite_person(admin, organization_id=org_id, email=NEWCOMER).invitation
    late = invite_person(admin, organization_id=org_id, email="late@example.org").invitation
    expire(late)
    gone = invite_person(admin, organization_id=org_id, email="gone@example.org").invitation
    revoke_invitation(admin, gone.id)
    invite_person(user(ADMIN), organization_id=organization("medicon").id, email="m@example.org")
    # An expired one stays listed: its holder may still ask for a new one, so the admins
    # must see it to withdraw it.
    assert [i.id for i in list_pending_invitations(admin, org_id)] == [late.id, waiting.id]
    assert [i.id for i in list_pending_invitations(user(ADMIN), org_id)] == [late.id, waiting.id]
    with pytest.raises(PermissionDenied):
        list_pending_invitations(user(EMBASSY), org_id)
    with pytest.raises(PermissionDenied):
        list_pending_invitations(admin, organization("medicon").id)


def test_an_unknown_organization_is_not_found() -> None:
    with pytest.raises(NotFound):
        invite_person(user(ADMIN), organization_id=999_999, email=NEWCOMER)


def test_the_contact_of_a_partner_nobody_works_at_is_invited_once() -> None:
    nordic = partner()
    from planner.events import negotiation
    from tests.factories import proposal

    event = negotiation.propose_event(user(HOST), proposal(cohost_slugs=[nordic.slug]))
    [invitation] = invitations_of(nordic.contact_email)
    assert invitation.role == Role.ORGANIZATION_ADMIN
    assert invitation.event_id == event.id
    assert invitation.invited_by.email == HOST
    negotiation.propose_event(user(HOST), proposal(cohost_slugs=[nordic.slug, "dk-embassy"]))
    assert len(invitations_of(nordic.contact_email)) == 1  # still pending: not twice
