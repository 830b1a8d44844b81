"""Unbound Flask extensions; ``create_app`` binds them to an application."""

from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from planner.models.base import Base

db = SQLAlchemy(model_class=Base)
# Batch mode lets the same migrations alter tables on SQLite, which lacks ALTER COLUMN.
migrate = Migrate(render_as_batch=True, compare_type=True)
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# Counters per client address; the store is RATELIMIT_STORAGE_URI (memory:// by default).
limiter = Limiter(key_func=get_remote_address)
# Password guesses, counted together for the web sign-in form and API token creation.
sign_in_limit = limiter.shared_limit(
    lambda: current_app.config["SIGN_IN_RATE_LIMIT"], scope="sign-in", methods=["POST"]
)
