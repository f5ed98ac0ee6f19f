"""The training path: worker -> mailbox -> clock tick -> Frame -> views (see frame.py, clock.py)."""
