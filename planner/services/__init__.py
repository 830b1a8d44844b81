"""The service layer: one function per use case, each its own unit of work.

Views, API handlers and CLI commands call these functions with the acting user and
validated values; the functions check permissions and domain rules, change the data,
write the audit log and commit, or raise a ``planner.errors.DomainError`` and leave
the database untouched.
"""
