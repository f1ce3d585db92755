"""What the observatories may see, and under which names: pure, no Kafka."""
