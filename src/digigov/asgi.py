import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"digigov.conf.{os.environ.get('DIGIGOV_ENV', 'prod')}")
application = get_asgi_application()
