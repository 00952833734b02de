"""Turning signals into findings: the rules engine."""
