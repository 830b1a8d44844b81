"""Pure cores: no Flask, no SQLAlchemy, nothing that imports them (a test checks).

- ``timezones``: strict local time → UTC, offsets, clock changes (the DST policy);
- ``zone_display``: one instant in several cities, side by side;
- ``overlap``: shared working hours, day flags and ranked slot suggestions;
- ``ical`` and ``vtimezone``: plain event values → iCalendar bytes with VTIMEZONEs;
- ``lifecycle``: every event state and every allowed move;
- ``enums``: the product's vocabulary (formats, states, answers, roles).

They take and return plain values, so they are tested without an application.
"""
