"""The local platform without Docker: a real Apache Kafka broker assembled from Maven
Central, an embedded PostgreSQL, and the four services as processes. ``make run`` and the
test session both start it through this package."""
