#!/usr/bin/env python3
"""Makes the four embedded faces of the official-document PDFs (run by hand, never by the build).

The faces of GB/T 9704-2012 (方正小标宋, 仿宋_GB2312, 楷体_GB2312, 黑体) are commercial, so the PDFs carry free OFL faces
instead, cut down to the characters government text uses: all of GB 2312 (6763 hanzi and its symbols), ASCII, and a few
name characters outside it. PDFsharp embeds TrueType outlines only, and Noto CJK ships CFF outlines, so those are
converted to quadratic TrueType outlines here. The subsets are renamed (the OFL forbids a modified font to keep its
reserved name) and gzipped; the renderer unzips them at run time.

Needs Debian's fonts-noto-cjk, fonts-lxgw-wenkai and python3-fonttools:
    apt-get install -y fonts-noto-cjk fonts-lxgw-wenkai python3-fonttools
    /usr/bin/python3 shared/Documents/Fonts/subset-fonts.py
"""
import gzip
import io
import os

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

HERE = os.path.dirname(os.path.abspath(__file__))
NOTO = "/usr/share/fonts/opentype/noto"
SC = 2  # the Simplified Chinese member of the Noto CJK collections (JP, KR, SC, TC, HK)

# (file written, family name, source file, member of the collection, the role in GB/T 9704)
FACES = [
    ("LinfenSong.ttf.gz", "Linfen Song", f"{NOTO}/NotoSerifCJK-Regular.ttc", SC, "仿宋 (正文) and 宋体 (页码)"),
    ("LinfenBiaoSong.ttf.gz", "Linfen BiaoSong", f"{NOTO}/NotoSerifCJK-Bold.ttc", SC, "小标宋 (标题, 发文机关标志)"),
    ("LinfenHei.ttf.gz", "Linfen Hei", f"{NOTO}/NotoSansCJK-Regular.ttc", SC, "黑体 (一级标题)"),
    ("LinfenKai.ttf.gz", "Linfen Kai", "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", None, "楷体 (二级标题)"),
]

# Outside GB 2312 but met in names and typesetting: middle dot and em dash as printed, ideographic zero, a few name characters.
EXTRA = "\u00b7\u2014\u2015\u2026\u3000\u3007\u00a0喆堃珺玥赟昇琍镕啰瞭"


def charset():
    chars = {chr(c) for c in range(0x20, 0x7F)} | set(EXTRA)
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def to_truetype(font):
    """CFF outlines to quadratic TrueType ones (the fontTools otf2ttf recipe), within one font unit of the original."""
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    font.sfntVersion = "\x00\x01\x00\x00"


def rename(font, family, role):
    names = font["name"]
    postscript = family.replace(" ", "")
    original = names.getDebugName(4)
    for record in list(names.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17, 21, 22):
            names.removeNames(nameID=record.nameID)
    for name_id, text in ((1, family), (2, "Regular"), (3, f"{postscript};subset"), (4, family), (6, postscript)):
        names.setName(text, name_id, 3, 1, 0x409)
        names.setName(text, name_id, 1, 0, 0)
    names.setName(f"Subset of {original} for LinfenFlows official documents ({role}): GB 2312 and ASCII.", 10, 3, 1, 0x409)


def make(out, family, source, member, role, chars):
    font = TTFont(source, fontNumber=member) if member is not None else TTFont(source)
    options = subset.Options()
    options.layout_features = []  # PDFsharp does not shape text: no GSUB/GPOS needed
    options.hinting = False
    options.desubroutinize = True
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["vhea", "vmtx", "VORG", "GSUB", "GPOS", "BASE", "DSIG", "meta"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    if "CFF " in font:
        to_truetype(font)
    rename(font, family, role)
    buffer = io.BytesIO()
    font.save(buffer)
    data = buffer.getvalue()
    with gzip.GzipFile(os.path.join(HERE, out), "wb", compresslevel=9, mtime=0) as f:
        f.write(data)
    missing = sorted(c for c in chars if ord(c) not in font.getBestCmap())
    print(f"{out}: {len(font.getGlyphOrder())} glyphs, {len(data)} bytes, {os.path.getsize(os.path.join(HERE, out))} gzipped;"
          f" not in the source: {''.join(missing) or 'none'}")


if __name__ == "__main__":
    wanted = charset()
    for face in FACES:
        make(*face, wanted)
