"""The two cities every public time is shown in: Tokyo and Copenhagen.

Attendees have no zone of their own, so pages and emails meant for them give each
time in both cities the events are made for. (``notifications`` imports these too.)
"""

TOKYO = "Asia/Tokyo"
COPENHAGEN = "Europe/Copenhagen"
DISPLAY_ZONES = (TOKYO, COPENHAGEN)
