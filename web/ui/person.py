"""Pages: person (to be written)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("person", __name__)
