"""A compact PyTorch TT-network (equal or different cores) and its MNIST experiments."""

from .model import TTNet, patchify

__all__ = ["TTNet", "patchify"]
