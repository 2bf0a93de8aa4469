from flask import Blueprint

bp = Blueprint("monitoring", __name__, template_folder="templates")
