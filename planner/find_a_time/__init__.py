"""Find a time: when the chosen organizations' working days overlap, and suggestions.

``service`` combines organizations with the pure ``planner.core.overlap``;
``presenters`` turns the result into the page's city bars; ``views`` and ``api``
serve the page and ``GET /api/v1/overlap``.
"""
