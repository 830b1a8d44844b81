"""Running the app for real.

The WSGI entry point, gunicorn's settings, the start-up checks, health probes for load
balancers and one log line per request.
"""
