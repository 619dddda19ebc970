from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "learningcity.search"
    label = "search"
    verbose_name = "Search: discovery index"

    def ready(self) -> None:
        from learningcity.core import events, navigation

        # The search page is the main way in: it takes over the catalogue's browse entry.
        navigation.register("browse", _("Find learning"), "search:page", order=10)
        # A change committed in this process wakes its follower at once (if it is the follower); other
        # processes see the change when the server's follower polls the outbox (every 0.1 s).
        events.subscribe("*", _wake_on_catalogue_change)


def _wake_on_catalogue_change(event) -> None:
    import sys

    from learningcity.search import indexer

    if event.name.startswith(indexer.EVENT_PREFIX):
        # A server process starts following if it was not yet; a command (an import, the demo loader) does
        # not start a follower of its own: the server's, or `search catch-up`, applies its changes.
        if "learningcity.config.wsgi" in sys.modules:
            indexer.ensure_follower(wait=0)
        indexer.wake_follower()
