#!/usr/bin/env python3
"""A PDF writer with embedded subset TrueType fonts, as InDesign, Word and browsers write them: every
font is a Type0 font over a CIDFontType2 with its own subset (FontFile2, renumbered glyphs,
CIDToGIDMap Identity), a /W array and a ToUnicode CMap, written horizontally (Identity-H) or
vertically (Identity-V, as 縦書き row headers of evaluation forms are). No dependencies: the subsets
are cut from the installed IPA fonts by hand (subset_font), so a generator can give every page fonts
of its own (a book put together from many files has a thousand).

Used by make_eval_form.py and make_font_book.py; not a script of its own.
"""
import struct
import zlib

# The TrueType faces of Debian's fonts-ipafont and fonts-ipaexfont (glyf outlines).
FACES = {
    "IPAexGothic": "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf",
    "IPAexMincho": "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf",
    "IPAGothic": "/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
    "IPAPGothic": "/usr/share/fonts/opentype/ipafont-gothic/ipagp.ttf",
    "IPAMincho": "/usr/share/fonts/opentype/ipafont-mincho/ipam.ttf",
    "IPAPMincho": "/usr/share/fonts/opentype/ipafont-mincho/ipamp.ttf",
}

# Tables a subset keeps (the rest, GSUB/GPOS/post/cmap…, a producer drops for an embedded CID font).
KEPT = ["head", "hhea", "maxp", "OS/2", "name", "cvt ", "fpgm", "prep", "hmtx", "loca", "glyf", "vhea", "vmtx"]


class Face:
    """One TrueType file, parsed once: tables, glyph offsets, metrics and the Unicode cmap."""

    def __init__(self, path):
        self.data = open(path, "rb").read()
        d = self.data
        count = struct.unpack(">H", d[4:6])[0]
        self.tables = {}
        for i in range(count):
            tag, _, off, length = struct.unpack(">4sIII", d[12 + 16 * i:28 + 16 * i])
            self.tables[tag.decode("latin-1")] = (off, length)
        self.num_glyphs = struct.unpack(">H", self.table("maxp")[4:6])[0]
        head = self.table("head")
        self.units = struct.unpack(">H", head[18:20])[0]
        long_loca = struct.unpack(">h", head[50:52])[0] == 1
        loca = self.table("loca")
        if long_loca:
            self.loca = list(struct.unpack(f">{self.num_glyphs + 1}I", loca[:4 * (self.num_glyphs + 1)]))
        else:
            self.loca = [2 * v for v in struct.unpack(f">{self.num_glyphs + 1}H", loca[:2 * (self.num_glyphs + 1)])]
        hhea = self.table("hhea")
        self.num_hmetrics = struct.unpack(">H", hhea[34:36])[0]
        hmtx = self.table("hmtx")
        self.advance = []
        self.lsb = []
        for g in range(self.num_glyphs):
            if g < self.num_hmetrics:
                a, b = struct.unpack(">Hh", hmtx[4 * g:4 * g + 4])
            else:
                a = self.advance[-1]
                k = 4 * self.num_hmetrics + 2 * (g - self.num_hmetrics)
                b = struct.unpack(">h", hmtx[k:k + 2])[0]
            self.advance.append(a)
            self.lsb.append(b)
        self.cmap = self._unicode_cmap()

    def table(self, tag):
        off, length = self.tables[tag]
        return self.data[off:off + length]

    def _unicode_cmap(self):
        cmap = self.table("cmap")
        count = struct.unpack(">H", cmap[2:4])[0]
        for i in range(count):
            platform, encoding, off = struct.unpack(">HHI", cmap[4 + 8 * i:12 + 8 * i])
            if (platform, encoding) in ((3, 1), (0, 3)) and struct.unpack(">H", cmap[off:off + 2])[0] == 4:
                return self._format4(cmap[off:])
        raise ValueError("no format 4 Unicode cmap")

    @staticmethod
    def _format4(t):
        segs = struct.unpack(">H", t[6:8])[0] // 2
        ends = struct.unpack(f">{segs}H", t[14:14 + 2 * segs])
        starts = struct.unpack(f">{segs}H", t[16 + 2 * segs:16 + 4 * segs])
        deltas = struct.unpack(f">{segs}h", t[16 + 4 * segs:16 + 6 * segs])
        ro_at = 16 + 6 * segs
        ranges = struct.unpack(f">{segs}H", t[ro_at:ro_at + 2 * segs])
        out = {}
        for s in range(segs):
            for c in range(starts[s], ends[s] + 1):
                if c == 0xFFFF:
                    continue
                if ranges[s] == 0:
                    g = (c + deltas[s]) & 0xFFFF
                else:
                    k = ro_at + 2 * s + ranges[s] + 2 * (c - starts[s])
                    g = struct.unpack(">H", t[k:k + 2])[0]
                    if g:
                        g = (g + deltas[s]) & 0xFFFF
                if g:
                    out[c] = g
        return out

    def glyph(self, g):
        off = self.tables["glyf"][0]
        return self.data[off + self.loca[g]:off + self.loca[g + 1]]


_faces = {}


def face(name):
    if name not in _faces:
        _faces[name] = Face(FACES[name])
    return _faces[name]


def _components(data):
    """Glyph ids a composite glyph's components refer to, with the byte offset of each id."""
    if len(data) < 10 or struct.unpack(">h", data[:2])[0] >= 0:
        return []
    out = []
    i = 10
    while True:
        flags, gid = struct.unpack(">HH", data[i:i + 4])
        out.append((i + 2, gid))
        i += 4 + (4 if flags & 0x0001 else 2)
        if flags & 0x0008:
            i += 2
        elif flags & 0x0040:
            i += 4
        elif flags & 0x0080:
            i += 8
        if not flags & 0x0020:
            return out


def _checksum(b):
    b = b + b"\0" * (-len(b) % 4)
    return sum(struct.unpack(f">{len(b) // 4}I", b)) & 0xFFFFFFFF


def subset_font(fc, chars):
    """A TrueType subset of `fc` with .notdef and the glyphs of `chars` (and their components),
    renumbered in order. Returns (font bytes, {char: new glyph id}, [advance per new glyph])."""
    wanted = [0]
    for ch in chars:
        g = fc.cmap.get(ord(ch))
        if g and g not in wanted:
            wanted.append(g)
    i = 0
    while i < len(wanted):
        for _, comp in _components(fc.glyph(wanted[i])):
            if comp not in wanted:
                wanted.append(comp)
        i += 1
    new_id = {g: k for k, g in enumerate(wanted)}
    glyf = bytearray()
    loca = [0]
    for g in wanted:
        data = bytearray(fc.glyph(g))
        for at, comp in _components(bytes(data)):
            struct.pack_into(">H", data, at, new_id[comp])
        glyf += data + b"\0" * (-len(data) % 4)
        loca.append(len(glyf))
    n = len(wanted)
    tables = {}
    for tag in KEPT:
        if tag not in fc.tables:
            continue
        if tag == "glyf":
            tables[tag] = bytes(glyf)
        elif tag == "loca":
            tables[tag] = struct.pack(f">{n + 1}I", *loca)
        elif tag == "hmtx":
            tables[tag] = b"".join(struct.pack(">Hh", fc.advance[g], fc.lsb[g]) for g in wanted)
        elif tag == "hhea":
            t = bytearray(fc.table(tag))
            struct.pack_into(">H", t, 34, n)
            tables[tag] = bytes(t)
        elif tag == "maxp":
            t = bytearray(fc.table(tag))
            struct.pack_into(">H", t, 4, n)
            tables[tag] = bytes(t)
        elif tag == "head":
            t = bytearray(fc.table(tag))
            struct.pack_into(">I", t, 8, 0)
            struct.pack_into(">h", t, 50, 1)
            tables[tag] = bytes(t)
        elif tag == "vhea":
            t = bytearray(fc.table(tag))
            struct.pack_into(">H", t, 34, n)
            tables[tag] = bytes(t)
        elif tag == "vmtx":
            vm = fc.table(tag)
            vcount = struct.unpack(">H", fc.table("vhea")[34:36])[0]
            rows = []
            for g in wanted:
                k = min(g, vcount - 1)
                adv = struct.unpack(">H", vm[4 * k:4 * k + 2])[0]
                tsb_at = 4 * g + 2 if g < vcount else 4 * vcount + 2 * (g - vcount)
                tsb = struct.unpack(">h", vm[tsb_at:tsb_at + 2])[0] if tsb_at + 2 <= len(vm) else 0
                rows.append(struct.pack(">Hh", adv, tsb))
            tables[tag] = b"".join(rows)
        else:
            tables[tag] = fc.table(tag)
    tags = sorted(tables)
    count = len(tags)
    power = 1
    while power * 2 <= count:
        power *= 2
    header = struct.pack(">IHHHH", 0x00010000, count, power * 16, power.bit_length() - 1, count * 16 - power * 16)
    offset = 12 + 16 * count
    directory = b""
    body = b""
    for tag in tags:
        t = tables[tag]
        directory += struct.pack(">4sIII", tag.encode("latin-1"), _checksum(t), offset + len(body), len(t))
        body += t + b"\0" * (-len(t) % 4)
    font = bytearray(header + directory + body)
    head_at = offset + sum(len(tables[t]) + (-len(tables[t]) % 4) for t in tags[:tags.index("head")])
    struct.pack_into(">I", font, head_at + 8, (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF)
    widths = [round(fc.advance[g] * 1000 / fc.units) for g in wanted]
    return bytes(font), {ch: new_id[fc.cmap[ord(ch)]] for ch in set(chars) if fc.cmap.get(ord(ch))}, widths


def _tag(k):
    """The six capital letters a subset's name starts with (ABCDEF+IPAexGothic), from its number."""
    s = ""
    for _ in range(6):
        s += chr(65 + k % 26)
        k //= 26
    return s


class Doc:
    """Pages of content streams and the embedded fonts they use; pdf() writes the file."""

    def __init__(self, compress=True):
        self.compress = compress
        self.objects = []
        self.pages = []
        self.fonts = 0

    def add(self, body):
        self.objects.append(body)
        return len(self.objects)

    def stream(self, data, extra=""):
        if self.compress:
            data = zlib.compress(data, 6)
            extra += " /Filter /FlateDecode"
        return self.add(b"<< /Length %d%s >>\nstream\n" % (len(data), extra.encode("latin-1")) + data + b"\nendstream")

    def font(self, face_name, chars, vertical=False):
        """Embeds a new subset of `face_name` holding `chars`; returns a Font to encode text with."""
        fc = face(face_name)
        chars = sorted(set(ch for ch in chars if fc.cmap.get(ord(ch))))
        data, gids, widths = subset_font(fc, chars)
        self.fonts += 1
        name = f"{_tag(self.fonts)}+{face_name}"
        file_id = self.stream(data, f" /Length1 {len(data)}")
        desc = self.add(f"<< /Type /FontDescriptor /FontName /{name} /Flags 4 /FontBBox [-200 -200 1200 1000] /ItalicAngle 0 "
                        f"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 /FontFile2 {file_id} 0 R >>".encode())
        w = " ".join(f"{g} [{widths[g]}]" for g in range(1, len(widths)))
        cid = self.add(f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /{name} /CIDSystemInfo << /Registry (Adobe) "
                       f"/Ordering (Identity) /Supplement 0 >> /FontDescriptor {desc} 0 R /CIDToGIDMap /Identity /DW 1000 "
                       f"/W [{w}] >>".encode())
        bf = "\n".join(f"<{gids[ch]:04X}> <{ch.encode('utf-16-be').hex().upper()}>" for ch in chars if ch in gids)
        cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
                "/Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> "
                f"endcodespacerange {len(gids)} beginbfchar\n{bf}\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end")
        to_unicode = self.stream(cmap.encode("latin-1"))
        encoding = "Identity-V" if vertical else "Identity-H"
        obj = self.add(f"<< /Type /Font /Subtype /Type0 /BaseFont /{name}-{encoding} /Encoding /{encoding} "
                       f"/DescendantFonts [{cid} 0 R] /ToUnicode {to_unicode} 0 R >>".encode())
        return Font(obj, gids, widths, vertical)

    def page(self, width, height, content, fonts):
        """A page of `content` (PDF operators) with its fonts as /F0, /F1 … in the order given."""
        contents = self.stream(content.encode("latin-1"))
        resources = " ".join(f"/F{k} {f.obj} 0 R" for k, f in enumerate(fonts))
        self.pages.append((width, height, contents, resources))

    def pdf(self):
        pages_id = len(self.objects) + len(self.pages) + 1
        kids = [self.add(f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {w} {h}] /Resources << /Font << {r} >> >> "
                         f"/Contents {c} 0 R >>".encode()) for w, h, c, r in self.pages]
        assert self.add(f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()) == pages_id
        catalog = self.add(f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode())
        out = bytearray(b"%PDF-1.6\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for i, body in enumerate(self.objects, 1):
            offsets.append(len(out))
            out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
        xref = len(out)
        out += f"xref\n0 {len(self.objects) + 1}\n0000000000 65535 f \n".encode()
        for off in offsets:
            out += f"{off:010d} 00000 n \n".encode()
        out += f"trailer\n<< /Size {len(self.objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
        return bytes(out)


class Font:
    def __init__(self, obj, gids, widths, vertical):
        self.obj, self.gids, self.widths, self.vertical = obj, gids, widths, vertical

    def encode(self, text):
        return "".join(f"{self.gids.get(ch, 0):04X}" for ch in text)

    def width(self, text, size):
        """Advance of `text` at `size` points (horizontal writing)."""
        return sum(self.widths[self.gids.get(ch, 0)] for ch in text) * size / 1000
