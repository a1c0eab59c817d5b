"""The app's own settings (the theme, for now), kept in the platform's config folder."""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass
from pathlib import Path

import orjson
import platformdirs

from store import atomic_write_bytes


def config_path() -> Path:
    """``~/.config/briefs/config.json`` on Linux (platformdirs elsewhere)."""
    return Path(platformdirs.user_config_dir("briefs")) / "config.json"


@dataclass
class Config:
    """What the user chose in the app and expects to find next time."""

    theme: str | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> Config:
        """Read the config; a missing or unreadable file gives the defaults (it is only taste)."""
        path = path or config_path()
        try:
            data = orjson.loads(path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        theme = data.get("theme")
        return cls(theme=theme if isinstance(theme, str) else None)

    def save(self, path: Path | None = None) -> None:
        """Write the config atomically (never a half-written file)."""
        path = path or config_path()
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, orjson.dumps(asdict(self), option=orjson.OPT_INDENT_2))
