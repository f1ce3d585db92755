"""Benchmarks of the platform, each beside a raw baseline measured in the same run."""
