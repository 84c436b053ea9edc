"""Start-up check: the configured key-encryption key opens this database's signing keys (docs/backup.md).

Tagged `database`, so it runs where Django checks a database: `manage.py check --database default` (run it before
an app server starts), `migrate`, and `manage.py restore` after restoring.
"""

from django.core import checks
from django.db import DatabaseError

from digigov.signing import keystore


@checks.register(checks.Tags.database)
def key_encryption_key_check(app_configs=None, databases=None, **kwargs):
    if not databases or "default" not in databases:
        return []
    try:
        problem = keystore.kek_problem()
    except DatabaseError:
        return []  # not migrated yet: no keys to open
    if problem is None:
        return []
    return [checks.Error(problem, obj="signing", id="signing.E001")]
