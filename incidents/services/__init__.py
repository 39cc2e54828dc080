"""Writes of the incidents app (ARCHITECTURE §3.1): every change, with its audit row."""

from .crimes import crimes_assign_neighbourhoods

__all__ = ["crimes_assign_neighbourhoods"]
