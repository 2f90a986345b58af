"""An offline STEM tutor: a local language model explains, SymPy checks every step."""

__version__ = "0.1.0"
