"""Kafka glue: the transactional processor, its state's changelog, the topics."""
