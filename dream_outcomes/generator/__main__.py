"""``python -m dream_outcomes.generator``."""

import sys

from dream_outcomes.generator.cli import main

sys.exit(main())
