import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learningcity.config.settings")
application = get_wsgi_application()

# xAPI clients get the same project without the page middleware (see learningcity/lrs/wsgi.py).
from learningcity.lrs.wsgi import xapi_dispatch  # noqa: E402

application = xapi_dispatch(application)

# The app's own objects never die: move them out of the collector's sight, and collect the young generation
# less often. Requests that parse thousands of statements otherwise spend a good part of their time in
# gen-2 collections walking every module, model and URL pattern (measured: halves JSON parsing time).
gc.freeze()
gc.set_threshold(50_000, 20, 100)
