"""The README and docs work in a fresh clone (issue 8, B8): every link they make points inside the repository and
exists, and every requirement id the code cites is explained in docs/requirements-overview.md."""

import re
from pathlib import Path

from django.conf import settings

REPO = Path(settings.BASE_DIR)
DOCS = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md")), *sorted((REPO / "src").rglob("README.md"))]
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")
CODE_PATH = re.compile(r"`((?:\.\./|docs/|src/|scripts/|bench/)[^`\s]*)`")


def test_docs_link_only_to_files_in_the_repository():
    broken = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for target in MARKDOWN_LINK.findall(text) + CODE_PATH.findall(text):
            if re.match(r"[a-z]+://|#|mailto:", target) or "<" in target:  # a pattern like src/digigov/<app>/
                continue
            path = target.split("#")[0]
            # A markdown link is relative to its file; a path in backticks is named from the repository's root.
            candidates = [(doc.parent / path).resolve(), (REPO / path).resolve()]
            if not any(c.is_relative_to(REPO) and c.exists() for c in candidates):
                broken.append(f"{doc.relative_to(REPO)}: {target}")
    assert broken == []


def test_every_cited_requirement_id_is_explained():
    overview = (REPO / "docs" / "requirements-overview.md").read_text(encoding="utf-8")
    cited = set()
    for source in (REPO / "src" / "digigov").rglob("*"):
        if source.suffix in (".py", ".md", ".html"):
            cited |= set(re.findall(r"\bR\d+\.\d+\b", source.read_text(encoding="utf-8")))
    assert cited, "the code cites requirement ids"
    assert sorted(i for i in cited if not re.search(rf"\b{re.escape(i)}\b", overview)) == []
