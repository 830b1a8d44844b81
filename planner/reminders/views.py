"""The page every reminder email links to: turn that kind of reminder off, without signing in.

The link's token is the permission (see :mod:`planner.reminders.ledger`). A GET only
asks; the page's button, or a mail client's one-click request (RFC 8058,
``List-Unsubscribe-Post``), does it.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from planner.extensions import csrf
from planner.labels import REMINDER_KIND_LABELS
from planner.reminders import ledger
from planner.reminders.forms import TURN_OFF, TURN_ON, ReminderChoiceForm
from planner.security import PRIVATE_HEADERS

bp = Blueprint("reminders", __name__)


def _reader(token: str) -> tuple[str, ledger.ReminderKind]:
    """The address and kind of a link, or a 404 for a link that is not one of ours."""
    read = ledger.read_unsubscribe_token(token)
    if read is None:
        abort(404)
    return read


@bp.route("/reminders/off/<token>", methods=["GET", "POST"])
def unsubscribe(token: str) -> tuple[str, int, dict[str, str]]:
    """Show whose reminders these are and whether they are on; turn them off or on."""
    email, kind = _reader(token)
    form = ReminderChoiceForm()
    status = 200
    if form.is_submitted():
        if form.validate():
            if form.choice.data == TURN_OFF:
                ledger.opt_out(email, kind)
            else:
                ledger.opt_in(email, kind)
        else:
            status = 400
    page = render_template(
        "reminders/unsubscribe.html",
        form=form,
        email=email,
        kind_label=REMINDER_KIND_LABELS[kind],
        opted_out=ledger.has_opted_out(email, kind),
        turn_off=TURN_OFF,
        turn_on=TURN_ON,
    )
    return page, status, PRIVATE_HEADERS


# The address of the List-Unsubscribe header: a mail client's button posts here.
@bp.route("/reminders/off/<token>/one-click", methods=["GET", "POST"])
@csrf.exempt  # a mail client posts here itself (RFC 8058); the signed token is the permission
def unsubscribe_one_click(token: str) -> tuple[str, int, dict[str, str]] | Response:
    """Turn the kind off at once (POST), as a mail client asks; a browser gets the page."""
    email, kind = _reader(token)
    if request.method == "GET":
        return redirect(url_for("reminders.unsubscribe", token=token))
    ledger.opt_out(email, kind)
    return "", 204, PRIVATE_HEADERS
