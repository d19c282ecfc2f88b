"""The SSVSSJ method as data: the case format, steps, problems, schema and wizard questions."""
