"""Deterministic synthetic DREAM extract generator (see :mod:`.cli` for usage)."""
