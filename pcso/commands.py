"""Shared pieces for management commands."""

import contextlib
import sys

from tqdm import tqdm

from pcso import context


@contextlib.contextmanager
def command_context():
    """Audit events written by a command carry source=command and one run id."""
    with context.acting(source="command"):
        yield


def progress_bar(*, total: int, desc: str, unit: str = "row"):
    """A progress bar on an interactive terminal; silent when output is piped or in CI."""
    return tqdm(total=total, desc=desc, unit=unit, unit_scale=True, disable=not sys.stderr.isatty(), leave=False)
