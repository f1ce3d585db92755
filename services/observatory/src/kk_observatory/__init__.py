"""The regional observatories' streams (law 4445/2016): a stream processor that writes each
region's share of the platform's events, minimised and pseudonymised for that region alone,
to topics of its own (``kk_contracts.observatory``)."""
