#!/usr/bin/env python3
"""Fills the shipped translations (zh_CN, and English plural forms) into the .ts files that lupdate wrote.

Run after `cmake --build build --target update_translations`; untranslated new strings are reported.
"""
import re
import sys
import xml.etree.ElementTree as ET

ZH = {
    "Unknown dialect: %1": "未知的模型方言：%1",
    "GroundChat": "GroundChat",
    "Open image…": "打开图像…",
    "%1 × %2 px": "%1 × %2 像素",
    "This image could not be read.": "无法读取此图像。",
    "Open an image": "打开图像",
    "Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)": "图像 (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)",
    "Model dialect": "模型方言",
    "Coordinates: %1": "坐标：%1",
    "Raw model output": "模型原始输出",
    "Paste what the model answered, tags and coordinates included": "粘贴模型的回答（包括标签和坐标）",
    "Grounded answer — %n region(s)": ["定位结果 — %n 个区域"],
    "(no phrase)": "（无短语）",
    "%n region(s)": ["%n 个区域"],
}
EN_PLURALS = {
    "Grounded answer — %n region(s)": ["Grounded answer — %n region", "Grounded answer — %n regions"],
    "%n region(s)": ["%n region", "%n regions"],
}


def fill(path, table, plural_only=False):
    tree = ET.parse(path)
    missing = []
    for msg in tree.iter("message"):
        src = msg.find("source").text
        tr = msg.find("translation")
        value = table.get(src)
        if value is None:
            if not plural_only:
                missing.append(src)
            continue
        tr.attrib.pop("type", None)
        for child in list(tr):
            tr.remove(child)
        if isinstance(value, list):
            tr.text = None
            for form in value:
                ET.SubElement(tr, "numerusform").text = form
        else:
            tr.text = value
    tree.write(path, encoding="utf-8", xml_declaration=True)
    return missing


missing = fill("translations/groundchat_zh_CN.ts", ZH)
fill("translations/groundchat_en.ts", EN_PLURALS, plural_only=True)
if missing:
    print("untranslated (zh_CN):", *missing, sep="\n  ")
    sys.exit(1)
