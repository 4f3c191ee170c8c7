"""Make sqlite-utils use SQLCipher: loaded when sqlite-utils imports pysqlite3 (the store package answers
that import with this module's sqlcipher3) or when the store's connection is made.

sqlite-utils catches the exceptions of the module it imports as its sqlite3; with the stdlib's classes it
would miss sqlcipher3's errors (insert(alter=True), drop(ignore=True), RETURNING). It prefers a module
named pysqlite3 when importable, so sqlcipher3 is registered under that name here, once, before
sqlite_utils is imported anywhere.
"""

from __future__ import annotations

import sys

import sqlcipher3
from sqlcipher3 import dbapi2

sys.modules.setdefault("pysqlite3", sqlcipher3)
sys.modules.setdefault("pysqlite3.dbapi2", dbapi2)

__all__ = ["dbapi2", "sqlcipher3"]
