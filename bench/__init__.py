"""Benchmarks of translit-api: engine throughput against its floors, start-up, HTTP.

Run with ``make bench`` (``make bench QUICK=1``); see bench/README.md."""
