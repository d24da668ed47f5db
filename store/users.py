"""Dashboard accounts kept in the store itself: name, role and an argon2 password hash (never the password).

Roles: ``viewer`` reads; ``editor`` also adds articles and corrects or rejects events; ``admin`` also manages
users. argon2-cffi (the Password Hashing Competition winner, maintained by the PyCA) does the hashing.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .errors import StoreError

if TYPE_CHECKING:
    from argon2 import PasswordHasher

    from .db import Store

ROLES = ("viewer", "editor", "admin")
#: What each role may do; the dashboard asks :func:`can` before showing a write.
RIGHTS = {
    "viewer": frozenset({"read"}),
    "editor": frozenset({"read", "write"}),
    "admin": frozenset({"read", "write", "users"}),
}
MIN_PASSWORD = 8
_NAME = re.compile(r"[\w.@-]{1,64}")


def _hasher() -> PasswordHasher:
    try:
        from argon2 import PasswordHasher
    except ImportError:  # pragma: no cover — a requirement; the message says what to install
        raise StoreError("accounts need argon2-cffi (pip install argon2-cffi)") from None
    return PasswordHasher()


def can(role: str | None, right: str) -> bool:
    """Whether ``role`` has ``right`` (``read``, ``write``, ``users``)."""
    return right in RIGHTS.get(role or "", frozenset())


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise StoreError(f"invalid user name {name!r}: 1–64 letters, digits, '.', '_', '@' or '-'")
    return name


def _check_password(password: str) -> str:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise StoreError(f"a password needs at least {MIN_PASSWORD} characters")
    if "\x00" in password:
        raise StoreError("a password cannot hold a NUL character")
    return password


def add_user(store: Store, name: str, role: str, password: str) -> None:
    """Create an account; an existing name is an error (use :func:`set_password` / remove and add)."""
    from sqlalchemy import select

    if role not in ROLES:
        raise StoreError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    u = store.t["users"]
    digest = _hasher().hash(_check_password(password))
    with store._write() as conn:
        if conn.execute(select(u.c.name).where(u.c.name == _check_name(name))).first():
            raise StoreError(f"user {name!r} exists")
        conn.execute(u.insert().values(name=name, role=role, password_hash=digest, created_at=store._db_now(conn)))


def list_users(store: Store) -> list[dict[str, Any]]:
    """Every account (name, role, created_at), by name; hashes stay in the store."""
    from sqlalchemy import select

    u = store.t["users"]
    with store._read() as conn:
        return [dict(r._mapping) for r in conn.execute(select(u.c.name, u.c.role, u.c.created_at).order_by(u.c.name))]


def remove_user(store: Store, name: str) -> None:
    """Delete an account; the last admin cannot be removed while other accounts exist."""
    from sqlalchemy import func, select

    u = store.t["users"]
    with store._write() as conn:
        row = conn.execute(select(u.c.role).where(u.c.name == name)).first()
        if row is None:
            raise StoreError(f"no user {name!r}")
        admins = conn.execute(select(func.count()).select_from(u).where(u.c.role == "admin")).scalar_one()
        others = conn.execute(select(func.count()).select_from(u).where(u.c.name != name)).scalar_one()
        if row.role == "admin" and admins == 1 and others:
            raise StoreError(f"{name!r} is the last admin; add another admin first")
        conn.execute(u.delete().where(u.c.name == name))


def set_password(store: Store, name: str, password: str) -> None:
    """Replace an account's password."""
    u = store.t["users"]
    digest = _hasher().hash(_check_password(password))
    with store._write() as conn:
        if conn.execute(u.update().where(u.c.name == name).values(password_hash=digest)).rowcount == 0:
            raise StoreError(f"no user {name!r}")


def verify(store: Store, name: str, password: str) -> str | None:
    """The role of ``name`` when ``password`` is right, else None (same work for an unknown name)."""
    from argon2.exceptions import InvalidHashError, VerificationError
    from sqlalchemy import select

    u = store.t["users"]
    with store._read() as conn:
        row = conn.execute(select(u.c.role, u.c.password_hash).where(u.c.name == name)).first()
    ph = _hasher()
    try:
        if row is None:
            ph.verify(_DUMMY_HASH, password or "")
            return None
        ph.verify(row.password_hash, password or "")
        role: str = row.role
        return role
    except (VerificationError, InvalidHashError):
        return None


def accounts_on(store: Store) -> bool:
    """Whether any account exists (then the dashboard asks for a login)."""
    from sqlalchemy import func, select

    with store._read() as conn:
        n: int = conn.execute(select(func.count()).select_from(store.t["users"])).scalar_one()
    return n > 0


def has_admin(store: Store) -> bool:
    from sqlalchemy import func, select

    u = store.t["users"]
    with store._read() as conn:
        n: int = conn.execute(select(func.count()).select_from(u).where(u.c.role == "admin")).scalar_one()
    return n > 0


#: Verified against when the name is unknown, so a wrong name takes as long as a wrong password.
_DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$S6gB7Ms0FHxp3kvUbbWBkM+S1a7S2fqGOoQ4I9CnQ0E"
