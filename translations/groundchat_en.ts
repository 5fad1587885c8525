<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>ChatPanel</name>
    <message>
        <location filename="../qml/ChatPanel.qml" line="59" />
        <source>You</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="59" />
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="93" />
        <source>Sent: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="113" />
        <source>answering…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="114" />
        <source>stopped · </source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../qml/ChatPanel.qml" line="115" />
        <source>first token %1 ms · %2 tok/s · %n token(s)</source>
        <translation><numerusform>first token %1 ms · %2 tok/s · %n token</numerusform><numerusform>first token %1 ms · %2 tok/s · %n tokens</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="120" />
        <source>Copy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="125" />
        <source>Regenerate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="152" />
        <source>%1 (no such region)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="190" />
        <source>Ask about the image. Cite regions with @R1, @3 (marks) or Alt+drag them here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="207" />
        <source>Send</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="218" />
        <source>Stop</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>EngineController</name>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="102" />
        <source>The model is still loading.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="102" />
        <source>No model is loaded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="107" />
        <source>The engine is busy: wait for the current answers or stop them.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>EngineWorker</name>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="29" />
        <location filename="../app/engine/engineworker.cpp" line="34" />
        <source>The model could not be created.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="43" />
        <source>The model could not be loaded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="63" />
        <source>No model is loaded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="72" />
        <source>The image could not be read.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="95" />
        <source>The engine ran out of memory.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="97" />
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
        <location filename="../qml/ImageCanvas.qml" line="63" />
        <source>Open an image (Ctrl+O), drop one here, or paste one (Ctrl+V).</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="16" />
        <source>GroundChat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="83" />
        <source>Open image…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="84" />
        <source>Paste image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="85" />
        <source>Open session…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="86" />
        <source>Save session</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="88" />
        <source>Save session as…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="89" />
        <source>Undo %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="90" />
        <source>Redo %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="91" />
        <source>Open model folder…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="92" />
        <source>Fit to window</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="93" />
        <source>Zoom in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="94" />
        <source>Zoom out</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="105" />
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="113" />
        <source>Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="116" />
        <source>&amp;Edit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="121" />
        <source>&amp;View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="126" />
        <source>Your regions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="127" />
        <source>Model regions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="128" />
        <source>Labels</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="130" />
        <source>Dark theme</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="133" />
        <source>Language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="141" />
        <source>&amp;Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="143" />
        <source>Stop the answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="156" />
        <source>Select</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="156" />
        <source>Box</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="156" />
        <source>Point</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="157" />
        <source>Mark</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="157" />
        <source>Polygon</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="157" />
        <source>Pan</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="166" />
        <source>%1 (%2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="170" />
        <source>Undo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="171" />
        <source>Redo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="173" />
        <source>%1 %</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="175" />
        <source>Overlay</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="189" />
        <source>Model: %1 (%2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="190" />
        <source>Loading model… %1 %</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="191" />
        <source>Model failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="192" />
        <source>No model — Model ▸ Open model folder…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="202" />
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="205" />
        <source>Model…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="224" />
        <source>GroundChat did not close normally last time. Restore the unsaved session?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="227" />
        <source>Restore</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="228" />
        <source>Discard</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="293" />
        <source>Chat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="294" />
        <source>Regions (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="295" />
        <source>Dialects</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="336" />
        <source>Open images</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="338" />
        <source>All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="346" />
        <source>Open a session</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="347" />
        <location filename="../qml/Main.qml" line="355" />
        <source>GroundChat sessions (*.gcsession)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="352" />
        <source>Save the session</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="360" />
        <source>Choose a model folder (config.json, *.safetensors, tokenizer)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="338" />
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
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/engine/backendfactory.cpp" line="14" />
        <source>A scripted engine needs 'dialect|answer'.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/backendfactory.cpp" line="21" />
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
        <location filename="../app/session/session_chat.cpp" line="25" />
        <source>Grounded caption</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="27" />
        <source>Where is …</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="29" />
        <source>Describe this region</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="31" />
        <source>Detailed description</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="33" />
        <source>Detect objects</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="35" />
        <source>Free chat</source>
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
        <location filename="../qml/RegionList.qml" line="53" />
        <source>label</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="57" />
        <source>model ✓</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="57" />
        <source>model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="57" />
        <source>you</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="63" />
        <source>Hide</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="63" />
        <source>Show</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="70" />
        <source>Remove from the annotations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="70" />
        <source>Accept into the annotations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="76" />
        <source>Cite in the message</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="82" />
        <source>Delete</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <location filename="../app/session/session.cpp" line="146" />
        <source>“%1” is not an image GroundChat can read.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="157" />
        <source>“%1” could not be read: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="180" />
        <source>The clipboard holds no image.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="187" />
        <source>The pasted image could not be stored in %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="234" />
        <source>Draw box %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="254" />
        <source>Place point %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="274" />
        <source>Place mark %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="297" />
        <source>Draw polygon %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="327" />
        <source>Edit %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="338" />
        <source>Rename %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="349" />
        <source>Show %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="349" />
        <source>Hide %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="360" />
        <source>Delete %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="371" />
        <source>Accept %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="46" />
        <source>Free chat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="98" />
        <source>There is no region %1 on this image.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="104" />
        <source>mark %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="104" />
        <source>this region</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="124" />
        <source>%1 cannot be written for this model: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="153" />
        <source>Open an image first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="157" />
        <source>No model is ready. Choose a model first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="168" />
        <source>Type a message or choose a task.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="196" />
        <source>The engine did not take the request.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="316" />
        <location filename="../app/session/session_chat.cpp" line="337" />
        <source>Answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="52" />
        <source>The session file is damaged (%1 at byte %2).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="57" />
        <source>This is not a GroundChat session file.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="61" />
        <source>This session was saved by a newer GroundChat.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="72" />
        <source>Image %1 of the session has no path or size.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="81" />
        <source>Region %1 of image %2 is malformed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="90" />
        <source>Message %1 of image %2 is malformed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="125" />
        <location filename="../app/session/session_io.cpp" line="130" />
        <source>The session could not be saved to %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="147" />
        <source>%1 could not be opened: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="201" />
        <source>The autosaved session could not be restored: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="23" />
        <source>Grounded multimodal chat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/main.cpp" line="27" />
        <source>Images or a .gcsession file to open.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/main.cpp" line="29" />
        <source>Model folder to load.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/main.cpp" line="31" />
        <source>light or dark.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/main.cpp" line="33" />
        <source>en or zh_CN.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/main.cpp" line="36" />
        <source>Save the window to FILE and quit.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/main.cpp" line="39" />
        <source>Milliseconds before the screenshot.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/main.cpp" line="42" />
        <source>Send this message once the model is ready.</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>