import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learningcity.config.settings")
application = get_wsgi_application()

# xAPI clients get the same project without the page middleware (see learningcity/lrs/wsgi.py).
from learningcity.lrs.wsgi import xapi_dispatch  # noqa: E402

application = xapi_dispatch(application)

# Import the URL configuration now rather than on each worker's first request (0.7 s: every app's API
# schemas are built then), so the first requests a fresh worker serves are not stalled behind it, and so
# the patterns are among the objects frozen below.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns

# The app's own objects never die: move them out of the collector's sight, and collect the young generation
# less often. Requests that parse thousands of statements otherwise spend a good part of their time in
# gen-2 collections walking every module, model and URL pattern (measured: halves JSON parsing time).
gc.freeze()
gc.set_threshold(50_000, 20, 100)
