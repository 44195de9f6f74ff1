"""`python -m bot shell`: the local chat simulator."""
