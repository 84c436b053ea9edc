"""What the hotline tells other apps without importing them (R5.1): `ticket_answered` is sent, in the transaction of
the step, when a ticket's answer to the caller is final — answered at once from the knowledge base, or a
department's reply approved by the centre. A ticket routed in from another app (`Ticket.source_ref`) lets that app
give its own record the answer (websites: a citizen's letter). Receivers get `ticket` and `actor`."""

from django.dispatch import Signal

from digigov.hotline.choices import TicketStatus

ticket_answered = Signal()


def announce_answer(ticket, actor) -> None:
    """Send `ticket_answered` if the step just taken made the ticket's answer final."""
    if ticket.answer and ticket.status in (TicketStatus.VISITING, TicketStatus.CLOSED):
        ticket_answered.send(sender=type(ticket), ticket=ticket, actor=actor)
