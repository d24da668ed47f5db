"""The dashboard's door: who may open a session, the login form, and the signed-in user's rights.

Our own small form on the store's argon2 accounts (``store.users``), not streamlit-authenticator: that package
keeps users in a YAML file beside the app and signs a cookie with a shared key, while a team's accounts must
live in the shared store (managed with ``python -m events users``) and one CLI must manage them.

- No account in the store: today's single-user dashboard, but only when bound to localhost.
- Accounts: a login form; a page whose Host header is not an allowed name (DNS rebinding: a foreign page
  whose name resolves to this server) gets no session at all. ``LEM_ALLOWED_HOSTS`` (comma-separated)
  names the hosts a reverse proxy forwards; default: localhost, 127.0.0.1, [::1].
"""

from __future__ import annotations

import os

import streamlit as st

from store import users
from ui.labels import lang

LOCAL_ADDRESSES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
_LABELS = {
    "en": {
        "login": "Sign in",
        "name": "User name",
        "password": "Password",
        "login_failed": "Wrong name or password.",
        "signed_in": "Signed in as {name} ({role})",
        "logout": "Sign out",
        "no_admin": "This dashboard is bound to {address}, not localhost, and the store has no admin account. "
        "Create one first: python -m events users add NAME --role admin",
        "foreign_host": "This address is not served here. Open the dashboard under its own name.",
        "read_only": "Your role ({role}) can read only; an editor adds articles and corrects events.",
    },
    "ar": {
        "login": "تسجيل الدخول",
        "name": "اسم المستخدم",
        "password": "كلمة المرور",
        "login_failed": "الاسم أو كلمة المرور غير صحيحة.",
        "signed_in": "مسجل الدخول باسم {name} ({role})",
        "logout": "تسجيل الخروج",
        "no_admin": "لوحة التحكم مربوطة بالعنوان {address} وليس بالجهاز المحلي، ولا يوجد حساب مدير. "
        "أنشئ حسابًا أولًا: python -m events users add NAME --role admin",
        "foreign_host": "هذا العنوان غير مخدوم هنا. افتح لوحة التحكم باسمها الصحيح.",
        "read_only": "دورك ({role}) للقراءة فقط؛ المحرر يضيف المقالات ويصحح الأحداث.",
    },
}


def tt(key: str, **fmt) -> str:
    """This module's label in the current language."""
    text = _LABELS.get(lang(), _LABELS["en"]).get(key) or _LABELS["en"][key]
    return text.format(**fmt) if fmt else text


def bound_locally() -> bool:
    """Whether the server listens on loopback only (unset means every interface)."""
    return str(st.get_option("server.address") or "").strip() in LOCAL_ADDRESSES


def allowed_hosts() -> set[str]:
    """Host names (no port) a page may be served under: ``LEM_ALLOWED_HOSTS`` plus loopback names."""
    extra = {h.strip().lower() for h in os.environ.get("LEM_ALLOWED_HOSTS", "").split(",") if h.strip()}
    return {"localhost", "127.0.0.1", "[::1]"} | extra


def host_name(host: str) -> str:
    """``Host`` header without the port: ``example.org:8501`` → ``example.org``, ``[::1]:80`` → ``[::1]``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def foreign_host() -> bool:
    """Whether this page came under a Host name we do not serve (a DNS-rebinding page)."""
    host = st.context.headers.get("Host")
    return host is not None and host_name(host) not in allowed_hosts()


def gate(store) -> dict | None:
    """Let this session in or stop the page: None in single-user mode, else the signed-in ``{name, role}``."""
    on = users.accounts_on(store)
    if foreign_host():
        st.session_state.pop("lem_user", None)
        st.error(tt("foreign_host"))
        st.stop()
    if not on:
        if not bound_locally():
            st.error(tt("no_admin", address=st.get_option("server.address") or "0.0.0.0"))
            st.stop()
        return None
    if not users.has_admin(store) and not bound_locally():
        st.error(tt("no_admin", address=st.get_option("server.address") or "0.0.0.0"))
        st.stop()
    user = st.session_state.get("lem_user")
    if user is not None:
        return user
    with st.form("lem_login"):
        st.subheader(tt("login"))
        name = st.text_input(tt("name"), key="lem_login_name")
        password = st.text_input(tt("password"), type="password", key="lem_login_password")
        submitted = st.form_submit_button(tt("login"), type="primary")
    if submitted:
        role = users.verify(store, name.strip(), password)
        if role is not None:
            st.session_state["lem_user"] = {"name": name.strip(), "role": role}
            st.session_state.pop("lem_login_password", None)
            st.rerun()
        st.error(tt("login_failed"))
    st.stop()


def account_box(user: dict | None) -> None:
    """The signed-in user and a sign-out button, in the sidebar."""
    if user is None:
        return
    st.sidebar.caption(tt("signed_in", name=user["name"], role=user["role"]))
    if st.sidebar.button(tt("logout"), key="lem_logout"):
        st.session_state.pop("lem_user", None)
        st.rerun()


def may_write(user: dict | None) -> bool:
    """Single-user mode writes; with accounts, editors and admins do."""
    return user is None or users.can(user["role"], "write")


def current_author() -> str | None:
    """The signed-in user's name: the author of every correction when accounts are on."""
    user = st.session_state.get("lem_user")
    return user["name"] if user else None


def read_only_note(user: dict | None) -> None:
    """Why a tab offers no editing: the signed-in user's role (shown only when ``may_write`` is false)."""
    assert user is not None, "may_write(None) is true: single-user mode writes"
    st.info(tt("read_only", role=user["role"]))


def md_escape(text: str) -> str:
    """User text for a Streamlit message (which renders Markdown) shown as text: every Markdown and
    Streamlit directive character is backslash-escaped, so ``![x](http://…)`` is never an image."""
    out = []
    for i, ch in enumerate(str(text)):
        if ch in "\\`*_{}[]()<>#!|~$" or (i == 0 and ch in "-+="):
            out.append("\\" + ch)
        elif ch in "\r\n":
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out)


def tt_undated(n: int) -> str:
    """Label of the date filter's box for events without a date (issue #11: never hidden)."""
    return f"تضمين الأحداث غير المؤرخة ({n})" if lang() == "ar" else f"Include undated events ({n})"
