"""Loaders for every input of the data contract, with validation and precise errors."""
