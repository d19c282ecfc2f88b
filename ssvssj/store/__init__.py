"""Every byte read from or written to a workspace: finding, reading, caching, writing files."""
