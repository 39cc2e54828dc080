"""Shared body of the two crime import commands: progress bar, errors, summary line."""

from pathlib import Path

from django.core.management.base import CommandError

from pcso.commands import command_context, progress_bar


def run_import(command, *, import_function, files: list[Path], **kwargs):
    total_bytes = sum(path.stat().st_size for path in files if path.is_file())
    with command_context(), progress_bar(total=total_bytes, desc="Importing", unit="B") as bar:
        report = import_function(actor=None, on_file=lambda path, rows: bar.update(path.stat().st_size), **kwargs)
    for problem in report.unreadable + report.errors:
        command.stderr.write(problem)
    command.stdout.write(f"Imported {report.summary}")
    if report.nothing_read:
        raise CommandError("Nothing could be read.")
    return report
