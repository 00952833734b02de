"""The domain content a consultant may change (question banks, modules, rules, settings) and `check`."""
