"""The pages a proposal email leads to: open the link, answer, forward to a colleague."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from planner.accounts.link_secrets import LINK_PAGE_STATUS
from planner.errors import Conflict, NotFound, ValidationFailed
from planner.events import negotiation
from planner.events.access import is_cohost, load_event
from planner.events.answer_by import answer_by_notice
from planner.events.form_input import fill_answer_rows
from planner.events.forms import AnswersForm
from planner.events.negotiation import SlotAnswer
from planner.form_values import whole_number
from planner.models import Answer, Event, EventStatus, User
from planner.presentation import current_locale
from planner.proposal_links import operations, presenters
from planner.proposal_links.forms import ContinueForm, ForwardForm
from planner.proposal_links.forwarding import forward_proposal
from planner.proposal_links.passes import keep_pass, pass_holder
from planner.security import PRIVATE_HEADERS

bp = Blueprint("proposal_links", __name__)

# A page whose address carries a link's secret: body, status, private headers.
LinkPage = tuple[str, int, dict[str, str]]


def _state_page(token: str, state: operations.ProposalLinkState) -> LinkPage:
    """The page for a proposal link in ``state``: continue, or why not and what next."""
    page = render_template(
        "proposal_links/open.html",
        token=token,
        state=state.status,
        link=presenters.link_page(state, current_locale()),
        form=ContinueForm(),
    )
    return page, LINK_PAGE_STATUS[state.status], PRIVATE_HEADERS


@bp.get("/answer/<token>")
def open_link(token: str) -> LinkPage:
    """Where the proposal email's link leads: a button to continue (nothing is used yet)."""
    return _state_page(token, operations.link_state(token))


@bp.post("/answer/<token>")
def use_link(token: str) -> Response | LinkPage:
    """Use the link up and open the proposal's answers for its person, on this device."""
    form = ContinueForm()
    if not form.validate_on_submit():
        return _state_page(token, operations.link_state(token))
    try:
        opened = operations.open_link(token)
    except Conflict:
        return _state_page(token, operations.link_state(token))
    keep_pass(opened)
    return redirect(url_for("proposal_links.answer_page", event_id=opened.event_id))


@bp.post("/answer/<token>/renew")
def renew_link(token: str) -> LinkPage:
    """Send a fresh link to the person an expired or opened link was for."""
    form = ContinueForm()
    state = operations.link_state(token)
    if not form.validate_on_submit() or not state.may_ask_again:
        return _state_page(token, state)
    operations.send_new_link(token)
    return render_template("proposal_links/renewed.html"), 200, PRIVATE_HEADERS


def _answerer(event_id: int) -> User | None:
    """Who answers here: a signed-in co-host organizer, else this browser's pass holder."""
    if current_user.is_authenticated:
        return current_user._get_current_object()
    return pass_holder(event_id)


def _answerable_event(actor: User, event_id: int) -> Event:
    """The event ``actor`` answers for a co-host, else 404 as for any event one cannot see.

    The host side answers nothing here (it agrees by confirming), so for it too the
    page does not exist.
    """
    event = load_event(actor, event_id)
    if not is_cohost(actor, event):
        raise NotFound(_("There is no such event."))
    return event


def _answer_page(
    event_id: int,
    actor: User,
    sent_answers: AnswersForm | None = None,
    forward_form: ForwardForm | None = None,
    status: int = 200,
) -> tuple[str, int]:
    """Render the answer page for ``actor`` (with a form sent back when given)."""
    event = _answerable_event(actor, event_id)
    answers_form = AnswersForm(formdata=None)
    open_for_answers = event.status == EventStatus.PROPOSED
    if open_for_answers:
        fill_answer_rows(answers_form, event, actor.organization_id, sent=sent_answers)
    page = render_template(
        "proposal_links/answer.html",
        event=event,
        page=presenters.answer_page(event, actor, current_locale()),
        answer_by=answer_by_notice(event),
        answers_form=answers_form,
        forward_form=forward_form or ForwardForm(formdata=None),
        open_for_answers=open_for_answers,
        signed_in=current_user.is_authenticated,
    )
    return page, status


def _require_answerer(event_id: int) -> User | Response:
    """The answerer, or the sign-in page for a visitor without a pass for this proposal."""
    actor = _answerer(event_id)
    if actor is None:
        flash(_("This page needs your personal link from the proposal email, or signing in."))
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    return actor


@bp.get("/events/<int:event_id>/answer")
def answer_page(event_id: int) -> Response | tuple[str, int]:
    """The proposal's candidate times in every city, and this organization's answers."""
    actor = _require_answerer(event_id)
    if isinstance(actor, Response):
        return actor
    return _answer_page(event_id, actor)


@bp.post("/events/<int:event_id>/answer")
def save_answers(event_id: int) -> Response | tuple[str, int]:
    """Save the organization's answers to every candidate time at once."""
    actor = _require_answerer(event_id)
    if isinstance(actor, Response):
        return actor
    _answerable_event(actor, event_id)
    form = AnswersForm()
    if not form.validate_on_submit():
        flash(_("Your answers could not be read; please try again."), "error")
        return _answer_page(event_id, actor, sent_answers=form, status=400)
    answers = [
        SlotAnswer(whole_number(row.slot_id.data), Answer(row.answer.data), row.comment.data or "")
        for row in form.rows
        if row.answer.data and whole_number(row.slot_id.data) is not None
    ]
    if not answers:
        flash(_("Choose an answer first."), "warning")
        return _answer_page(event_id, actor, sent_answers=form, status=400)
    negotiation.answer_slots(actor, event_id, answers, via_link=not current_user.is_authenticated)
    flash(_("%(count)d answers saved.", count=len(answers)), "success")
    return redirect(url_for("proposal_links.answer_page", event_id=event_id))


@bp.post("/events/<int:event_id>/forward")
def forward(event_id: int) -> Response | tuple[str, int]:
    """Forward the proposal to a colleague of the same organization."""
    actor = _require_answerer(event_id)
    if isinstance(actor, Response):
        return actor
    _answerable_event(actor, event_id)
    form = ForwardForm()
    if not form.validate_on_submit():
        return _answer_page(event_id, actor, forward_form=form, status=400)
    try:
        result = forward_proposal(actor, event_id, form.email.data or "")
    except ValidationFailed as error:
        form.email.errors = [*form.email.errors, error.message]
        return _answer_page(event_id, actor, forward_form=form, status=400)
    flash(result.message, "success" if result.kind != "has_account" else "info")
    # To the top of the page, where the message saying what happened is shown.
    return redirect(url_for("proposal_links.answer_page", event_id=event_id))
