"""koto: the integration counsellor's offline interview, plan and printout tool."""

__version__ = "0.1.0"
