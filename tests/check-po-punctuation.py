#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Chinese translations use full-width punctuation (谁在值班？, 说明：, （P90）):
# fails on a half-width , ? ! ; : ( ) beside a Chinese character in a
# msgstr of po/zh_CN.po. Allowed: mnemonics "(_S)", the GNOME convention,
# and the few literals users type or see elsewhere verbatim (below).
# Usage: check-po-punctuation.py PO
import re
import sys

ALLOWED = (
    'CSV UTF-8(逗号分隔)',   # Excel's own name for the format
    '时:分',                 # a time format, as typed
    '编号:SHA256',           # kefu-cli's argument syntax
)
HAN = r'[\u3400-\u9fff]'
BAD = re.compile(HAN + r'[,?!;:()]|[,?!;:()]' + HAN)

text = open(sys.argv[1], encoding='utf-8').read()
failures = []
for entry in text.split('\n\n'):
    match = re.search(r'^msgstr(?:\[\d+\])? ((?:".*"\n?)+)', entry, re.M)
    if not match:
        continue
    msgstr = ''.join(re.findall(r'"(.*)"', match.group(1)))
    if 'kefu-cli' in msgstr or '--' in msgstr or ';' in msgstr and msgstr.endswith(';'):
        continue   # command-line usage and desktop-file keyword lists
    checked = re.sub(r'\(_[A-Za-z0-9]\)', '', msgstr)
    for literal in ALLOWED:
        checked = checked.replace(literal, '')
    if BAD.search(checked):
        failures.append(msgstr)
for f in failures:
    print('half-width punctuation in Chinese: ' + f, file=sys.stderr)
print('%s: %d messages with half-width punctuation beside Chinese' % (sys.argv[1], len(failures)))
sys.exit(1 if failures else 0)
