"""Where the store lives: ``--home DIR``, else ``$BRIEFS_HOME``, else the platform's data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

#: The environment variable that names the store folder when ``--home`` is not given.
HOME_ENV = "BRIEFS_HOME"


def resolve_home(cli_home: str | None) -> Path:
    """The store folder: the ``--home`` value, else ``$BRIEFS_HOME``, else the user data folder.

    ``~`` is expanded in both explicit forms; an empty value counts as not given.
    """
    for candidate in (cli_home, os.environ.get(HOME_ENV)):
        if candidate and candidate.strip():
            return Path(candidate.strip()).expanduser()
    return Path(platformdirs.user_data_dir("briefs", appauthor=False))
