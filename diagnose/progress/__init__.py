"""Comparing two diagnoses of the same organisation: did the training work?"""
