"""Whether two values, expressions, equations or statements are the same, decided by SymPy."""
