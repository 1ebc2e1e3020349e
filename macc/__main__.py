"""``python -m macc``: the same as the ``macc`` command."""

import sys

from .cli import main

sys.exit(main())
