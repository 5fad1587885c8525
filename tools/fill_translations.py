#!/usr/bin/env python3
"""Fills the shipped translations (zh_CN, and English plural forms) into the .ts files that lupdate wrote.

Run after `/usr/lib/qt6/bin/lupdate app qml -ts translations/groundchat_en.ts translations/groundchat_zh_CN.ts`;
untranslated new strings are reported (exit 1).
"""
import re
import sys
import xml.etree.ElementTree as ET

ZH = {
    "Unknown dialect: %1": "未知的区域格式：%1",
    "GroundChat": "GroundChat",
    "Open image…": "打开图像…",
    "%1 × %2 px": "%1 × %2 像素",
    "This image could not be read.": "无法读取此图像。",
    "Open an image": "打开图像",
    "Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)": "图像 (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)",
    "Model dialect": "模型的区域格式",
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
 "Dialects": "区域格式",
 "Open images": "打开图像",
 "All files (*)": "所有文件 (*)",
 "Open a session": "打开会话",
 "GroundChat sessions (*.gcsession)": "GroundChat 会话 (*.gcsession)",
 "Save the session": "保存会话",
 "Choose a model folder (config.json, *.safetensors, tokenizer)": "选择模型文件夹（config.json、*.safetensors、分词器）",
 "A scripted engine needs 'dialect|answer'.": "脚本引擎需要“区域格式|回答”。",
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
ZH.update({
 "%1 (*%2)": "%1 (*%2)",
 "%1 did not answer like an OpenAI-compatible server.": "%1 的回答不像 OpenAI 兼容服务器。",
 "%1 does not look like an OpenAI-compatible server.": "%1 看起来不是 OpenAI 兼容服务器。",
 "(stored)": "（已保存）",
 "A Hugging Face snapshot: config.json, *.safetensors, tokenizer files (Kosmos-2).": "Hugging Face 快照：config.json、*.safetensors、分词器文件（Kosmos-2）。",
 "A secure connection to %1 could not be made.": "无法与 %1 建立安全连接。",
 "API key": "API 密钥",
 "Address": "地址",
 "Ask about the image, or pick a task below. Draw a region and cite it with @R1 to ask about that part.": "询问这张图像，或在下方选择任务。绘制区域并用 @R1 引用，即可询问该部分。",
 "Asking the server…": "正在询问服务器…",
 "Built-in": "内置",
 "CPU threads (0 = all; applies to the next model load)": "CPU 线程数（0 = 全部；下次加载模型时生效）",
 "Choose a model": "选择模型",
 "Choose a model (Model ▸ Choose model…) to start chatting. You can draw regions already.": "选择模型（模型 ▸ 选择模型…）后即可开始对话。现在已经可以绘制区域。",
 "Choose destination…": "选择保存位置…",
 "Choose file…": "选择文件…",
 "Choose model…": "选择模型…",
 "Choose one of the server's models.": "请选择服务器上的一个模型。",
 "Choose…": "选择…",
 "Connecting to the server": "正在连接服务器",
 "Demo model (synthetic scenes of shapes only)": "演示模型（仅限合成的形状场景）",
 "Demo model: a small Kosmos-2 trained on synthetic scenes of coloured shapes. It knows nothing else.": "演示模型：在彩色形状合成场景上训练的小型 Kosmos-2，不了解其他内容。",
 "Draw a box or click a point to make a mask.": "绘制框或点击一个点来生成掩码。",
 "Embed images in saved sessions": "在保存的会话中嵌入图像",
 "Engine": "引擎",
 "Enter the server's address, e.g. http://localhost:8000": "请输入服务器地址，例如 http://localhost:8000",
 "Export annotations": "导出标注",
 "Export annotations…": "导出标注…",
 "Export cancelled; nothing was written.": "导出已取消，未写入任何内容。",
 "Export failed: %1": "导出失败：%1",
 "Exported %n region(s) of %1 image(s).": [
  "已导出 %1 张图像中的 %n 个区域。"
 ],
 "Format": "格式",
 "Generation": "生成",
 "GrabCut": "GrabCut",
 "Import annotations": "导入标注",
 "Import annotations…": "导入标注…",
 "Import cancelled; the session is unchanged.": "导入已取消，会话未改变。",
 "Import failed: %1": "导入失败：%1",
 "Imported %n image(s).": [
  "已导入 %n 张图像。"
 ],
 "Include model regions I have not accepted": "包括我尚未接受的模型区域",
 "List models": "列出模型",
 "Making a mask…": "正在生成掩码…",
 "Mask": "掩码",
 "Mask %1": "掩码 %1",
 "Masks": "掩码",
 "Max new tokens": "最大新词元数",
 "Model folder (runs on this computer)": "模型文件夹（在本机运行）",
 "No mask was found: %1": "未找到掩码：%1",
 "No model — Model ▸ Choose model…": "无模型 — 模型 ▸ 选择模型…",
 "Not carried by this format: %1": "此格式无法保存：%1",
 "Open recent": "最近打开",
 "Region dialect: %1": "区域格式：%1",
 "Regions written for": "区域写法适用于",
 "SAM model": "SAM 模型",
 "Seed": "随机种子",
 "Server (OpenAI-compatible)": "服务器（OpenAI 兼容）",
 "Sessions": "会话",
 "Settings": "设置",
 "Settings…": "设置…",
 "Temperature (0 = greedy) ×100": "温度（0 = 贪心）×100",
 "The answer so far is kept.": "已保留目前的回答。",
 "The connection to the server at %1 failed.": "与 %1 处服务器的连接失败。",
 "The connection to the server was lost before the answer began.": "在回答开始前与服务器的连接已断开。",
 "The connection to the server was lost during the answer. The answer so far is kept.": "回答过程中与服务器的连接断开。已保留目前的回答。",
 "The demo model is not installed.": "未安装演示模型。",
 "The embedded image %1 could not be unpacked.": "无法解出嵌入的第 %1 张图像。",
 "The image could not be prepared for sending.": "无法准备要发送的图像。",
 "The image could not be read for segmentation: %1": "无法读取用于分割的图像：%1",
 "The model %1 does not take images. Choose a vision model on this server.": "模型 %1 不接受图像。请选择此服务器上的视觉模型。",
 "The segmentation model could not be loaded: %1": "无法加载分割模型：%1",
 "The server address \"%1\" is not an http:// or https:// address.": "服务器地址“%1”不是 http:// 或 https:// 地址。",
 "The server answered with an error (HTTP %1): %2": "服务器返回错误（HTTP %1）：%2",
 "The server at %1 did not accept the connection within %n second(s).": [
  "%1 处的服务器在 %n 秒内未接受连接。"
 ],
 "The server at %1 did not answer within %n second(s).": [
  "%1 处的服务器在 %n 秒内未回答。"
 ],
 "The server at %1 refused the connection. Is it running, and is the address right?": "%1 处的服务器拒绝连接。它在运行吗？地址正确吗？",
 "The server could not be reached: %1": "无法连接服务器：%1",
 "The server did not answer in time.": "服务器未及时回答。",
 "The server does not know this model or address (HTTP %1): %2": "服务器不认识此模型或地址（HTTP %1）：%2",
 "The server does not offer the model \"%1\". It offers: %2.": "服务器不提供模型“%1”。它提供：%2。",
 "The server ended the stream before the answer was complete.": "服务器在回答完成前结束了数据流。",
 "The server refused the API key (HTTP %1): %2": "服务器拒绝了 API 密钥（HTTP %1）：%2",
 "The server refused the connection. Is it running?": "服务器拒绝连接。它在运行吗？",
 "The server reported an error: %1": "服务器报告错误：%1",
 "The server sent a stream that could not be read.": "服务器发送的数据流无法读取。",
 "The server sent nothing for %n second(s).": [
  "服务器已有 %n 秒没有发送任何内容。"
 ],
 "The server's address %1 could not be found.": "找不到服务器地址 %1。",
 "The server's address could not be found.": "找不到服务器地址。",
 "The server's answer is too large to read.": "服务器的回答太大，无法读取。",
 "The server's model list is too large to read.": "服务器的模型列表太大，无法读取。",
 "The session could not be prepared for export: %1": "无法准备导出会话：%1",
 "There is no region dialect called \"%1\".": "没有名为“%1”的区域格式。",
 "This does not look like an OpenAI-compatible server.": "这看起来不是 OpenAI 兼容服务器。",
 "Top-k (0 = off)": "Top-k（0 = 关闭）",
 "Top-p ×100": "Top-p ×100",
 "Turn every box of this answer into a mask": "把此回答中的每个框转换为掩码",
 "Use": "使用",
 "none": "无",
 "none recognised (plain chat)": "无法识别（普通对话）"
})
ZH.update({
    "Automatic marks (Set-of-Mark)": "自动标记（Set-of-Mark）",
    "No marks could be made: %1": "无法生成标记：%1",
    "Automatic marks": "自动标记",
    "Turn every answer's boxes into masks": "把每个回答的框都转换为掩码",
    "Open demo session": "打开演示会话",
    "New demo scene": "新建演示场景",
    "Save changes?": "保存更改？",
    "This session has changes that are not saved.": "此会话有尚未保存的更改。",
    "Save": "保存",
    "No model — Model ▸ Open model folder…": "没有模型 — 模型 ▸ 打开模型文件夹…",
    "The demo scene could not be saved to %1.": "无法把演示场景保存到 %1。",
})
ZH.update({
    # issue 15: prompts and presets, model loading, export, window; issue 16: servers
    "Warning: %1": "警告：%1",
    "Answer this question again": "重新回答这个问题",
    "Answer this question again; the later turns are removed (Undo brings them back)": "重新回答这个问题；之后的对话将被移除（撤销可恢复）",
    "Export as %1": "导出为 %1",
    "⚠ Load failed — still using %1": "⚠ 加载失败 — 仍在使用 %1",
    "⚠ Load failed — no model": "⚠ 加载失败 — 没有模型",
    "The model could not be loaded: %1": "无法加载模型：%1",
    "Still answering with: %1": "仍由 %1 回答",
    "Count": "计数",
    "Close": "关闭",
    "Open": "打开",
    "The answer did not finish within %n second(s).": ["回答未能在 %n 秒内完成。"],
    "Folder": "文件夹",
    "Browse…": "浏览…",
    "File name": "文件名",
    "The server at %1 redirected to %2, another server; GroundChat does not send the API key or the image there. Use the address of the server itself.":
        "%1 处的服务器重定向到了另一台服务器 %2；GroundChat 不会把 API 密钥或图像发送到那里。请直接使用该服务器本身的地址。",
    "The API key goes to %1 unencrypted (http://): anyone on the network between can read it. Use https:// for servers on other computers.":
        "API 密钥将以未加密方式（http://）发送到 %1：途经网络上的任何人都能读取它。对其他计算机上的服务器请使用 https://。",
    "%1 (not trained)": "%1（未训练）",
    "This model has no task “%1”.": "此模型没有任务“%1”。",
    "This model cannot take that: %1": "此模型无法接受：%1",
    "“%1” is about a region: draw one and cite it in the message (e.g. @R1).": "“%1”针对区域：请画一个区域并在消息中引用它（例如 @R1）。",
    "“%1” asks its own question about the cited regions: leave only the regions in the message (e.g. @R1), or use Free chat to ask in your own words.":
        "“%1”会就引用的区域提出固定的问题：消息中只保留区域（例如 @R1），或改用“自由对话”用自己的话提问。",
    "“%1” asks about your words and takes no regions: remove %2, or choose another task.": "“%1”针对您输入的文字，不接受区域：请删除 %2，或选择其他任务。",
    "“%1” needs your words: type them in the message.": "“%1”需要您输入文字：请在消息中输入。",
})
ZH.update({
    # session 7: keyring, image limits, session trust, large sessions, .bin checkpoints
    "The keyring stayed locked, so the stored API key could not be read.": "密钥环仍处于锁定状态，无法读取已保存的 API 密钥。",
    "The keyring stayed locked, so the API key was not saved.": "密钥环仍处于锁定状态，API 密钥未保存。",
    "The keyring could not be used: %1": "无法使用密钥环：%1",
    "No keyring available: the API key is stored in plain text in %1": "没有可用的密钥环：API 密钥以明文保存在 %1",
    "GroundChat API key for %1": "GroundChat 的 %1 API 密钥",
    "The keyring service stopped while it was asking.": "密钥环服务在询问时停止了。",
    "Default keyring": "默认密钥环",
    "Servers": "服务器",
    "Longest answer from a server, seconds (0 = no limit; applies to the next model load)":
        "服务器回答的最长时间（秒，0 = 不限；下次加载模型时生效）",
    "Cannot read %1: the image data is damaged or not an image": "无法读取 %1：图像数据已损坏或不是图像",
    "Load the images outside the folder": "加载文件夹之外的图像",
    "%1 of %2 regions shown in full; zoom in, or pick one in the list, to edit the others.":
        "已完整显示 %2 个区域中的 %1 个；放大视图或在列表中选择区域，即可编辑其余区域。",
    "“%1” is %2 × %3 pixels (%4 megapixels), more than the limit of %5 megapixels.":
        "“%1”为 %2 × %3 像素（%4 百万像素），超过了 %5 百万像素的上限。",
    "The image could not be read.": "无法读取该图像。",
    "Dismiss": "关闭",
    "This session refers to %n image(s) outside its folder. GroundChat has not read them. Load them?":
        ["此会话引用了其文件夹之外的 %n 张图像。GroundChat 尚未读取它们。要加载吗？"],
    "… and %n more": ["……以及另外 %n 个"],
    "Load them": "加载",
    "Not now": "暂不",
    "Not loaded": "未加载",
    "Too large": "过大",
    "Unreadable": "无法读取",
    "A Hugging Face snapshot: config.json, *.safetensors or pytorch_model.bin, tokenizer files (Kosmos-2).":
        "Hugging Face 快照：config.json、*.safetensors 或 pytorch_model.bin、分词器文件（Kosmos-2）。",
    "Choose a model folder (config.json, *.safetensors or pytorch_model.bin, tokenizer)":
        "选择模型文件夹（config.json、*.safetensors 或 pytorch_model.bin、分词器）",
    "Line %1, column %2: the session file is damaged (%3).": "第 %1 行第 %2 列：会话文件已损坏（%3）。",
    "The embedded image %1 of the session is not an image.": "会话中嵌入的第 %1 张图像不是图像。",
    "%n polygon(s) had more than %1 points and were simplified (by at most %2 pixels).":
        ["%n 个多边形的顶点超过 %1 个，已简化（偏差不超过 %2 像素）。"],
    "Saved, but %n file(s) of the session are not images and were not embedded: %1":
        ["已保存，但会话中有 %n 个文件不是图像，未被嵌入：%1"],
    "Not loaded: %1 is outside the session's folder, and GroundChat reads it only if you agree.":
        "未加载：%1 位于会话文件夹之外，只有经您同意 GroundChat 才会读取它。",
    "Cannot read %1: file not found": "无法读取 %1：文件不存在",
    "Cannot read %1: it is a folder": "无法读取 %1：这是一个文件夹",
    "Cannot read %1: permission denied": "无法读取 %1：权限被拒绝",
    "Cannot read %1: %2": "无法读取 %1：%2",
    "Images": "图像",
    "Largest image to open, megapixels (default %1; a larger one is refused from its header, never decoded)":
        "可打开的最大图像，百万像素（默认 %1；更大的图像仅凭文件头即被拒绝，不会解码）",
})
EN_PLURALS = {
    "Exported %n region(s) of %1 image(s).": ["Exported %n region of %1 image(s).", "Exported %n regions of %1 image(s)."],
    "Imported %n image(s).": ["Imported %n image.", "Imported %n images."],
    "The server at %1 did not accept the connection within %n second(s).": [
        "The server at %1 did not accept the connection within %n second.",
        "The server at %1 did not accept the connection within %n seconds."],
    "The server at %1 did not answer within %n second(s).": ["The server at %1 did not answer within %n second.",
                                                            "The server at %1 did not answer within %n seconds."],
    "The server sent nothing for %n second(s).": ["The server sent nothing for %n second.",
                                                 "The server sent nothing for %n seconds."],
    "Grounded answer — %n region(s)": ["Grounded answer — %n region", "Grounded answer — %n regions"],
    "%n region(s)": ["%n region", "%n regions"],
    "The answer did not finish within %n second(s).": ["The answer did not finish within %n second.",
                                                      "The answer did not finish within %n seconds."],
    "first token %1 ms · %2 tok/s · %n token(s)": ["first token %1 ms · %2 tok/s · %n token",
                                                   "first token %1 ms · %2 tok/s · %n tokens"],
    "This session refers to %n image(s) outside its folder. GroundChat has not read them. Load them?": [
        "This session refers to %n image outside its folder. GroundChat has not read it. Load it?",
        "This session refers to %n images outside its folder. GroundChat has not read them. Load them?"],
    "… and %n more": ["… and %n more", "… and %n more"],
    "%n polygon(s) had more than %1 points and were simplified (by at most %2 pixels).": [
        "%n polygon had more than %1 points and was simplified (by at most %2 pixels).",
        "%n polygons had more than %1 points and were simplified (by at most %2 pixels)."],
    "Saved, but %n file(s) of the session are not images and were not embedded: %1": [
        "Saved, but %n file of the session is not an image and was not embedded: %1",
        "Saved, but %n files of the session are not images and were not embedded: %1"],
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


# session 8: the model choice in C++
ZH.update({
    "Demo model": "演示模型",
    "%1 on %2": "%2 上的 %1",
    "%1 did not load: %2 The demo model answers instead.": "%1 未能加载：%2 改由演示模型回答。",
    "The model folder %1 is not there any more: the demo model answers instead.": "模型文件夹 %1 已不存在：改由演示模型回答。",
})
# session 9: Florence-2 tasks and beam search, weight formats, Qwen2.5-VL presets
ZH.update({
    "Beam search: step %1 of at most %2. The answer is shown when the search ends.": "束搜索：第 %1 步，最多 %2 步。搜索结束后显示回答。",
    "%1 — %2": "%1 — %2",
    "Max new tokens (0 = the model's own)": "最大新生成 token 数（0 = 使用模型自身的设置）",
    "your message": "你的消息",
    "nothing to type": "无需输入",
    "a phrase": "一个短语",
    "a drawn box": "一个绘制的框",
    "“%1” needs nothing typed: press Send.": "“%1”无需输入文字：直接点击发送。",
    "“%1” needs a phrase: type it here.": "“%1”需要一个短语：请在此输入。",
    "“%1” takes the last box you drew on the image, or the one you cite (e.g. @R1).": "“%1”使用你在图像上最后绘制的框，或你引用的框（例如 @R1）。",
    "“%1” is about a region: draw a box on the image, or cite one in the message (e.g. @R1).": "“%1”针对一个区域：请在图像上画一个框，或在消息中引用一个（例如 @R1）。",
    "%1 (%2)": "%1（%2）",
    "Caption": "图像描述",
    "More detailed description": "更详细的描述",
    "Describe every object": "描述每个物体",
    "Region proposals": "候选区域",
    "Segment …": "分割…",
    "Segment this region": "分割此区域",
    "Name this region's category": "此区域的类别",
    "Read the text in this region": "读取此区域中的文字",
    "Read the text (OCR)": "读取文字（OCR）",
    "Read the text and its positions": "读取文字及其位置",
    "Point to …": "指向…",
    "Parse document": "解析文档",
    "%1: %2": "%1：%2",
    "The model's weight formats could not be read: %1": "无法读取模型的权重格式：%1",
    "Full precision (f32)": "全精度 (f32)",
    "16-bit (bf16)": "16 位 (bf16)",
    "16-bit (f16)": "16 位 (f16)",
    "8-bit (q8)": "8 位 (q8)",
    "4-bit (q4)": "4 位 (q4)",
    "Weights": "权重",
    "Reading the checkpoint…": "正在读取检查点…",
    "This model's architecture runs in full precision only.": "此模型的架构只能以全精度运行。",
    "Cancel": "取消",
    "Model: %1 (%2) · %3 weights, %4": "模型：%1（%2）· %3 权重，%4",
})
missing = fill("translations/groundchat_zh_CN.ts", ZH)
fill("translations/groundchat_en.ts", EN_PLURALS, plural_only=True)
if missing:
    print("untranslated (zh_CN):", *missing, sep="\n  ")
    sys.exit(1)
