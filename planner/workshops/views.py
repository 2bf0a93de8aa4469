from flask import Blueprint

bp = Blueprint("workshops", __name__, template_folder="templates")
