"""Apache Superset's configuration for a local instance on this project's marts
(scripts/superset.sh sets SUPERSET_CONFIG_PATH to this file and SUPERSET_HOME to its folder).

Superset's own metadata (users, the imported dashboards) is a SQLite file in SUPERSET_HOME; the
marts are read through the databases the dashboard bundle defines (dream_outcomes.superset.dashboard):
the published DuckDB file, opened read-only, or PostgreSQL as a BI role."""

import os

SUPERSET_HOME = os.environ["SUPERSET_HOME"]
DATA_DIR = SUPERSET_HOME
SQLALCHEMY_DATABASE_URI = "sqlite:///" + os.path.join(SUPERSET_HOME, "superset.db")
# A local instance: a key of its own per home folder (scripts/superset.sh writes it once).
with open(os.path.join(SUPERSET_HOME, "secret_key"), encoding="utf-8") as _key:
    SECRET_KEY = _key.read().strip()
# The REST API is called with a bearer token from scripts and tests; the browser session still
# needs the login form.
WTF_CSRF_ENABLED = False
TALISMAN_ENABLED = False
# No Redis or Celery here: results and thumbnails stay in process.
CACHE_CONFIG = {"CACHE_TYPE": "SimpleCache"}
DATA_CACHE_CONFIG = {"CACHE_TYPE": "NullCache"}
FEATURE_FLAGS = {"DASHBOARD_RBAC": False}
SUPERSET_WEBSERVER_TIMEOUT = 120
ROW_LIMIT = 10000
