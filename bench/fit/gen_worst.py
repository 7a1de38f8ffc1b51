#!/usr/bin/env python3
"""Writes adversarial FIT files for bench/fit/worst.sh (issue: developer-field
CPU amplification). Written from the FIT protocol description (header, definition
and data messages, developer field definitions, CRC-16); no SDK code.

  gen_worst.py KIND OUT
  KIND undescribed: 16 developer ids, 4,096 field descriptions, then 13,000
       record definitions of 255 developer fields that no description names,
       each followed by one data message (the file of the issue, ~13 MB)
  KIND described: the same, but every definition uses described fields
       (every data message looks its 255 fields up)
  KIND redefine: 200,000 definitions of one local type alternating between
       two layouts, each followed by a data message (definition churn)
"""
import struct, sys

TABLE = [0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
         0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400]

def crc16(data):
    crc = 0
    for b in data:
        t = TABLE[crc & 0xF]; crc = (crc >> 4) & 0x0FFF; crc ^= t ^ TABLE[b & 0xF]
        t = TABLE[crc & 0xF]; crc = (crc >> 4) & 0x0FFF; crc ^= t ^ TABLE[(b >> 4) & 0xF]
    return crc

def definition(local, mesg, fields, dev=None):
    out = bytes([0x40 | (0x20 if dev is not None else 0) | local, 0, 0])
    out += struct.pack('<HB', mesg, len(fields))
    for num, size, base in fields:
        out += bytes([num, size, base])
    if dev is not None:
        out += bytes([len(dev)])
        for num, size, idx in dev:
            out += bytes([num, size, idx])
    return out

def body(kind):
    b = bytearray()
    b += definition(0, 0, [(0, 1, 0x00), (4, 4, 0x86)])          # file_id: type, time_created
    b += bytes([0, 4]) + struct.pack('<I', 1000000000)
    t0 = 1000000000
    if kind in ('undescribed', 'described'):
        b += definition(1, 207, [(3, 1, 0x02)])                   # developer_data_id
        for idx in range(16):
            b += bytes([1, idx])
        name = b'field\0\0\0'
        b += definition(2, 206, [(0, 1, 0x02), (1, 1, 0x02), (2, 1, 0x02), (3, 8, 0x07)])
        for idx in range(16):
            for num in range(256):
                b += bytes([2, idx, num, 0x02]) + name
        dev_idx = 200 if kind == 'undescribed' else 3
        dev = [(n, 1, dev_idx) for n in range(255)]
        for i in range(13000):
            b += definition(3, 20, [(253, 4, 0x86)], dev)          # record: timestamp + 255 dev
            b += bytes([3]) + struct.pack('<I', t0 + i) + bytes(255)
    elif kind == 'redefine':
        a = [(253, 4, 0x86), (3, 1, 0x02)]
        c = [(253, 4, 0x86), (4, 1, 0x02), (6, 2, 0x84)]
        for i in range(200000):
            lay = a if i % 2 == 0 else c
            b += definition(0, 20, lay)
            b += bytes([0]) + struct.pack('<I', t0 + i) + bytes(sum(s for _, s, _ in lay[1:]))
    else:
        sys.exit('gen_worst.py: unknown kind ' + kind)
    return bytes(b)

def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    data = body(sys.argv[1])
    hdr = struct.pack('<BBHI4s', 14, 0x20, 2132, len(data), b'.FIT')
    hdr += struct.pack('<H', crc16(hdr))
    whole = hdr + data
    with open(sys.argv[2], 'wb') as f:
        f.write(whole + struct.pack('<H', crc16(whole)))

main()
