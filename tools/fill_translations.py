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
ZH.update({
 "You": "你",
 "Model": "模型",
 "Sent: %1": "已发送：%1",
 "answering…": "正在回答…",
 "stopped · ": "已停止 · ",
 "first token %1 ms · %2 tok/s · %n token(s)": [
  "首个词元 %1 毫秒 · %2 词元/秒 · %n 个词元"
 ],
 "Copy": "复制",
 "Regenerate": "重新生成",
 "%1 (no such region)": "%1（无此区域）",
 "Ask about the image. Cite regions with @R1, @3 (marks) or Alt+drag them here.": "询问这张图像。用 @R1、@3（标记）引用区域，或按住 Alt 把区域拖到这里。",
 "Send": "发送",
 "Stop": "停止",
 "The model is still loading.": "模型仍在加载。",
 "No model is loaded.": "尚未加载模型。",
 "The engine is busy: wait for the current answers or stop them.": "引擎正忙：请等待当前回答完成或停止它们。",
 "The model could not be created.": "无法创建模型。",
 "The model could not be loaded.": "无法加载模型。",
 "The image could not be read.": "无法读取图像。",
 "The engine ran out of memory.": "引擎内存不足。",
 "The engine failed while answering.": "引擎在回答时出错。",
 "Open an image (Ctrl+O), drop one here, or paste one (Ctrl+V).": "打开图像（Ctrl+O）、拖放到这里或粘贴（Ctrl+V）。",
 "Paste image": "粘贴图像",
 "Open session…": "打开会话…",
 "Save session": "保存会话",
 "Save session as…": "会话另存为…",
 "Undo %1": "撤销 %1",
 "Redo %1": "重做 %1",
 "Open model folder…": "打开模型文件夹…",
 "Fit to window": "适应窗口",
 "Zoom in": "放大",
 "Zoom out": "缩小",
 "&File": "文件(&F)",
 "Quit": "退出",
 "&Edit": "编辑(&E)",
 "&View": "视图(&V)",
 "Your regions": "你的区域",
 "Model regions": "模型区域",
 "Labels": "标签",
 "Dark theme": "深色主题",
 "Language": "语言",
 "&Model": "模型(&M)",
 "Stop the answer": "停止回答",
 "Select": "选择",
 "Box": "框",
 "Point": "点",
 "Mark": "标记",
 "Polygon": "多边形",
 "Pan": "平移",
 "%1 (%2)": "%1（%2）",
 "Undo": "撤销",
 "Redo": "重做",
 "%1 %": "%1 %",
 "Overlay": "叠加",
 "Model: %1 (%2)": "模型：%1（%2）",
 "Loading model… %1 %": "正在加载模型… %1 %",
 "Model failed: %1": "模型出错：%1",
 "No model — Model ▸ Open model folder…": "无模型 — 模型 ▸ 打开模型文件夹…",
 "Cancel": "取消",
 "Model…": "模型…",
 "GroundChat did not close normally last time. Restore the unsaved session?": "GroundChat 上次未正常关闭。要恢复未保存的会话吗？",
 "Restore": "恢复",
 "Discard": "放弃",
 "Chat": "对话",
 "Regions (%1)": "区域（%1）",
 "Dialects": "方言",
 "Open images": "打开图像",
 "All files (*)": "所有文件 (*)",
 "Open a session": "打开会话",
 "GroundChat sessions (*.gcsession)": "GroundChat 会话 (*.gcsession)",
 "Save the session": "保存会话",
 "Choose a model folder (config.json, *.safetensors, tokenizer)": "选择模型文件夹（config.json、*.safetensors、分词器）",
 "A scripted engine needs 'dialect|answer'.": "脚本引擎需要“方言|回答”。",
 "This kind of model is not supported: %1": "不支持此类模型：%1",
 "Loading was cancelled.": "加载已取消。",
 "The model folder or one of its files is missing.": "模型文件夹或其中某个文件不存在。",
 "The model files are damaged or do not match the model's configuration.": "模型文件已损坏或与模型配置不符。",
 "This model or device is not supported.": "不支持此模型或设备。",
 "The model failed.": "模型出错。",
 "Grounded caption": "定位描述",
 "Where is …": "…在哪里",
 "Describe this region": "描述此区域",
 "Detailed description": "详细描述",
 "Free chat": "自由对话",
 "Detect objects": "检测物体",
 "No regions yet. Draw with B (box), P (point), M (mark) or G (polygon).": "还没有区域。用 B（框）、P（点）、M（标记）或 G（多边形）绘制。",
 "label": "标签",
 "model ✓": "模型 ✓",
 "model": "模型",
 "you": "你",
 "Hide": "隐藏",
 "Show": "显示",
 "Remove from the annotations": "从标注中移除",
 "Accept into the annotations": "接受为标注",
 "Cite in the message": "在消息中引用",
 "Delete": "删除",
 "“%1” is not an image GroundChat can read.": "GroundChat 无法读取图像“%1”。",
 "“%1” could not be read: %2": "无法读取“%1”：%2",
 "The clipboard holds no image.": "剪贴板中没有图像。",
 "The pasted image could not be stored in %1.": "无法把粘贴的图像保存到 %1。",
 "Draw box %1": "绘制框 %1",
 "Place point %1": "放置点 %1",
 "Place mark %1": "放置标记 %1",
 "Draw polygon %1": "绘制多边形 %1",
 "Edit %1": "编辑 %1",
 "Rename %1": "重命名 %1",
 "Show %1": "显示 %1",
 "Hide %1": "隐藏 %1",
 "Delete %1": "删除 %1",
 "Accept %1": "接受 %1",
 "There is no region %1 on this image.": "此图像上没有区域 %1。",
 "mark %1": "标记 %1",
 "this region": "此区域",
 "%1 cannot be written for this model: %2": "无法为此模型写出 %1：%2",
 "Open an image first.": "请先打开图像。",
 "No model is ready. Choose a model first.": "没有就绪的模型。请先选择模型。",
 "Type a message or choose a task.": "请输入消息或选择任务。",
 "The engine did not take the request.": "引擎未接受请求。",
 "Answer": "回答",
 "The session file is damaged (%1 at byte %2).": "会话文件已损坏（第 %2 字节处：%1）。",
 "This is not a GroundChat session file.": "这不是 GroundChat 会话文件。",
 "This session was saved by a newer GroundChat.": "此会话由更新版本的 GroundChat 保存。",
 "Image %1 of the session has no path or size.": "会话中的第 %1 张图像缺少路径或尺寸。",
 "Region %1 of image %2 is malformed.": "第 %2 张图像的区域 %1 格式错误。",
 "Message %1 of image %2 is malformed.": "第 %2 张图像的消息 %1 格式错误。",
 "The session could not be saved to %1: %2": "无法把会话保存到 %1：%2",
 "%1 could not be opened: %2": "无法打开 %1：%2",
 "The autosaved session could not be restored: %1": "无法恢复自动保存的会话：%1",
 "Grounded multimodal chat": "定位多模态对话",
 "Images or a .gcsession file to open.": "要打开的图像或 .gcsession 文件。",
 "Model folder to load.": "要加载的模型文件夹。",
 "light or dark.": "light 或 dark。",
 "en or zh_CN.": "en 或 zh_CN。",
 "Save the window to FILE and quit.": "把窗口保存到 FILE 后退出。",
 "Milliseconds before the screenshot.": "截图前等待的毫秒数。",
 "Send this message once the model is ready.": "模型就绪后发送此消息。"
})
EN_PLURALS = {
    "Grounded answer — %n region(s)": ["Grounded answer — %n region", "Grounded answer — %n regions"],
    "%n region(s)": ["%n region", "%n regions"],
    "first token %1 ms · %2 tok/s · %n token(s)": ["first token %1 ms · %2 tok/s · %n token",
                                                   "first token %1 ms · %2 tok/s · %n tokens"],
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
