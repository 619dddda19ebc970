import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learningcity.config.settings")
application = get_wsgi_application()

# xAPI clients get the same project without the page middleware (see learningcity/lrs/wsgi.py).
from learningcity.lrs.wsgi import xapi_dispatch  # noqa: E402

application = xapi_dispatch(application)
