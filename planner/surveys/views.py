from flask import Blueprint

from . import models  # noqa: F401  (the tables, for migrations and create_all)

bp = Blueprint("surveys", __name__, template_folder="templates")
