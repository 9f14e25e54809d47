"""Domain errors raised by services and turned into messages by views."""


class DomainError(Exception):
    """Base class: the message is shown to the person (already translated)."""


class NotAllowed(DomainError):
    pass


class InvalidTransition(DomainError):
    pass


class StaleEdit(DomainError):
    pass


class ValidationFailed(DomainError):
    pass
