"""The municipality's own folder: its data files, extra forms and texts, outside the install.

An update of koto replaces the package and never touches this folder. It is ``--config-dir``, else
``KOTO_CONFIG_DIR``, else the user configuration directory of the operating system (platformdirs:
``~/.config/koto`` on Linux, ``~/Library/Application Support/koto`` on macOS, ``%LOCALAPPDATA%\\koto`` on
Windows).
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "KOTO_CONFIG_DIR"

_chosen: Path | None = None


def use_config_dir(path: Path | None) -> None:
    """Use *path* (from ``--config-dir``) instead of the environment and the system's default."""
    global _chosen
    _chosen = Path(path).expanduser() if path is not None else None


def config_dir() -> Path:
    """The folder that holds the municipality's own files (it may not exist yet)."""
    if _chosen is not None:
        return _chosen
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("koto", appauthor=False))
