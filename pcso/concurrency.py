"""Optimistic concurrency: a write must say which version of the record it was based on."""


class StaleVersionError(Exception):
    """Someone else changed the record since the writer read it; nothing was saved.

    `current` is the record as it is now, so the caller can show what changed.
    """

    def __init__(self, current):
        super().__init__(f"{current} has changed since you read it.")
        self.current = current
