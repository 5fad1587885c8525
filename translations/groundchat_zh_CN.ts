<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>GroundingParser</name>
    <message>
        <location filename="../app/grounding/groundingparser.cpp" line="68" />
        <source>Unknown dialect: %1</source>
        <translation>未知的模型方言：%1</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="12" />
        <source>GroundChat</source>
        <translation>GroundChat</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="21" />
        <source>Open image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="27" />
        <source>%1 × %2 px</source>
        <translation>%1 × %2 像素</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="28" />
        <source>This image could not be read.</source>
        <translation>无法读取此图像。</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="36" />
        <source>Open an image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="37" />
        <source>Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)</translation>
    </message>
</context>
<context>
    <name>PlaygroundPane</name>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="26" />
        <source>Model dialect</source>
        <translation>模型方言</translation>
    </message>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="44" />
        <source>Coordinates: %1</source>
        <translation>坐标：%1</translation>
    </message>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="49" />
        <source>Raw model output</source>
        <translation>模型原始输出</translation>
    </message>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="60" />
        <source>Paste what the model answered, tags and coordinates included</source>
        <translation>粘贴模型的回答（包括标签和坐标）</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/PlaygroundPane.qml" line="65" />
        <source>Grounded answer — %n region(s)</source>
        <translation><numerusform>定位结果 — %n 个区域</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="101" />
        <source>(no phrase)</source>
        <translation>（无短语）</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/PlaygroundPane.qml" line="102" />
        <source>%n region(s)</source>
        <translation><numerusform>%n 个区域</numerusform></translation>
    </message>
</context>
</TS>