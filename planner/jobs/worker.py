"""The queue a worker consumes: ``huey_consumer planner.jobs.worker.queue``.

It builds the application from the environment exactly as the web server does
(``PLANNER_CONFIG``, ``DATABASE_URL``, ``JOBS_URL``...), so both see the same database
and the same queue, and a production worker refuses to start where the web server
would (``planner.serving.startup``). ``make run`` starts one beside the development
server; production runs it as its own process (README, "Deployment").
"""

from __future__ import annotations

from config import ConfigurationError
from planner.serving.startup import checked_application, refusal

try:
    app = checked_application()
except ConfigurationError as error:
    raise refusal(error, 1) from error

queue = app.extensions["huey"]
