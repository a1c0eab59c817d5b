"""Opening a store folder: a new store, an existing one (repaired), or a version-0 migration.

Called by :meth:`store.BriefStore.open` with the store's lock held. The
version-0 layout and its backup are :mod:`store.migrations`; this module runs
the migration through ordinary transactions, so it is crash-safe the same way.
"""

from __future__ import annotations

from pathlib import Path

from store import migrations
from store.engine import Engine
from store.errors import StoreCorruptError, StoreError, StoreOSError
from store.metafile import META_FILE, new_meta
from store.shards import KINDS
from store.storage import fsync_directory
from store.transaction import apply_batch


def prepare_home(home: Path, *, create: bool) -> Path:
    """``home`` expanded, checked to be a folder, made when ``create`` (no store file yet)."""
    home = Path(home).expanduser()
    if home.exists() and not home.is_dir():
        raise StoreError(f"{home}: not a folder; a Briefs store is a folder")
    if not home.is_dir():
        if not create:
            raise StoreError(f"{home}: no Briefs store here (the folder does not exist)")
        try:
            home.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreOSError.from_os_error(error, home) from error
    markers = [META_FILE, migrations.V0_FILE, *(kind.folder for kind in KINDS)]
    if not create and not any((home / name).exists() for name in markers):
        # Checked before locking, so that not even the lock file is made there.
        raise StoreError(f"{home}: no Briefs store here (no {META_FILE})")
    return home


def open_engine(engine: Engine, *, create: bool, batch_size: int,
                index_later: bool = False) -> None:
    """Load the store in ``engine.home`` (lock held); make it when ``create``.

    ``index_later``: a stale search index is not rebuilt here (see
    :meth:`store.engine.Engine.open_index`).
    """
    home = engine.home
    meta = engine.meta.read()
    if meta is None:
        v0 = home / migrations.V0_FILE
        if any((home / kind.folder).is_dir() and any((home / kind.folder).iterdir())
               for kind in KINDS):
            # Starting afresh here would write new shards over the old ones.
            raise StoreCorruptError(
                engine.meta.path, "the file is missing, but the store's other files are here"
            )
        if v0.exists():
            migrate_from_v0(engine, v0, batch_size=batch_size)
        elif create:
            engine.meta.write(new_meta())
        else:
            raise StoreError(f"{home}: no Briefs store here (no {META_FILE})")
    else:
        engine.meta.adopt(engine.read_repaired(writing=False))
        engine.load_all()
        migration = engine.meta.record.get("migration")
        if migration:
            # A migration was interrupted: its source is still there, so run it again
            # (re-importing the same briefs is idempotent).
            source = home / str(migration.get("source", migrations.V0_FILE))
            if source.exists():
                migrate_from_v0(engine, source, resume=True, batch_size=batch_size)
            else:
                engine.meta.commit(migration=None)
    engine.shards.remove_temp_files(keep_staged=bool(engine.meta.record.get("pending")))
    engine.open_index(rebuild=not index_later)


def migrate_from_v0(
    engine: Engine, source: Path, *, resume: bool = False, batch_size: int
) -> None:
    """Move a version-0 ``briefs.json`` into this layout; a backup copy is written first."""
    briefs = migrations.read_v0_briefs(source)  # checked before anything is written
    if not resume:
        backup = migrations.write_backup(engine.home, source, 0)
        meta = new_meta()
        meta["migration"] = {
            "from": 0,
            "source": source.name,
            "backup": str(backup.relative_to(engine.home)),
        }
        engine.meta.write(meta)
        engine.catalog.reset()
        engine.shards.clear()
    for start in range(0, len(briefs), batch_size):
        apply_batch(engine, briefs[start : start + batch_size], restore=True)
    source.unlink()
    fsync_directory(engine.home)
    engine.meta.commit(migration=None)
