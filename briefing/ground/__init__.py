"""Ground: the validator. Every item and every sentence is checked against exact source text."""
