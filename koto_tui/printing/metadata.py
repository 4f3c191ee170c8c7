"""The document's metadata for archiving: an XMP packet that matches the document information dictionary.

Both hold the document type (never a client's name), the paper's language, the creator "koto", the
producer "koto <version>" and the PDF's real creation date (the clock's now, which tests fix). No PDF/A
identification is written: koto's PDFs are not claimed to conform to PDF/A-2b while no validator can
check them (docs/printing.md).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfdoc import XMP

from koto_tui import __version__, clock

PRODUCER = f"koto {__version__}"

_PACKET = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>koto</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
   <xmp:CreateDate>{created}</xmp:CreateDate>
   <xmp:ModifyDate>{created}</xmp:ModifyDate>
   <xmp:MetadataDate>{created}</xmp:MetadataDate>
   <xmp:CreatorTool>koto</xmp:CreatorTool>
   <pdf:Producer>{producer}</pdf:Producer>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def xmp_packet(title: str, language: str, created: datetime) -> str:
    """The XMP packet of a printout: document type, language, creation date (with its offset), producer."""
    return _PACKET.format(title=escape(title), language=escape(language), producer=escape(PRODUCER),
                          created=created.isoformat(timespec="seconds"))


def creation_moment() -> datetime:
    """Now, from koto's clock, with the local UTC offset."""
    return clock.now().astimezone()


def stamp(document: Any, title: str, language: str) -> None:
    """Give reportlab's *document* the real creation date and the XMP packet (called before any page)."""
    created = creation_moment()
    offset = created.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    moment = document._timeStamp
    moment.t = created.timestamp()
    moment.YMDhms = created.timetuple()[:6]
    moment.lt = created.timetuple()
    moment.dhh, moment.dmm = int(minutes / 60), abs(minutes) % 60
    packet = xmp_packet(title, language, created).encode("utf-8")
    document.Catalog.Metadata = XMP(creator=lambda _: packet)
