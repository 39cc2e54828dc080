"""Models of the incidents app, one module per kind of record (ARCHITECTURE §1)."""

from .crimes import Crime

__all__ = ["Crime"]
