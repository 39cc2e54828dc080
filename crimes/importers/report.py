from dataclasses import dataclass, field


@dataclass
class ImportReport:
    files: int = 0
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    unassigned: int = 0
    errors: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)

    def add(self, other: "ImportReport") -> None:
        for name in ("files", "rows", "created", "updated", "unchanged", "unassigned"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors
        self.unreadable += other.unreadable

    @property
    def nothing_read(self) -> bool:
        return self.files == 0

    @property
    def summary(self) -> str:
        return (
            f"{self.files} file(s), {self.rows:,} rows: {self.created:,} created, "
            f"{self.updated:,} updated, {self.unchanged:,} unchanged, "
            f"{len(self.errors):,} bad rows skipped, {self.unassigned:,} outside every neighbourhood"
            + (f", {len(self.unreadable)} file(s) unreadable" if self.unreadable else "")
        )

    def as_details(self) -> dict:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "unassigned": self.unassigned,
            "bad_rows": len(self.errors),
        }
