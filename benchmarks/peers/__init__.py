"""Peer implementations in Mesa 3, run beside purgesim's for equivalence and speed."""
