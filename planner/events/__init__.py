"""Co-hosted events: proposing, negotiating a time, running them, and who may do what.

The operations are split by one rule, the moment a time is agreed:

- ``negotiation``: while the time is still open (propose, submit, counter-slots,
  answers, decline, withdraw);
- ``scheduling``: from the agreed time on (confirm, publish, reschedule, cancel);
- ``editing``: the texts and details, at any time before the event ends;
- ``common``: what they share (state moves, change stamps, audit snapshots).

``revisions`` keeps what each change replaced, so that an edit made from an older
version is merged three ways (``planner.core.merge``) instead of overwriting.
``access`` holds the visibility and permission rules, ``queries`` the read-only
lookups, ``presenters`` and ``change_presenters`` what the event pages show;
``views`` (negotiating) and ``change_views`` (edit, reschedule, publish, cancel) are
the web pages and ``api`` the JSON API over the same operations.
"""
