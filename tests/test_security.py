"""Secrets only where needed, nothing loaded as code from the working directory."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

from communique.annotate.environment import Credentials
from communique.annotate.examples import baseline_cache_dir, is_private
from communique.annotate.server import DoccanoServer, secret_key


class _Planted:
    """What a planted pickle does when loaded: here, leave a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "code ran"))


def test_a_planted_cache_file_in_the_working_directory_is_never_loaded(tmp_path, monkeypatch):
    checkout = tmp_path / "checkout"
    cache = checkout / ".doccano" / "cache"
    cache.mkdir(parents=True)
    cache.chmod(0o755)
    planted = cache / "obligation-baseline-0123456789abcdef.joblib"
    marker = tmp_path / "marker"
    planted.write_bytes(pickle.dumps(_Planted(marker)))
    monkeypatch.chdir(checkout)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    assert not baseline_cache_dir().is_relative_to(Path.cwd())
    assert not is_private(planted)  # a folder others can read and list is no place to load code from
    planted.parent.chmod(0o700)
    planted.chmod(0o666)
    assert not is_private(planted)  # nor a file others can write
    planted.chmod(0o600)
    assert is_private(planted)
    assert not marker.exists()


def test_only_createuser_gets_the_password_and_the_secret_key_is_0600(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCCANO_PASSWORD", "s3cret-for-the-test")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    server = DoccanoServer(Credentials("http://127.0.0.1:9", "admin", "s3cret-for-the-test"), tmp_path)
    previous = os.umask(0)  # the most permissive umask: the key must still be private from its first byte
    try:
        web = server.environment()
        createuser = server.environment(password=True)
    finally:
        os.umask(previous)
    assert "DOCCANO_PASSWORD" not in web
    assert createuser["DOCCANO_PASSWORD"] == "s3cret-for-the-test"
    key_file = tmp_path / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert web["SECRET_KEY"] == createuser["SECRET_KEY"] == key_file.read_text(encoding="utf-8")
    assert len(web["SECRET_KEY"]) >= 48


def test_an_old_world_readable_key_file_is_made_private(tmp_path):
    key_file = tmp_path / "secret_key"
    key_file.write_text("old-key", encoding="utf-8")
    key_file.chmod(0o644)
    assert secret_key(key_file) == "old-key"
    assert key_file.stat().st_mode & 0o777 == 0o600
