"""Attendees: registering, seats and the waitlist, the manage link, attendee emails.

``operations`` (register, cancel), ``seats`` (the event lock, counts, promotion),
``registrants`` (the organizers' list, CSV, capacity, deadline), ``mail`` (what
attendees are sent), ``presenters`` (the registration panel and manage page values).
"""
