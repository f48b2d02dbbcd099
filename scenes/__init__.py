"""Generative scenes: one module per scene, plus the contract (base) and the registry."""
