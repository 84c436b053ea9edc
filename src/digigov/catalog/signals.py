"""What the catalogue tells other apps without knowing them (apps above it listen through `catalog.api`)."""

from django.dispatch import Signal

# A published resource may no longer be shared: it was withdrawn, or published again as 不予共享 (R1.2, R1.9).
# Sent inside the catalogue's transaction with `resource`, `actor` and `reason` (choices.SharingStop); a receiver
# that raises rolls the catalogue's change back with it, so the catalogue and what is served never disagree.
sharing_stopped = Signal()
