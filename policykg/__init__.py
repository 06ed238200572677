"""policykg: knowledge graphs from Chinese policy texts."""
__version__ = "0.1.0"
