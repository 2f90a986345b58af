"""Whether a candidate final answer means the same as the expected one."""
