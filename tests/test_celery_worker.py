"""A real Celery worker builds the daily briefings through the real broker.

Runs when CELERY_BROKER_URL points at a reachable Redis and DATABASE_URL at
PostgreSQL (a worker is another process, so it cannot see SQLite's in-memory test
database). Skips otherwise, unless PCSO_REQUIRE_SERVICES=1 (CI), where it fails.
"""

import os
import subprocess
import sys
import time
import uuid
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from briefings.models import Briefing
from briefings.tasks import generate_briefing, generate_daily_briefings
from pcso.celery import app as celery_app
from tests.factories import CrimeFactory, NeighbourhoodFactory

pytestmark = pytest.mark.celery_worker

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2025, 3, 12)  # a Wednesday; the briefing covers 11 Mar 05:30 to 12 Mar 05:30
TIMEOUT = 60


def unavailable(reason: str):
    if os.environ.get("PCSO_REQUIRE_SERVICES") == "1":
        pytest.fail(f"PCSO_REQUIRE_SERVICES=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def broker():
    if not os.environ.get("CELERY_BROKER_URL"):
        unavailable("CELERY_BROKER_URL is not set")
    if connection.vendor != "postgresql":
        unavailable("DATABASE_URL is not PostgreSQL: a worker process cannot see SQLite's test database")
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
    except Exception as exc:  # any transport error means "not reachable"
        unavailable(f"the broker at CELERY_BROKER_URL is not reachable ({exc})")
    celery_app.control.purge()  # leftovers from an interrupted run or a test that expected eager tasks
    return celery_app


def worker_database_url() -> str:
    """A DATABASE_URL for the test database pytest-django created (test_<name>)."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"


class Worker:
    def __init__(self, log_path: Path):
        self.name = f"pcso-test-{uuid.uuid4().hex[:8]}@localhost"
        self.log_path = log_path
        env = {**os.environ, "DATABASE_URL": worker_database_url(), "PYTHONUNBUFFERED": "1"}
        command = [
            *(sys.executable, "-m", "celery", "-A", "pcso", "worker"),
            *("--pool=solo", "-Q", "celery", "--concurrency=1", "-n", self.name, "-l", "info"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        ]
        self.log = log_path.open("w")
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT)

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text()[-4000:]

    def inspect(self):
        return celery_app.control.inspect(destination=[self.name], timeout=2)

    def wait_for(self, what: str, predicate, timeout: float = TIMEOUT):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited ({self.process.returncode}) before {what}:\n{self.output()}")
            value = predicate()
            if value:
                return value
            time.sleep(0.3)
        pytest.fail(f"timed out after {timeout}s waiting for {what}; worker log:\n{self.output()}")

    def stop(self):
        self.process.terminate()  # warm shutdown: finishes the task in hand
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture
def worker(broker, transactional_db, tmp_path):
    # With a broker, settings already say "queue, don't run in-process"; make sure no
    # fixture elsewhere has switched this process to eager, so .delay() goes to Redis.
    eager = broker.conf.task_always_eager
    broker.conf.task_always_eager = False
    assert generate_daily_briefings.app is broker
    worker = Worker(tmp_path / "worker.log")
    try:
        worker.wait_for("the worker to answer a ping", lambda: (worker.inspect().ping() or {}).get(worker.name))
        yield worker
    finally:
        # Stop before pytest-django flushes and drops the database it is connected to.
        worker.stop()
        broker.conf.task_always_eager = eager


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(2025, 3, day, hour, minute))


def generations() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="briefing.generate").order_by("id"))


def test_worker_builds_one_briefing_per_neighbourhood_and_a_rerun_changes_nothing(worker):
    north = NeighbourhoodFactory(code="north", name="North")
    south = NeighbourhoodFactory(code="south", name="South")
    for when in (at(11, 20), at(11, 23, 30), at(12, 1, 15)):
        CrimeFactory(neighbourhood=north, occurred_at=when)
    CrimeFactory(neighbourhood=south, occurred_at=at(11, 9))
    CrimeFactory(neighbourhood=south, occurred_at=at(12, 6))  # after the 05:30 cut-off

    generate_daily_briefings.delay(DAY.isoformat())
    worker.wait_for("two briefings", lambda: len(generations()) >= 2)

    briefings = {b.neighbourhood.code: b for b in Briefing.objects.filter(date=DAY).select_related("neighbourhood")}
    assert sorted(briefings) == ["north", "south"]
    assert Briefing.objects.filter(date=DAY).count() == 2
    # Built by the worker from the rows this test committed.
    assert briefings["north"].sections["recent_crime"]["total"] == 3
    assert briefings["south"].sections["recent_crime"]["total"] == 1
    assert all(event.source == "task" and event.details["created"] for event in generations())

    generate_daily_briefings.delay(DAY.isoformat())
    worker.wait_for("the rerun to finish", lambda: len(generations()) >= 4)

    assert Briefing.objects.filter(date=DAY).count() == 2
    assert set(Briefing.objects.filter(date=DAY).values_list("id", flat=True)) == {b.id for b in briefings.values()}
    assert [event.details["created"] for event in generations()[2:]] == [False, False]


def test_worker_runs_tasks_with_late_acks_and_rejects_them_if_it_dies(worker):
    """Asked of the running worker itself, not of this process's configuration."""
    inspect = worker.inspect()
    conf = inspect.conf()[worker.name]

    def setting(name: str):  # Django-sourced settings keep their CELERY_ names
        return conf.get(f"CELERY_{name.upper()}", conf.get(name))

    assert setting("task_acks_late") is True
    assert setting("task_reject_on_worker_lost") is True
    assert setting("worker_prefetch_multiplier") == 1
    assert setting("task_always_eager") is False

    registered = inspect.registered("acks_late", "reject_on_worker_lost", "max_retries")[worker.name]
    for task in (generate_briefing, generate_daily_briefings):
        assert f"{task.name} [acks_late=True reject_on_worker_lost=True max_retries=5]" in registered, registered
