"""The base of every form: the text rule applied to every field, and the address check.

Every form of the site derives from :class:`PlannerForm` (a page's form, with CSRF)
or :class:`PlannerSubform` (a repeated row inside one, such as a candidate time).
Their ``Meta`` puts :class:`TextRule` first in every field's validators, so what a
browser sends is held to ``planner.text_rules`` before any other check: a control
character is refused beside its field, in the reader's language, and never stored.
A new field needs nothing to get it; a new form needs only the base class (a test
checks that every form has it).
"""

from __future__ import annotations

from typing import Any

from flask import flash
from flask_wtf import FlaskForm
from wtforms import Field, Form, TextAreaField
from wtforms.validators import StopValidation, ValidationError

from planner.errors import DomainError
from planner.text_rules import (
    forbidden_character,
    forbidden_message,
    is_web_address,
    web_address_message,
)


class TextRule:
    """Refuse a value with a character the text rule forbids (multi-line in text areas).

    It reads ``raw_data``, what the browser sent, so every kind of field is covered
    (a number or a menu choice too) before it is converted or compared with choices.
    """

    def __call__(self, form: Form, field: Field) -> None:
        """Stop validating ``field`` with a message if a sent value breaks the rule."""
        multiline = isinstance(field, TextAreaField)
        for value in getattr(field, "raw_data", None) or []:
            if not isinstance(value, str):
                continue
            character = forbidden_character(value, multiline=multiline)
            if character is not None:
                field.errors[:] = []  # the other checks' messages would only confuse
                raise StopValidation(forbidden_message(character))


class WebAddress:
    """An http(s) address, by the same rule as the API's (blank passes: use Optional)."""

    def __call__(self, form: Form, field: Field) -> None:
        """Refuse an address that ``planner.text_rules.is_web_address`` refuses."""
        if field.data and not is_web_address(field.data):
            raise ValidationError(web_address_message())


class _TextRuleMeta:
    """Put the text rule first in the validators of each field the form binds."""

    def bind_field(self, form: Form, unbound_field: Any, options: dict[str, Any]) -> Field:
        """Bind the field as usual, then prepend :class:`TextRule` to its validators."""
        field = super().bind_field(form, unbound_field, options)  # type: ignore[misc]
        field.validators = [TextRule(), *field.validators]
        return field


class PlannerForm(FlaskForm):
    """A page's form (CSRF-protected), its fields held to the text rule."""

    class Meta(_TextRuleMeta):
        """The text rule for every field."""


class PlannerSubform(Form):
    """A row repeated inside a form (``FormField``), its fields held to the text rule."""

    class Meta(_TextRuleMeta):
        """The text rule for every field."""


def show_error_beside_field(form: Form, error: DomainError, fallback: str | None = None) -> None:
    """Put an operation's message next to the field it names (else ``fallback``, else on top).

    A message that names no field of the form, and has no fallback, is flashed above it.
    """
    field = getattr(form, error.field or "", None)
    if not isinstance(field, Field) and fallback is not None:
        field = getattr(form, fallback)
    if isinstance(field, Field):
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")
