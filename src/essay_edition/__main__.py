"""``python -m essay_edition``: the command line."""

import sys

from .cli import main

sys.exit(main())
