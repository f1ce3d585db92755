"""Plumbing that every service of the platform needs, and no domain logic.

The outbox relay, the tracked consumer, identity (JWT), metrics, health, JSON logging with
correlation ids, settings, and the PostgreSQL/eventsourcing glue.
"""
