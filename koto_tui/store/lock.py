"""One koto at a time on a database: an exclusive lock on a file beside it, on every operating system.

portalocker takes ``flock`` on Linux and macOS and ``msvcrt.locking`` on Windows; either way the operating
system drops the lock when the process ends, so a crashed koto never leaves a stale lock behind.
"""

from __future__ import annotations

import os
import sys
import types
from importlib.util import find_spec
from pathlib import Path

from koto_tui.store.errors import AlreadyOpen


def _about_without_lookup() -> None:
    """Stand in for ``portalocker.__about__`` before portalocker is imported.

    portalocker's ``__about__`` looks its own version up in the installed packages' metadata when it is
    imported (``importlib.metadata.version``): that loads importlib.metadata (with email, zipfile, csv and
    importlib.resources) and scans the path, 25–40 ms of koto's start-up before the unlock screen's first
    frame, for a version koto never reads. The stand-in carries the names portalocker's ``__init__`` copies
    from it, the version read from the name of its ``.dist-info`` folder. Should a release of portalocker
    need more of its ``__about__``, the import below is made again as it ships."""
    if "portalocker" in sys.modules or "portalocker.__about__" in sys.modules:
        return
    spec = find_spec("portalocker")
    if spec is None or spec.origin is None:
        return  # not installed: the import below says so
    about = types.ModuleType("portalocker.__about__")
    vars(about).update(__package_name__="portalocker", __author__="Rick van Hattem", __email__="wolph@wol.ph",
                       __description__="Wraps the portalocker recipe for easy usage",
                       __url__="https://github.com/WoLpH/portalocker",
                       __version__=_installed_version(Path(spec.origin).parent.parent))
    sys.modules[about.__name__] = about


def _installed_version(site: Path) -> str:
    """portalocker's version from its ``portalocker-X.Y.Z.dist-info`` folder beside it ("0.0.0" as portalocker
    says when it cannot tell)."""
    try:
        names = [e.name for e in os.scandir(site) if e.name.startswith("portalocker-")]
    except OSError:
        names = []
    found = [n.removeprefix("portalocker-").removesuffix(".dist-info")
             for n in names if n.endswith(".dist-info")]
    return found[0] if len(found) == 1 else "0.0.0"


_about_without_lookup()
#: portalocker's ``__init__`` imports its Redis lock when it can (``from .redis import RedisLock``: json, then
#: the redis package looked for on the whole path, 2-7 ms before the first frame) and puts a stub in its place
#: when that import fails. koto locks a file only: the import fails here as a missing redis makes it fail,
#: and ``portalocker.redis`` can be imported as usual afterwards.
_NO_REDIS = "portalocker.redis" not in sys.modules
if _NO_REDIS:
    sys.modules["portalocker.redis"] = None  # type: ignore[assignment]
try:
    import portalocker
except (AttributeError, ImportError):  # a portalocker that needs more of its __about__ than the stand-in has
    for _name in [n for n in sys.modules if n == "portalocker" or n.startswith("portalocker.")]:
        del sys.modules[_name]
    import portalocker
finally:
    if _NO_REDIS and sys.modules.get("portalocker.redis", ...) is None:
        del sys.modules["portalocker.redis"]

_FLAGS = portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING


class InstanceLock:
    """Holds an exclusive, non-blocking lock on *path* for as long as the process keeps it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None  # a raw descriptor: unlike a file object, never closed by the GC

    def acquire(self) -> None:
        """Take the lock or raise :class:`AlreadyOpen`; the OS drops it if the process dies."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
        try:
            portalocker.lock(fd, _FLAGS)
        except portalocker.LockException as exc:
            os.close(fd)
            raise AlreadyOpen(str(self.path)) from exc
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    @property
    def held(self) -> bool:
        """Whether this object holds the lock now."""
        return self._fd is not None

    def release(self) -> None:
        """Let go of the lock."""
        if self._fd is not None:
            portalocker.unlock(self._fd)
            os.close(self._fd)
            self._fd = None
