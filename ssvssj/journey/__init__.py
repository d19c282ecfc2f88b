"""The journey: touchpoint vocabulary, inference from the cases' paths, suggestions and exports."""
