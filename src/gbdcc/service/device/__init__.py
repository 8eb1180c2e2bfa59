"""Device Service Requests: admission, transform, dispatch over the SM WAN, responses and alerts, delivery.

Each stage commits its state change and the event for the next stage in one transaction (the outbox);
the relay (``service/messagebus.py``) hands each committed event to the stage subscribed to it.
"""
