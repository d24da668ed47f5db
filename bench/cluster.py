"""A Dask cluster of separate processes on 127.0.0.1, started as README "Scale-out" tells a team to: one
``dask scheduler`` and ``dask worker`` processes (one thread each), for the store benchmark and the cluster test.

Each process runs in its own session, so a worker is stopped (or killed, as a lost machine) with its nanny at once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def wait_for(condition: Callable[[], T], what: str, *, timeout: float = 60, log: Path | None = None) -> T:
    """The first true value of ``condition()``, polled every 0.1 s; AssertionError with ``log``'s tail after timeout."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        if time.monotonic() > deadline:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:]) if log and log.exists() else ""
            raise AssertionError(f"{what} within {timeout} s\n{tail}")
        time.sleep(0.1)
    return value


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without the project's path and data settings, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LEM_HOME", "LEM_DB")}
    env.update(extra)
    return env


def _start(cmd: list[str], log: Path, cwd: Path, env: dict[str, str]) -> subprocess.Popen:
    with open(log, "ab") as out:
        return subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop a process started here and everything in its session (SIGKILL after 15 s)."""
    if proc.poll() is None:
        os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)


class DaskProcesses:
    """``dask scheduler`` (with ``scheduler_path`` as its PYTHONPATH) and the workers added with :meth:`add_worker`;
    the folder ``base`` holds their logs and working directories."""

    def __init__(self, base: Path, *, scheduler_path: Path | None = None):
        self.base = base
        info = base / "scheduler.json"
        self.log = base / "scheduler.log"
        cmd = [sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", "0"]
        cmd += ["--no-dashboard", "--scheduler-file", str(info)]
        env = clean_env(**({"PYTHONPATH": str(scheduler_path)} if scheduler_path else {}))
        self.scheduler = _start(cmd, self.log, base, env)
        self.workers: list[subprocess.Popen] = []
        try:
            wait_for(lambda: info.exists() and info.stat().st_size, "the scheduler did not start", log=self.log)
            self.address = json.loads(info.read_text())["address"]
            from distributed import Client

            self.client = Client(self.address, timeout="30s")
        except BaseException:
            stop(self.scheduler)
            raise

    def add_worker(self, name: str, pythonpath: Path | None) -> str:
        """Start one single-threaded worker with its own empty data folder (``pythonpath``: e.g. the repository, for a
        project not installed); its address once the scheduler lists it."""
        home = self.base / f"home-{name}"
        home.mkdir(exist_ok=True)
        env = clean_env(LEM_HOME=str(home), **({"PYTHONPATH": str(pythonpath)} if pythonpath else {}))
        before = set(self.worker_addresses())
        cmd = [sys.executable, "-m", "dask", "worker", self.address, "--nthreads", "1", "--nworkers", "1"]
        cmd += ["--name", name, "--no-dashboard", "--host", "127.0.0.1"]
        log = self.base / f"worker-{name}.log"
        self.workers.append(_start(cmd, log, home, env))
        (new,) = wait_for(lambda: set(self.worker_addresses()) - before, f"worker {name} did not join", log=log)
        return new

    def worker_addresses(self) -> list[str]:
        return sorted(self.client.scheduler_info(n_workers=-1)["workers"])

    def pids(self) -> list[int]:
        return [p.pid for p in (self.scheduler, *self.workers) if p.poll() is None]

    def kill(self, index: int) -> None:
        """Kill a worker and its nanny at once, as a lost machine would."""
        stop(self.workers[index], signal.SIGKILL)

    def stop_workers(self) -> None:
        for proc in self.workers:
            stop(proc)
        self.workers.clear()
        wait_for(lambda: not self.worker_addresses(), "the scheduler still lists workers", timeout=30)

    def close(self) -> None:
        for proc in self.workers:
            stop(proc)
        self.client.close()
        stop(self.scheduler)
