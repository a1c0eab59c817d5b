"""Export briefs as Markdown files: the code lives in :mod:`store.export` (shared with sync)."""

from store.export import export_briefs, export_filename, safe_file_stem

__all__ = ["export_briefs", "export_filename", "safe_file_stem"]
