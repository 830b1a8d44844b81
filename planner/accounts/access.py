"""Who may reach a view: the decorator that keeps pages for administrators."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

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
