"""Unbound Flask extensions; ``create_app`` binds them to an application."""

from flask_babel import Babel
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
