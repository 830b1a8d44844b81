"""The audit log as people read it: who did what, when, in their language and zone."""

from planner.history.reader import HistoryLine, history_lines

__all__ = ["HistoryLine", "history_lines"]
