"""The Beyond Boundaries self-evaluation tool as data, loaded and validated once."""

from framework.loader import FrameworkError, load_framework

__all__ = ["FrameworkError", "load_framework"]
