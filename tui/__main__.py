"""``python -m tui``: the same as the ``briefs`` command."""

import sys

from tui.cli import main

sys.exit(main())
