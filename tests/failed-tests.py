#!/usr/bin/env python3
"""Prints one line per failed test in the TRX files given as arguments: the test name and the
first line of its error message. test.sh calls it so a CI log's tail names what failed."""
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}

for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        print(f"  {path}: unreadable TRX ({error})")
        continue
    for result in root.iterfind(".//t:UnitTestResult", NS):
        if result.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
            continue
        message = result.findtext(".//t:Message", default="", namespaces=NS).strip()
        first = message.splitlines()[0] if message else "(no message)"
        print(f"  {result.get('testName')}: {first[:300]}")
