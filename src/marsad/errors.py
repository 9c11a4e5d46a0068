"""Exceptions raised by marsad; the CLI and the API translate them once, at the edge."""


class MarsadError(Exception):
    """Base class for every error marsad raises on purpose."""


class InputError(MarsadError):
    """An input (file, line, record) cannot be read as an article; the message says why."""

    def __init__(self, origin: str, reason: str, *, record: bool | None = None) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason
        self.record = record  # True: the input was read, it holds no article (see Rejection)


class StoreError(MarsadError):
    """The store cannot be opened, migrated or written."""


class NoStoreError(StoreError):
    """No store is at the given location (only a writer, `marsad ingest`, creates one)."""


class StoreBusyError(StoreError):
    """Another process holds the store (another writer, or another program's lock) and did not
    let go within `lock_timeout`; the message names the holder when it is known."""


class NotFoundError(MarsadError):
    """No article, event or storyline has the given id."""


class ConfigError(MarsadError):
    """A setting or option has a value marsad cannot use."""


class MissingExtraError(MarsadError):
    """An optional dependency is needed for this feature but is not installed."""

    def __init__(self, feature: str, extra: str) -> None:
        super().__init__(
            f"{feature} needs the optional dependencies of marsad[{extra}]: "
            f"pip install 'marsad[{extra}]'"
        )


class QueryError(MarsadError):
    """A query cannot be answered as written: a search or count query that cannot be read, a
    negative offset, a limit out of range, a filter of the wrong kind; the message says how to
    write it."""
