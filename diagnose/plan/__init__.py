"""From findings to a programme: modules, sessions, the rollout and the measurement plan."""
