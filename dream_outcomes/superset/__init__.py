"""Apache Superset on the marts: the dashboard as code (dashboard.py), a local instance (server.py,
scripts/superset.sh serve) and its configuration (superset_config.py); its own environment,
.venv-superset, is pinned in requirements.txt."""
