import pytest

from tests.common import EVAL_DEV, SHARED


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never read or write the user's real data folder or store from a test."""
    home = tmp_path_factory.mktemp("lem_home")
    monkeypatch.setenv("LEM_HOME", str(home))
    monkeypatch.delenv("LEM_DB", raising=False)
    yield home


@pytest.fixture(scope="session")
def gaz():
    import gazetteer

    return gazetteer.load(user=False)


@pytest.fixture
def eval_dev():
    if not EVAL_DEV.is_dir():
        pytest.skip(f"evaluation data not found at {EVAL_DEV} (../shared is absent in a user's clone)")
    return EVAL_DEV


@pytest.fixture
def shared():
    if not SHARED.is_dir():
        pytest.skip(f"../shared not found at {SHARED} (absent in a user's clone)")
    return SHARED
