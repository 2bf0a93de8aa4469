from flask import Blueprint

bp = Blueprint("plans", __name__, template_folder="templates")
