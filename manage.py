#!/usr/bin/env python
"""Django's command-line utility. DIGIGOV_ENV=prod|dev picks the settings module (dev by default)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", f"digigov.conf.{os.environ.get('DIGIGOV_ENV', 'dev')}")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
