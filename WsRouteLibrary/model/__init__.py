"""The domain in plain Python: patterns, matching, rules, routes, the journal, close codes."""
