import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"digigov.conf.{os.environ.get('DIGIGOV_ENV', 'prod')}")
application = get_wsgi_application()
