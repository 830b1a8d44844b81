"""Response headers that keep pages safe: a strict Content-Security-Policy and friends."""

from __future__ import annotations

from flask import Flask, Response, abort, current_app, request
from werkzeug.routing import IntegerConverter, Map

from planner.errors import ValidationFailed
from planner.text_rules import forbidden_character, forbidden_message

# Scripts and styles come only from our own static files: no inline <script>, no
# on...= handlers, no style= attributes anywhere in the templates.
# Pages whose address carries a secret (manage links, personal email links) or that
# show personal data: kept out of every cache and out of the Referer header.
PRIVATE_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# The app uses none of the browser's powerful features, so no page (nor anything a
# page could embed) may ask for them. Only features Chromium knows are named, so the
# header never fills the console with "unrecognized feature" errors.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


def add_security_headers(response: Response) -> Response:
    """Add the CSP and related headers to every response that does not set its own.

    ``STRICT_TRANSPORT_SECURITY`` (set in production) goes on every response there,
    whatever scheme the request seems to have: behind a proxy that is not counted in
    ``TRUSTED_PROXY_COUNT`` an https request looks like http, and browsers ignore the
    header on a plain-http response anyway (RFC 6797, section 8.1).
    """
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    transport_security = current_app.config.get("STRICT_TRANSPORT_SECURITY")
    if transport_security:
        response.headers.setdefault("Strict-Transport-Security", transport_security)
    return response


def refuse_json_on_web_forms() -> None:
    """Web forms take form posts only; JSON belongs to the API under /api.

    Flask-WTF would otherwise read a JSON body as form data, where lists and numbers
    are not what any field expects.
    """
    writes = request.method in ("POST", "PUT", "PATCH", "DELETE")
    if writes and request.is_json and not request.path.startswith("/api/"):
        abort(415)


def refuse_control_characters_in_addresses() -> None:
    """Hold the address itself to the text rule (``planner.text_rules``), for every route.

    A path with a control character (``/feeds/orgs/%00.ics``) names nothing: 404, before
    any view looks a slug or a token up. A query parameter with one is a 400 naming the
    parameter. Form fields and JSON bodies have their own, field by field, checks.
    """
    if forbidden_character(request.path) is not None:
        abort(404)
    for name, value in request.args.items(multi=True):
        character = forbidden_character(name) or forbidden_character(value)
        if character is not None:
            raise ValidationFailed(forbidden_message(character, name), field=name)


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` limited to what an INTEGER column holds, so larger ids are a 404.

    The limit is in the pattern, not only in ``max``: werkzeug takes a value the
    converter refuses after matching for "no rule here", and when a rule for another
    method has the same address it answers 405 instead of 404 (``PATCH
    /api/v1/events/3437453091`` was "method not allowed"). An address the pattern does
    not match is a 404 for every method.
    """

    # The decimal numbers 0 to 2147483647 (2**31 - 1), and no larger ones.
    regex = (
        r"(?:\d{1,9}|1\d{9}|20\d{8}|21[0-3]\d{7}|214[0-6]\d{6}|2147[0-3]\d{5}"
        r"|21474[0-7]\d{4}|214748[0-2]\d{3}|2147483[0-5]\d{2}|21474836[0-3]\d"
        r"|214748364[0-7])"
    )

    def __init__(self, url_map: Map, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)  # type: ignore[arg-type]


def init_app(app: Flask) -> None:
    """Register the header hook, the JSON and address guards, the bounded id converter."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(refuse_json_on_web_forms)
    app.before_request(refuse_control_characters_in_addresses)
    app.after_request(add_security_headers)
