#!/usr/bin/env python3
"""Probe the PROV 1.0 (OMA Client Provisioning) WBXML token tables of the installed libwbxml.

Run from anywhere with libwbxml2-utils installed (Debian: apt-get install -y libwbxml2-utils):

    python3 probe_prov10.py > prov10-libwbxml-tokens.tsv

Two probes, both through the command-line tools only:

1. decode: for every tag token and every attribute token on code pages 0 and 1, build a tiny WBXML
   document holding just that token and ask wbxml2xml what it means. Tokens it rejects or calls
   "unknown" are not listed.
2. encode: for every attribute meaning found in step 1 (and a few names that are not in the table),
   write a document with that attribute and read back the bytes xml2wbxml (-n, no string table)
   writes for it. The attribute page is 0 before each probed attribute.

Output (tab separated):
    decode  tag|attr-start|attr-value  <page>  <token hex>  <meaning>
    encode  <attribute>=<value>  <hex bytes written for the attribute>
where the meaning of an attribute start is 'attr=' or 'attr=VALUEPREFIX'.
"""
import os
import re
import subprocess
import sys
import tempfile

HEADER = "030b6a00"  # WBXML 1.3, public id 0x0B (PROV 1.0), UTF-8, empty string table
GLOBAL_ATTR_START = {0x40, 0x41, 0x42, 0x43, 0x44}  # EXT_I_0..2, PI, and 0x44 (LITERAL_C in tag state)
GLOBAL_ATTR_VALUE = {0xC0, 0xC1, 0xC2, 0xC3, 0xC4}  # EXT_0..2, OPAQUE, (LITERAL_AC in tag state)


def run(args):
    p = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def decode(work, hexdoc):
    src = os.path.join(work, "in.wbxml")
    out = os.path.join(work, "out.xml")
    with open(src, "wb") as f:
        f.write(bytes.fromhex(hexdoc))
    if os.path.exists(out):
        os.remove(out)
    rc, _ = run(["wbxml2xml", "-m", "0", "-o", out, src])
    if rc != 0 or not os.path.exists(out):
        return None
    with open(out, encoding="utf-8") as f:
        return f.read()


def encode(work, xml):
    src = os.path.join(work, "in.xml")
    out = os.path.join(work, "out.wbxml")
    with open(src, "w", encoding="utf-8") as f:
        f.write(xml)
    if os.path.exists(out):
        os.remove(out)
    rc, msg = run(["xml2wbxml", "-n", "-o", out, src])
    if rc != 0 or not os.path.exists(out):
        raise SystemExit("xml2wbxml failed on " + xml + ": " + msg)
    with open(out, "rb") as f:
        return f.read().hex()


ATTR_RE = re.compile(r'<(\w[\w-]*) (\w+)="([^"]*)"/>')


def probe_decode(work):
    rows = []
    for page in (0, 1):
        # tags: root with content, switch the tag page, the probed tag (no content, no attributes), end root
        for tok in range(0x05, 0x40):
            xml = decode(work, HEADER + "45" + "00%02x" % page + "%02x" % tok + "01")
            if xml is None:
                continue
            m = re.search(r"<wap-provisioningdoc>\s*<([\w-]+)\s*/>", xml)
            if m and m.group(1) != "unknown":
                rows.append(("decode", "tag", page, tok, m.group(1)))
        # attribute starts: characteristic with attributes, switch the attribute page, the token, END x3
        for tok in range(0x05, 0x80):
            if tok in GLOBAL_ATTR_START:
                continue
            xml = decode(work, HEADER + "45c6" + "00%02x" % page + "%02x" % tok + "010101")
            if xml is None:
                continue
            m = ATTR_RE.search(xml)
            if m and m.group(2) != "unknown":
                rows.append(("decode", "attr-start", page, tok, m.group(2) + "=" + m.group(3)))
        # attribute values: type= (0x50 exists on both pages) followed by the value token
        for tok in range(0x85, 0x100):
            if tok in GLOBAL_ATTR_VALUE:
                continue
            xml = decode(work, HEADER + "45c6" + "00%02x" % page + "50" + "%02x" % tok + "010101")
            if xml is None:
                continue
            m = ATTR_RE.search(xml)
            if m and m.group(3) != "":
                rows.append(("decode", "attr-value", page, tok, m.group(3)))
    return rows


def attr_bytes_of_parm(work, attr, value):
    # <characteristic type="PORT"> is 0xC6 0x53 0x01 on page 0; the parm follows as 0x87 <attrs> 0x01
    if attr == "name":
        parm = '<parm name="%s"/>' % value
    else:
        parm = '<parm name="NAME" %s="%s"/>' % (attr, value)
    hexdoc = encode(work, '<wap-provisioningdoc><characteristic type="PORT">%s</characteristic></wap-provisioningdoc>' % parm)
    prefix = HEADER + "45c65301" + "87"
    if attr != "name":
        prefix += "07"
    assert hexdoc.startswith(prefix) and hexdoc.endswith("010101"), hexdoc
    return hexdoc[len(prefix):-6]


def attr_bytes_of_characteristic(work, value):
    hexdoc = encode(work, '<wap-provisioningdoc><characteristic type="%s"/></wap-provisioningdoc>' % value)
    prefix = HEADER + "4586"
    assert hexdoc.startswith(prefix) and hexdoc.endswith("0101"), hexdoc
    return hexdoc[len(prefix):-4]


def attr_bytes_of_version(work, value):
    hexdoc = encode(work, '<wap-provisioningdoc version="%s"><characteristic type="PORT"/></wap-provisioningdoc>' % value)
    prefix = HEADER + "c5"
    assert hexdoc.startswith(prefix) and hexdoc.endswith("0186530101"), hexdoc
    return hexdoc[len(prefix):-10]


# Names and values that libwbxml does not tokenise, probed to show that they go out as literal strings.
EXTRA = [
    ("name", "INIT"), ("name", "CLIENT-ID-X"), ("name", "BACKCOMPATRETRYDISABLED"), ("name", "ROLE"),
    ("value", "CLIENT"), ("value", "URI"), ("value", "w7"), ("type", "WLAN"), ("type", "DMCLIENT"),
    ("value", "TETRA-SDS"), ("value", "TETRA-PACKET"), ("version", "1.1"),
]


def probe_encode(work, decoded):
    rows = []
    pairs = []
    for _, kind, _, _, meaning in decoded:
        if kind == "attr-start":
            attr, _, value = meaning.partition("=")
            if value:
                pairs.append((attr, value))
        elif kind == "attr-value":
            pairs.append(("value", meaning))
    pairs += EXTRA
    seen = set()
    for attr, value in pairs:
        if (attr, value) in seen:
            continue
        seen.add((attr, value))
        if attr == "type":
            b = attr_bytes_of_characteristic(work, value)
        elif attr == "version":
            b = attr_bytes_of_version(work, value)
        else:
            b = attr_bytes_of_parm(work, attr, value)
        rows.append(("encode", "%s=%s" % (attr, value), b))
    return rows


def main():
    rc, banner = run(["wbxml2xml"])
    version = re.search(r"libwbxml [0-9.]+", banner)
    print("# PROV 1.0 token tables probed from %s (wbxml2xml / xml2wbxml)" % (version.group(0) if version else "libwbxml"))
    print("# decode\tkind\tpage\ttoken\tmeaning   |   encode\tattribute=value\tbytes (hex)")
    with tempfile.TemporaryDirectory() as work:
        decoded = probe_decode(work)
        for row in decoded:
            print("decode\t%s\t%d\t%02x\t%s" % (row[1], row[2], row[3], row[4]))
        for row in probe_encode(work, decoded):
            print("encode\t%s\t%s" % (row[1], row[2]))


if __name__ == "__main__":
    sys.exit(main())
