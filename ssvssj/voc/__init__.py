"""Voice-of-customer rows in: CSV and xlsx tables turned into cases resting after Spot."""
