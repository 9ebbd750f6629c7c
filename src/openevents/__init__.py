"""OpenEvents: news articles in, CAMEO political event records out."""

__version__ = "0.1.0"
CODER_VERSION = "openevents-coder/0.1.0"
