"""Who may reach a view: decorators shared by the blueprints."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlsplit

from flask_babel import gettext as _
from flask_login import current_user, login_required

from planner.errors import PermissionDenied


def admin_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """Let only signed-in administrators in; others get 403 (anonymous users sign in)."""

    @login_required
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_admin:
            raise PermissionDenied(_("This page is for administrators."))
        return view(*args, **kwargs)

    return wrapped


def safe_next_url(target: str | None) -> str | None:
    """Accept only a path on this site as a redirect target (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target:
        return None
    return target


def whole_number(text: str | None) -> int | None:
    """A form value as a positive whole number, or ``None``.

    ASCII digits only: ``str.isdigit`` also accepts "²", which ``int`` refuses.
    """
    if text is None or not re.fullmatch(r"[0-9]{1,9}", text.strip()):
        return None
    return int(text)
