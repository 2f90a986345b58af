"""llama-cpp-python: model catalogue, discovery, file checks, loading and streaming."""
