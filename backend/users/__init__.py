"""Users of the product and their API tokens."""
