"""What the people side plugs into other apps at start-up (navigation, the personal calendar, passport
sections read from the LRS...)."""


def connect() -> None:
    pass
