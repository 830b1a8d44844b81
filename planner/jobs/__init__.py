"""Background jobs: the work no request waits for (mail, reminders, the clock's moves).

Huey runs them. It was chosen over RQ and Celery because it needs no extra server where
the app needs none: on the embedded default its queue is a SQLite file beside the
database, in production a Redis that every web server and worker shares, and the same
code runs on both, with delayed and periodic tasks and retries. Tests run each job at
once in their own process (``JOBS_IMMEDIATE``), and start real workers where the worker
itself is what is tested.

Each area declares its jobs with :func:`planner.jobs.registry.job`; ``init_app`` gives
every application its own queue with those jobs on it, which is how a worker and a web
server built from the same settings agree on what a job's name means. Work to do after
a change is asked for with :func:`after_commit`, so a job never runs for a change that
was rolled back and never sees the change before it is committed.

A killed worker loses the job it was running (Huey's queues have no acknowledgement),
so no job is the only record of work to do: the outbox rows, reminders and events are
the record, the jobs act on them with conditional updates (two workers, or a retry, do
a thing once), and periodic sweeps pick up whatever a lost job left undone.
"""
