"""The admin pages: who may see them, and managing organizations and users."""

from flask.testing import FlaskClient

from planner.extensions import db
from planner.models import AuditEntry, Organization, Role, User
from tests.factories import agreed_event, post_form


def _organization_form(**overrides: str) -> dict[str, str]:
    values = {
        "slug": "novo-lab",
        "name_en": "Copenhagen Research Lab",
        "name_ja": "コペンハーゲン研究所",
        "kind": "academia",
        "country": "dk",
        "timezone": "Europe/Copenhagen",
        "work_start": "08:30",
        "work_end": "16:00",
    }
    values.update(overrides)
    return values


def _post_form(client: FlaskClient, path: str, data: dict[str, str]):
    return post_form(client, path, path, data)


def test_anonymous_visitor_is_sent_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_organizer_is_forbidden(client: FlaskClient, auth, demo) -> None:
    auth.login("organizer@link-j.example")
    for path in ("/admin/", "/admin/organizations/new", "/admin/users/new"):
        assert client.get(path).status_code == 403


def test_admin_sees_organizations_accounts_and_changes(client: FlaskClient, auth, demo) -> None:
    auth.login("admin@link-j.example")
    body = client.get("/admin/").get_data(as_text=True)
    for text in ("Medicon Valley Alliance", "organizer@dk-cluster.example", "Europe/Copenhagen"):
        assert text in body
    # Recent changes read as sentences (tests/events/test_history.py has the details).
    assert "added the organization Medicon Valley Alliance." in body
    assert "organization.create" not in body


def test_admin_adds_an_organization(client: FlaskClient, auth, demo) -> None:
    auth.login("admin@link-j.example")
    response = _post_form(client, "/admin/organizations/new", _organization_form())
    assert response.status_code == 302
    organization = db.session.scalar(db.select(Organization).filter_by(slug="novo-lab"))
    assert organization.country == "DK"
    assert organization.work_start.isoformat() == "08:30:00"


def test_unknown_time_zone_is_explained_and_input_kept(client: FlaskClient, auth, demo) -> None:
    auth.login("admin@link-j.example")
    response = _post_form(
        client, "/admin/organizations/new", _organization_form(timezone="Europe/Copenhagn")
    )
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "is not a known time zone" in body
    assert 'value="Copenhagen Research Lab"' in body
    assert db.session.scalar(db.select(Organization).filter_by(slug="novo-lab")) is None


def test_working_hours_must_end_after_they_start(client: FlaskClient, auth, demo) -> None:
    auth.login("admin@link-j.example")
    response = _post_form(
        client, "/admin/organizations/new", _organization_form(work_start="18:00", work_end="09:00")
    )
    assert response.status_code == 400
    assert "Working hours must end after they start." in response.get_data(as_text=True)


def test_admin_edits_an_organization(client: FlaskClient, auth, demo) -> None:
    auth.login("admin@link-j.example")
    organization = db.session.scalar(db.select(Organization).filter_by(slug="medicon"))
    path = f"/admin/organizations/{organization.id}"
    assert "Medicon Valley Alliance" in client.get(path).get_data(as_text=True)
    response = _post_form(
        client,
        path,
        _organization_form(
            slug="medicon", name_en="Medicon Valley Alliance", kind="cluster", work_start="08:00"
        ),
    )
    assert response.status_code == 302
    db.session.refresh(organization)
    assert organization.work_start.isoformat() == "08:00:00"
    entry = db.session.scalar(
        db.select(AuditEntry).filter_by(action="organization.update", target_id=organization.id)
    )
    assert entry.before["work_start"] == "09:00"
    assert entry.after["work_start"] == "08:00"


def test_admin_creates_an_account(client: FlaskClient, auth, demo) -> None:
    auth.login("admin@link-j.example")
    cluster = db.session.scalar(db.select(Organization).filter_by(slug="dk-cluster"))
    response = _post_form(
        client,
        "/admin/users/new",
        {
            "email": "New.Person@DK-Cluster.example",
            "display_name": "New Person",
            "role": "organizer",
            "organization_id": str(cluster.id),
            "active": "y",
            "password": "a-long-password",
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(db.select(User).filter_by(email="new.person@dk-cluster.example"))
    assert user.organization_id == cluster.id
    assert user.password_hash.startswith("scrypt:")


def test_duplicate_email_is_refused_ignoring_case(client: FlaskClient, auth, demo) -> None:
    auth.login("admin@link-j.example")
    count = len(db.session.scalars(db.select(User)).all())
    response = _post_form(
        client,
        "/admin/users/new",
        {
            "email": "ORGANIZER@medicon.example",
            "display_name": "Someone",
            "role": "admin",
            "organization_id": "0",
            "password": "a-long-password",
        },
    )
    assert response.status_code == 400
    assert "An account with this email already exists." in response.get_data(as_text=True)
    assert len(db.session.scalars(db.select(User)).all()) == count


def test_admin_deactivates_an_account(client: FlaskClient, auth, demo) -> None:
    auth.login("admin@link-j.example")
    user = db.session.scalar(db.select(User).filter_by(email="organizer@medicon.example"))
    response = _post_form(
        client,
        f"/admin/users/{user.id}",
        {
            "email": user.email,
            "display_name": user.display_name,
            "role": "organizer",
            "organization_id": str(user.organization_id),
            "password": "",
        },
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.active is False
    assert user.role == Role.ORGANIZER


def test_unknown_user_or_organization_is_404(client: FlaskClient, auth, demo) -> None:
    auth.login("admin@link-j.example")
    assert client.get("/admin/users/99999").status_code == 404
    assert client.get("/admin/organizations/99999").status_code == 404
    assert client.get("/admin/users/not-a-number").status_code == 404


def test_admin_reads_the_outbox(client: FlaskClient, auth, demo) -> None:
    agreed_event()
    auth.login("admin@link-j.example")
    body = client.get("/admin/outbox").get_data(as_text=True)
    assert "No mail server is configured" in body
    assert "[Co-host Planner] Confirmed: Digital health in Denmark and Japan" in body
    assert "METHOD:REQUEST" in body
    auth.logout()
    auth.login("organizer@link-j.example")
    assert client.get("/admin/outbox").status_code == 403
