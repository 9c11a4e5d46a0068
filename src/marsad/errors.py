"""Exceptions raised by marsad; the CLI and the API translate them once, at the edge."""


class MarsadError(Exception):
    """Base class for every error marsad raises on purpose."""


class InputError(MarsadError):
    """An input (file, line, record) cannot be read as an article; the message says why."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class StoreError(MarsadError):
    """The store cannot be opened, migrated or written."""


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
