"""Loaders for every input of the data contract, with validation and precise errors."""

from pipelines.ingest.errors import InputError, InvalidInput
from pipelines.ingest.inputs import Inputs, load_inputs

__all__ = ["InputError", "InvalidInput", "Inputs", "load_inputs"]
