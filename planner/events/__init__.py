"""Co-hosted events: proposing, negotiating a time, running them, and who may do what.

The operations are split by one rule, the moment a time is agreed:

- ``negotiation``: while the time is still open (propose, submit, counter-slots,
  answers, decline, withdraw);
- ``scheduling``: from the agreed time on (confirm, publish, reschedule, cancel, edit);
- ``common``: what both share (state moves, version checks, audit snapshots).

``access`` holds the visibility and permission rules, ``queries`` the read-only
lookups, ``presenters`` what the event pages show; ``views`` and ``api`` are the web
pages and the JSON API over the same operations.
"""
