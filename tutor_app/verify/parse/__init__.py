"""Reading untrusted maths text (LaTeX or plain syntax) into SymPy objects, never via eval."""
