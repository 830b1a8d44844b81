"""The site admin's forms and organization admins: the role, and the contact address."""

from flask.testing import FlaskClient

from planner.extensions import db
from planner.models import Organization, Role, User
from tests.factories import ADMIN, post_form


def _organization(slug: str) -> Organization:
    db.session.expire_all()
    return db.session.scalar(db.select(Organization).filter_by(slug=slug))


def _account_form(**overrides: str) -> dict[str, str]:
    values = {
        "email": "chief@dk-cluster.example",
        "display_name": "Cluster Chief",
        "role": "org_admin",
        "organization_id": str(_organization("dk-cluster").id),
        "active": "y",
        "password": "a-long-password",
    }
    values.update(overrides)
    return values


def test_the_admin_creates_an_organization_admin(client: FlaskClient, auth, demo) -> None:
    auth.login(ADMIN)
    page = client.get("/admin/users/new").get_data(as_text=True)
    assert 'value="org_admin"' in page and "Organization admin" in page
    response = post_form(client, "/admin/users/new", "/admin/users/new", _account_form())
    assert response.status_code == 302
    created = db.session.scalar(db.select(User).filter_by(email="chief@dk-cluster.example"))
    assert created.role == Role.ORGANIZATION_ADMIN and created.is_organization_admin
    assert created.organization_id == _organization("dk-cluster").id


def test_an_organization_admin_needs_an_organization(client: FlaskClient, auth, demo) -> None:
    auth.login(ADMIN)
    response = post_form(
        client, "/admin/users/new", "/admin/users/new", _account_form(organization_id="0")
    )
    assert response.status_code == 400
    assert "must belong to an organization" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(User).filter_by(email="chief@dk-cluster.example")) is None


def test_the_admin_makes_an_organizer_an_organization_admin(
    client: FlaskClient, auth, demo
) -> None:
    auth.login(ADMIN)
    account = db.session.scalar(db.select(User).filter_by(email="organizer@dk-cluster.example"))
    path = f"/admin/users/{account.id}"
    form = _account_form(email=account.email, display_name=account.display_name, password="")
    assert post_form(client, path, path, form).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, account.id).role == Role.ORGANIZATION_ADMIN
    assert 'selected value="org_admin"' in client.get(path).get_data(as_text=True)


def _organization_form(organization: Organization, **overrides: str) -> dict[str, str]:
    values = {
        "slug": organization.slug,
        "name_en": organization.name_en,
        "name_ja": organization.name_ja or "",
        "kind": organization.kind.value,
        "country": organization.country,
        "timezone": organization.timezone,
        "audience_zones": ", ".join(organization.audience_zones or []),
        "work_start": "09:00",
        "work_end": "17:00",
        "contact_email": "Hello@DK-Cluster.example",
    }
    values.update(overrides)
    return values


def test_the_admin_sets_the_contact_address(client: FlaskClient, auth, demo) -> None:
    auth.login(ADMIN)
    cluster = _organization("dk-cluster")
    path = f"/admin/organizations/{cluster.id}"
    assert 'name="contact_email"' in client.get(path).get_data(as_text=True)
    assert post_form(client, path, path, _organization_form(cluster)).status_code == 302
    assert _organization("dk-cluster").contact_email == "hello@dk-cluster.example"
    response = post_form(client, path, path, _organization_form(cluster, contact_email="nope"))
    assert response.status_code == 400
    assert _organization("dk-cluster").contact_email == "hello@dk-cluster.example"
    cleared = _organization_form(cluster, contact_email="")
    assert post_form(client, path, path, cleared).status_code == 302
    assert _organization("dk-cluster").contact_email is None
