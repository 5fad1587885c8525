<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>AnnotationIO</name>
    <message>
        <location filename="../app/annotate/annotationio.cpp" line="22" />
        <source>Warning: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/annotate/annotationio.cpp" line="92" />
        <source>The session could not be prepared for export: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/annotate/annotationio.cpp" line="105" />
        <source>Export cancelled; nothing was written.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/annotate/annotationio.cpp" line="107" />
        <source>Export failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../app/annotate/annotationio.cpp" line="109" />
        <source>Exported %n region(s) of %1 image(s).</source>
        <translation><numerusform>Exported %n region of %1 image(s).</numerusform><numerusform>Exported %n regions of %1 image(s).</numerusform></translation>
    </message>
    <message>
        <location filename="../app/annotate/annotationio.cpp" line="136" />
        <source>Import cancelled; the session is unchanged.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/annotate/annotationio.cpp" line="141" />
        <location filename="../app/annotate/annotationio.cpp" line="149" />
        <source>Import failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../app/annotate/annotationio.cpp" line="152" />
        <source>Imported %n image(s).</source>
        <translation><numerusform>Imported %n image.</numerusform><numerusform>Imported %n images.</numerusform></translation>
    </message>
</context>
<context>
    <name>ApiKeyStore</name>
    <message>
        <location filename="../app/engine/apikeystore.cpp" line="50" />
        <source>The keyring stayed locked, so the stored API key could not be read.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/apikeystore.cpp" line="51" />
        <source>The keyring stayed locked, so the API key was not saved.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/apikeystore.cpp" line="52" />
        <source>The keyring could not be used: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/apikeystore.cpp" line="86" />
        <source>No keyring available: the API key is stored in plain text in %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/apikeystore.cpp" line="99" />
        <location filename="../app/engine/apikeystore.cpp" line="168" />
        <source>GroundChat API key for %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <location filename="../qml/ChatPanel.qml" line="61" />
        <source>Ask about the image, or pick a task below. Draw a region and cite it with @R1 to ask about that part.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="62" />
        <source>Choose a model (Model ▸ Choose model…) to start chatting. You can draw regions already.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="91" />
        <source>You</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="91" />
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="128" />
        <source>Sent: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="150" />
        <source>answering…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="151" />
        <source>stopped · </source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../qml/ChatPanel.qml" line="152" />
        <source>first token %1 ms · %2 tok/s · %n token(s)</source>
        <translation><numerusform>first token %1 ms · %2 tok/s · %n token</numerusform><numerusform>first token %1 ms · %2 tok/s · %n tokens</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="156" />
        <source>Copy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="161" />
        <source>Masks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="165" />
        <source>Turn every box of this answer into a mask</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="170" />
        <source>Regenerate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="174" />
        <source>Answer this question again</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="175" />
        <source>Answer this question again; the later turns are removed (Undo brings them back)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="200" />
        <source>%1 (no such region)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="255" />
        <source>Ask about the image. Cite regions with @R1, @3 (marks) or Alt+drag them here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="273" />
        <source>Send</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="283" />
        <source>Stop</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DataDialog</name>
    <message>
        <location filename="../qml/DataDialog.qml" line="12" />
        <source>Import annotations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="12" />
        <source>Export annotations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="29" />
        <source>Format</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="42" />
        <source>Coordinates: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="46" />
        <source>Regions written for</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="58" />
        <source>Include model regions I have not accepted</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="74" />
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="80" />
        <source>Choose file…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="80" />
        <source>Choose destination…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="106" />
        <source>%1 (*%2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="106" />
        <source>All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="113" />
        <source>Export as %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DemoModel</name>
    <message>
        <location filename="../app/engine/demomodel.cpp" line="41" />
        <source>Demo model (synthetic scenes of shapes only)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>EngineController</name>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="157" />
        <source>Loading was cancelled.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="164" />
        <source>The model is still loading.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="164" />
        <source>No model is loaded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="169" />
        <source>The engine is busy: wait for the current answers or stop them.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>EngineWorker</name>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="67" />
        <location filename="../app/engine/engineworker.cpp" line="72" />
        <source>The model could not be created.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="81" />
        <source>The model could not be loaded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="96" />
        <source>No model is loaded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="144" />
        <source>The engine ran out of memory.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="146" />
        <source>The engine failed while answering.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>GroundingParser</name>
    <message>
        <location filename="../app/grounding/groundingparser.cpp" line="68" />
        <source>Unknown dialect: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ImageCanvas</name>
    <message>
        <location filename="../qml/ImageCanvas.qml" line="30" />
        <source>Cannot read %1: the image data is damaged or not an image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ImageCanvas.qml" line="174" />
        <source>Open an image (Ctrl+O), drop one here, or paste one (Ctrl+V).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ImageCanvas.qml" line="268" />
        <source>Load the images outside the folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ImageCanvas.qml" line="280" />
        <source>%1 of %2 regions shown in full; zoom in, or pick one in the list, to edit the others.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ImageLimit</name>
    <message>
        <location filename="../app/engine/imagelimit.cpp" line="41" />
        <source>“%1” is %2 × %3 pixels (%4 megapixels), more than the limit of %5 megapixels.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/imagelimit.cpp" line="59" />
        <source>The image could not be read.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="17" />
        <source>GroundChat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="171" />
        <source>Open image…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="172" />
        <source>Paste image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="173" />
        <source>Open session…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="174" />
        <source>Save session</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="177" />
        <source>Save session as…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="178" />
        <source>Undo %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="179" />
        <source>Redo %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="180" />
        <source>Choose model…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="181" />
        <source>Settings…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="183" />
        <source>Fit to window</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="184" />
        <source>Zoom in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="185" />
        <source>Zoom out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="235" />
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="240" />
        <source>Open recent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="253" />
        <source>Open demo session</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="254" />
        <source>New demo scene</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="258" />
        <source>Export annotations…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="259" />
        <source>Import annotations…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="182" />
        <source>Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="264" />
        <source>&amp;Edit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="268" />
        <source>Automatic marks (Set-of-Mark)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="273" />
        <source>&amp;View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="278" />
        <source>Your regions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="279" />
        <source>Model regions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="280" />
        <source>Labels</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="282" />
        <source>Dark theme</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="285" />
        <source>Language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="306" />
        <source>&amp;Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="308" />
        <source>Stop the answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="188" />
        <source>Select</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="188" />
        <source>Box</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="188" />
        <source>Point</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="189" />
        <source>Mark</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="189" />
        <source>Polygon</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="189" />
        <source>Mask</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="190" />
        <source>Pan</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="341" />
        <source>%1 (%2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="347" />
        <source>Undo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="348" />
        <source>Redo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="358" />
        <source>%1 %</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="363" />
        <source>Overlay</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="384" />
        <source>⚠ Load failed — still using %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="385" />
        <source>⚠ Load failed — no model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="386" />
        <source>Model: %1 (%2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="387" />
        <source>Loading model… %1 %</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="388" />
        <source>No model — Model ▸ Choose model…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="406" />
        <source>Making a mask…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="415" />
        <location filename="../qml/Main.qml" line="721" />
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="418" />
        <source>Model…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="437" />
        <source>GroundChat did not close normally last time. Restore the unsaved session?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="440" />
        <source>Restore</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="441" />
        <location filename="../qml/Main.qml" line="719" />
        <source>Discard</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="467" />
        <source>Dismiss</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../qml/Main.qml" line="488" />
        <source>This session refers to %n image(s) outside its folder. GroundChat has not read them. Load them?</source>
        <translation><numerusform>This session refers to %n image outside its folder. GroundChat has not read it. Load it?</numerusform><numerusform>This session refers to %n images outside its folder. GroundChat has not read them. Load them?</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/Main.qml" line="498" />
        <source>… and %n more</source>
        <translation><numerusform>… and %n more</numerusform><numerusform>… and %n more</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="504" />
        <source>Load them</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="505" />
        <source>Not now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="565" />
        <source>Not loaded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="565" />
        <source>Too large</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="566" />
        <source>Unreadable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="586" />
        <source>Chat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="587" />
        <source>Regions (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="588" />
        <source>Dialects</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="675" />
        <source>Open images</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="677" />
        <source>All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="685" />
        <source>Open a session</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="686" />
        <source>GroundChat sessions (*.gcsession)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="696" />
        <source>Save the session</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="715" />
        <source>Save changes?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="716" />
        <source>This session has changes that are not saved.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="718" />
        <source>Save</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="677" />
        <source>Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ModelDialog</name>
    <message>
        <location filename="../qml/ModelDialog.qml" line="13" />
        <source>Choose a model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="64" />
        <source>Loading model… %1 %</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="79" />
        <source>The model could not be loaded: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="97" />
        <source>Still answering with: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="98" />
        <source>No model is loaded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="104" />
        <source>Built-in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="112" />
        <source>Demo model: a small Kosmos-2 trained on synthetic scenes of coloured shapes. It knows nothing else.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="113" />
        <source>The demo model is not installed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="117" />
        <location filename="../qml/ModelDialog.qml" line="200" />
        <source>Use</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="130" />
        <source>Model folder (runs on this computer)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="138" />
        <source>A Hugging Face snapshot: config.json, *.safetensors or pytorch_model.bin, tokenizer files (Kosmos-2).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="142" />
        <source>Choose…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="149" />
        <source>Server (OpenAI-compatible)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="154" />
        <source>Address</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="164" />
        <source>List models</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="172" />
        <source>API key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="179" />
        <source>(stored)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="179" />
        <source>none</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="191" />
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="220" />
        <source>Asking the server…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="223" />
        <source>Region dialect: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="223" />
        <source>none recognised (plain chat)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="233" />
        <source>Choose a model folder (config.json, *.safetensors or pytorch_model.bin, tokenizer)</source>
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
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/engine/backendfactory.cpp" line="15" />
        <source>A scripted engine needs 'dialect|answer'.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/backendfactory.cpp" line="28" />
        <source>This kind of model is not supported: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/fakebackend.cpp" line="15" />
        <location filename="../app/engine/localbackend.cpp" line="27" />
        <source>Loading was cancelled.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="24" />
        <source>The model folder or one of its files is missing.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="25" />
        <source>The model files are damaged or do not match the model's configuration.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="26" />
        <source>This model or device is not supported.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="28" />
        <source>The image could not be read.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="29" />
        <source>The model failed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="26" />
        <source>Grounded caption</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="28" />
        <source>Where is …</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="30" />
        <source>Describe this region</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="32" />
        <source>Detailed description</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="34" />
        <source>Detect objects</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="36" />
        <source>Count</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="38" />
        <source>Free chat</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <location filename="../app/ui/languagecontroller.cpp" line="11" />
        <source>Close</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/ui/languagecontroller.cpp" line="12" />
        <source>Open</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/ui/languagecontroller.cpp" line="13" />
        <source>Save</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/ui/languagecontroller.cpp" line="14" />
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>RegionList</name>
    <message>
        <location filename="../qml/RegionList.qml" line="18" />
        <source>No regions yet. Draw with B (box), P (point), M (mark) or G (polygon).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="55" />
        <source>label</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="81" />
        <source>model ✓</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="81" />
        <source>model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="81" />
        <source>you</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="89" />
        <source>Hide</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="89" />
        <source>Show</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="96" />
        <source>Remove from the annotations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="96" />
        <source>Accept into the annotations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="102" />
        <source>Cite in the message</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="108" />
        <source>Delete</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>RemoteBackend</name>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="45" />
        <source>The server address "%1" is not an http:// or https:// address.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="50" />
        <source>Choose one of the server's models.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="109" />
        <source>The server at %1 refused the connection. Is it running, and is the address right?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="111" />
        <source>The server's address %1 could not be found.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="113" />
        <source>A secure connection to %1 could not be made.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="118" />
        <source>The connection to the server was lost during the answer. The answer so far is kept.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="119" />
        <source>The connection to the server at %1 failed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="127" />
        <location filename="../app/engine/remotebackend.cpp" line="260" />
        <location filename="../app/engine/remotebackend.cpp" line="352" />
        <source>The model %1 does not take images. Choose a vision model on this server.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="129" />
        <source>The server refused the API key (HTTP %1): %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="131" />
        <source>The server does not know this model or address (HTTP %1): %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="132" />
        <source>The server answered with an error (HTTP %1): %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="140" />
        <source>There is no region dialect called "%1".</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="148" />
        <source>Connecting to the server</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="158" />
        <source>Loading was cancelled.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../app/engine/remotebackend.cpp" line="160" />
        <location filename="../app/engine/remotebackend.cpp" line="321" />
        <source>The server at %1 did not accept the connection within %n second(s).</source>
        <translation><numerusform>The server at %1 did not accept the connection within %n second.</numerusform><numerusform>The server at %1 did not accept the connection within %n seconds.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/engine/remotebackend.cpp" line="164" />
        <location filename="../app/engine/remotebackend.cpp" line="168" />
        <source>The server at %1 did not answer within %n second(s).</source>
        <translation><numerusform>The server at %1 did not answer within %n second.</numerusform><numerusform>The server at %1 did not answer within %n seconds.</numerusform></translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="172" />
        <source>The server's model list is too large to read.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="195" />
        <source>%1 does not look like an OpenAI-compatible server.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="203" />
        <source>The server does not offer the model "%1". It offers: %2.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="222" />
        <source>The image could not be prepared for sending.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="261" />
        <location filename="../app/engine/remotebackend.cpp" line="353" />
        <source>The server reported an error: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="265" />
        <source>The server sent a stream that could not be read.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="313" />
        <source>The answer so far is kept.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="317" />
        <source>The server's answer is too large to read.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../app/engine/remotebackend.cpp" line="325" />
        <source>The server sent nothing for %n second(s).</source>
        <translation><numerusform>The server sent nothing for %n second.</numerusform><numerusform>The server sent nothing for %n seconds.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/engine/remotebackend.cpp" line="329" />
        <source>The answer did not finish within %n second(s).</source>
        <translation><numerusform>The answer did not finish within %n second.</numerusform><numerusform>The answer did not finish within %n seconds.</numerusform></translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="358" />
        <source>%1 did not answer like an OpenAI-compatible server.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="373" />
        <source>The connection to the server was lost before the answer began.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="377" />
        <source>The server ended the stream before the answer was complete.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>RemoteModelList</name>
    <message>
        <location filename="../app/engine/remotemodellist.cpp" line="94" />
        <source>Enter the server's address, e.g. http://localhost:8000</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotemodellist.cpp" line="142" />
        <source>The server refused the connection. Is it running?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotemodellist.cpp" line="143" />
        <source>The server's address could not be found.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotemodellist.cpp" line="144" />
        <source>The server did not answer in time.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotemodellist.cpp" line="145" />
        <source>The server could not be reached: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotemodellist.cpp" line="148" />
        <source>The server refused the API key (HTTP %1): %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotemodellist.cpp" line="150" />
        <source>The server answered with an error (HTTP %1): %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotemodellist.cpp" line="155" />
        <source>This does not look like an OpenAI-compatible server.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SaveFileDialog</name>
    <message>
        <location filename="../qml/SaveFileDialog.qml" line="41" />
        <source>Folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SaveFileDialog.qml" line="53" />
        <source>Browse…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SaveFileDialog.qml" line="57" />
        <source>File name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SaveFileDialog.qml" line="70" />
        <source>Save</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SaveFileDialog.qml" line="75" />
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SecretService</name>
    <message>
        <location filename="../app/engine/secretservice.cpp" line="198" />
        <source>The keyring service stopped while it was asking.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/secretservice.cpp" line="263" />
        <source>Default keyring</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SegmentController</name>
    <message>
        <location filename="../app/segment/segmentcontroller.h" line="57" />
        <source>GrabCut</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/segment/segmentcontroller.h" line="57" />
        <source>SAM model</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SegmentWorker</name>
    <message>
        <location filename="../app/segment/segmentworker.cpp" line="25" />
        <source>The segmentation model could not be loaded: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/segment/segmentworker.cpp" line="86" />
        <source>The image could not be read for segmentation: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/segment/segmentworker.cpp" line="104" />
        <source>No marks could be made: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/segment/segmentworker.cpp" line="51" />
        <source>Draw a box or click a point to make a mask.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/segment/segmentworker.cpp" line="63" />
        <source>No mask was found: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ServerOrigin</name>
    <message>
        <location filename="../app/engine/serverorigin.cpp" line="30" />
        <source>The server at %1 redirected to %2, another server; GroundChat does not send the API key or the image there. Use the address of the server itself.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/serverorigin.cpp" line="57" />
        <source>The API key goes to %1 unencrypted (http://): anyone on the network between can read it. Use https:// for servers on other computers.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <location filename="../app/session/session.cpp" line="154" />
        <source>The demo scene could not be saved to %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="165" />
        <source>“%1” is not an image GroundChat can read.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="181" />
        <source>“%1” could not be read: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="206" />
        <source>The clipboard holds no image.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="213" />
        <source>The pasted image could not be stored in %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="312" />
        <source>Draw box %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="324" />
        <source>Place point %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="335" />
        <source>Place mark %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="347" />
        <source>Draw polygon %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="377" />
        <source>Edit %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="388" />
        <source>Rename %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="399" />
        <source>Show %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="399" />
        <source>Hide %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="410" />
        <source>Delete %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="421" />
        <source>Accept %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="128" />
        <source>There is no region %1 on this image.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="215" />
        <source>mark %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="216" />
        <source>this region</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="254" />
        <source>Open an image first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="258" />
        <source>No model is ready. Choose a model first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="228" />
        <source>Type a message or choose a task.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="92" />
        <source>%1 (not trained)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="154" />
        <source>This model has no task “%1”.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="167" />
        <source>This model cannot take that: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="177" />
        <source>“%1” is about a region: draw one and cite it in the message (e.g. @R1).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="181" />
        <source>“%1” asks its own question about the cited regions: leave only the regions in the message (e.g. @R1), or use Free chat to ask in your own words.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="204" />
        <source>“%1” asks about your words and takes no regions: remove %2, or choose another task.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="229" />
        <source>“%1” needs your words: type them in the message.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="315" />
        <source>The engine did not take the request.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="453" />
        <source>Answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="88" />
        <source>Line %1, column %2: the session file is damaged (%3).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="96" />
        <source>This is not a GroundChat session file.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="100" />
        <source>This session was saved by a newer GroundChat.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="114" />
        <source>Image %1 of the session has no path or size.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="126" />
        <source>The embedded image %1 of the session is not an image.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="136" />
        <source>The embedded image %1 could not be unpacked.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="148" />
        <source>Region %1 of image %2 is malformed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="161" />
        <source>Message %1 of image %2 is malformed.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../app/session/session_io.cpp" line="199" />
        <source>%n polygon(s) had more than %1 points and were simplified (by at most %2 pixels).</source>
        <translation><numerusform>%n polygon had more than %1 points and was simplified (by at most %2 pixels).</numerusform><numerusform>%n polygons had more than %1 points and were simplified (by at most %2 pixels).</numerusform></translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="211" />
        <location filename="../app/session/session_io.cpp" line="217" />
        <source>The session could not be saved to %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../app/session/session_io.cpp" line="221" />
        <source>Saved, but %n file(s) of the session are not images and were not embedded: %1</source>
        <translation><numerusform>Saved, but %n file of the session is not an image and was not embedded: %1</numerusform><numerusform>Saved, but %n files of the session are not images and were not embedded: %1</numerusform></translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="240" />
        <location filename="../app/session/session_io.cpp" line="245" />
        <source>%1 could not be opened: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="320" />
        <source>The autosaved session could not be restored: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_masks.cpp" line="115" />
        <source>Mask %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_masks.cpp" line="156" />
        <source>Automatic marks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_trust.cpp" line="132" />
        <source>Not loaded: %1 is outside the session's folder, and GroundChat reads it only if you agree.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_trust.cpp" line="135" />
        <source>Cannot read %1: file not found</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_trust.cpp" line="137" />
        <source>Cannot read %1: it is a folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_trust.cpp" line="139" />
        <source>Cannot read %1: permission denied</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_trust.cpp" line="143" />
        <source>Cannot read %1: %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="12" />
        <source>Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="55" />
        <source>Generation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="56" />
        <source>Max new tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="58" />
        <source>Temperature (0 = greedy) ×100</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="60" />
        <source>Top-p ×100</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="62" />
        <source>Top-k (0 = off)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="64" />
        <source>Seed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="66" />
        <source>Engine</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="67" />
        <source>CPU threads (0 = all; applies to the next model load)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="71" />
        <source>Turn every answer's boxes into masks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="75" />
        <source>Servers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="77" />
        <source>Longest answer from a server, seconds (0 = no limit; applies to the next model load)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="83" />
        <source>Images</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="85" />
        <source>Largest image to open, megapixels (default %1; a larger one is refused from its header, never decoded)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="91" />
        <source>Sessions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="94" />
        <source>Embed images in saved sessions</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="31" />
        <source>Grounded multimodal chat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/main.cpp" line="35" />
        <source>Images or a .gcsession file to open.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/main.cpp" line="37" />
        <source>Model folder to load.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/main.cpp" line="39" />
        <source>light or dark.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/main.cpp" line="41" />
        <source>en or zh_CN.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/main.cpp" line="44" />
        <source>Save the window to FILE and quit.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/main.cpp" line="47" />
        <source>Milliseconds before the screenshot.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/main.cpp" line="50" />
        <source>Send this message once the model is ready.</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>