"""What the enrolment side plugs into other apps at start-up (panels on run pages, event subscribers...)."""


def connect() -> None:
    pass
