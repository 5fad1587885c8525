<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>GroundingParser</name>
    <message>
        <location filename="../app/grounding/groundingparser.cpp" line="68" />
        <source>Unknown dialect: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="12" />
        <source>GroundChat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="21" />
        <source>Open image…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="27" />
        <source>%1 × %2 px</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="28" />
        <source>This image could not be read.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="36" />
        <source>Open an image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="37" />
        <source>Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>PlaygroundPane</name>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="26" />
        <source>Model dialect</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="44" />
        <source>Coordinates: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="49" />
        <source>Raw model output</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="60" />
        <source>Paste what the model answered, tags and coordinates included</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../qml/PlaygroundPane.qml" line="65" />
        <source>Grounded answer — %n region(s)</source>
        <translation><numerusform>Grounded answer — %n region</numerusform><numerusform>Grounded answer — %n regions</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="101" />
        <source>(no phrase)</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../qml/PlaygroundPane.qml" line="102" />
        <source>%n region(s)</source>
        <translation><numerusform>%n region</numerusform><numerusform>%n regions</numerusform></translation>
    </message>
</context>
</TS>