"""Helpers of the email-link tests: asking for a link, and reading it from the email."""

from __future__ import annotations

import itertools
import re
from urllib.parse import urlsplit

from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from planner.extensions import db
from planner.models import EmailLink, LinkPurpose
from tests.factories import csrf_token, user
from tests.mail_server import Inbox, links_in

SIGN_IN_PATH = "/login/link"
FORGOT_PATH = "/password/forgot"
_addresses = (f"198.51.100.{n}" for n in itertools.cycle(range(1, 255)))
_CSRF_VALUE = re.compile(r'(name="csrf_token"(?: type="hidden")? value=")[^"]+"')


def ask(client: FlaskClient, path: str, email: str, remote: str | None = None) -> TestResponse:
    """POST ``email`` to a request form, from ``remote`` (by default a fresh client address)."""
    return client.post(
        path,
        data={"email": email, "csrf_token": csrf_token(client)},
        environ_base={"REMOTE_ADDR": remote or next(_addresses)},
    )


def without_csrf(response: TestResponse) -> str:
    """The body with every CSRF token blanked (they differ by session)."""
    return _CSRF_VALUE.sub(r'\1CSRF"', response.get_data(as_text=True))


def link_path(inbox: Inbox, email: str, path_part: str) -> str:
    """The path (with the secret) of the link in the newest email to ``email``."""
    (url,) = links_in(inbox.last_to(email), path_part)
    assert url.startswith("http://planner.test/")  # the public base URL, absolute
    return urlsplit(url).path


def secret_of(path: str) -> str:
    """The secret at the end of a link's path."""
    return path.rsplit("/", 1)[1]


def tampered(path: str) -> str:
    """``path`` with the last character of its secret changed."""
    last = path[-1]
    return path[:-1] + ("A" if last != "A" else "B")


def links_of(email: str, purpose: LinkPurpose) -> list[EmailLink]:
    """Every link of ``purpose`` made for the account ``email``, oldest first."""
    return list(
        db.session.scalars(
            db.select(EmailLink)
            .filter_by(user_id=user(email).id, purpose=purpose)
            .order_by(EmailLink.id)
        )
    )


def post_form(client: FlaskClient, path: str, **fields: str) -> TestResponse:
    """POST a link page's form, with the CSRF token its page carries."""
    return client.post(path, data={**fields, "csrf_token": csrf_token(client)})
