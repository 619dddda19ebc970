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
        # processes see the change when their follower, or the server's, polls the outbox.
        events.subscribe("*", _wake_on_catalogue_change)


def _wake_on_catalogue_change(event) -> None:
    from learningcity.search import indexer

    if event.name.startswith(indexer.EVENT_PREFIX):
        indexer.ensure_follower(wait=0)
        indexer.wake_follower()
