"""emudesk: the desktop application of an emulation and commendation (thi đua, khen thưởng) office."""

__version__ = "0.1.0"
APP_NAME = "emudesk"
APP_AUTHOR = "emudesk"
