"""Calendar files and feeds: which events each reader gets, caching, secret tokens, links.

``feeds`` decides what each feed holds and renders it through ``planner.core.ical``;
``cache`` serves them fast; ``tokens`` issues the secret feed addresses; ``values``
turns an event row into plain calendar values; ``links`` builds the subscribe and
add-to-calendar links other areas' pages show; ``views`` serves it all over HTTP.
"""
