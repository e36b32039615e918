"""Classic agent-based models expressed with purgesim's engine conventions (struct-of-arrays
state, one seeded stream per run, compiled kernels), used as peers in benchmarks/peers/."""
