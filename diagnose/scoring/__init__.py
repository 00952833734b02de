"""Scoring what people said, and blending it with what the last cycle shows."""
