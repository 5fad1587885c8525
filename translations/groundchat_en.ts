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
        <location filename="../qml/ChatPanel.qml" line="72" />
        <source>Ask about the image, or pick a task below. Draw a region and cite it with @R1 to ask about that part.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="73" />
        <source>Choose a model (Model ▸ Choose model…) to start chatting. You can draw regions already.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="104" />
        <source>You</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="104" />
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="152" />
        <source>Sent: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="179" />
        <source>Beam search: step %1 of at most %2. The answer is shown when the search ends.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="202" />
        <source>answering…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="203" />
        <source>stopped · </source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="204" />
        <source>%1 of %2 views (tiles) · </source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../qml/ChatPanel.qml" line="205" />
        <source>first token %1 ms · %2 tok/s · %n token(s)</source>
        <translation><numerusform>first token %1 ms · %2 tok/s · %n token</numerusform><numerusform>first token %1 ms · %2 tok/s · %n tokens</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="209" />
        <source>Copy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="214" />
        <source>Masks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="218" />
        <source>Turn every box of this answer into a mask</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="223" />
        <source>Regenerate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="227" />
        <source>Answer this question again</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="228" />
        <source>Answer this question again; the later turns are removed (Undo brings them back)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="240" />
        <source>Grounding the answer…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="281" />
        <source>%1 (no such region)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="315" />
        <location filename="../qml/ChatPanel.qml" line="321" />
        <source>%1 — %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="376" />
        <source>Ask about the image. Cite regions with @R1, @3 (marks) or Alt+drag them here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="394" />
        <source>Send</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="249" />
        <location filename="../qml/ChatPanel.qml" line="406" />
        <source>Stop</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DataDialog</name>
    <message>
        <location filename="../qml/DataDialog.qml" line="14" />
        <source>Import annotations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="14" />
        <source>Export annotations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="31" />
        <source>Format</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="44" />
        <source>Coordinates: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="48" />
        <source>Regions written for</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="60" />
        <source>Include model regions I have not accepted</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="76" />
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="82" />
        <source>Choose file…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="82" />
        <source>Choose destination…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="108" />
        <source>%1 (*%2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="108" />
        <source>All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="115" />
        <source>Export as %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>DemoModel</name>
    <message>
        <location filename="../app/engine/demomodel.cpp" line="11" />
        <source>Demo model (synthetic scenes of shapes only)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>EngineController</name>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="217" />
        <source>Loading was cancelled.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="224" />
        <source>The model is still loading.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="224" />
        <source>No model is loaded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="229" />
        <source>The engine is busy: wait for the current answers or stop them.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>EngineWorker</name>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="48" />
        <location filename="../app/engine/engineworker.cpp" line="53" />
        <source>The model could not be created.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="62" />
        <source>The model could not be loaded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="77" />
        <location filename="../app/engine/engineworker.cpp" line="159" />
        <source>No model is loaded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="137" />
        <location filename="../app/engine/engineworker.cpp" line="212" />
        <location filename="../app/engine/tiledask.cpp" line="87" />
        <source>The engine ran out of memory.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="139" />
        <location filename="../app/engine/engineworker.cpp" line="215" />
        <location filename="../app/engine/tiledask.cpp" line="89" />
        <source>The engine failed while answering.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>GetModelsDialog</name>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="15" />
        <source>Get models</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="25" />
        <source>Reading the list of files…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="26" />
        <source>Downloading</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="27" />
        <source>Paused</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="28" />
        <source>Done. The model is in the model picker.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="29" />
        <source>Failed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="30" />
        <source>Cancelled; the partial files were removed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="46" />
        <source>Models GroundChat runs on this computer. They go into the Hugging Face cache, shared with Python tools; a mirror is used when HF_ENDPOINT is set.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="54" />
        <source>Any model: owner/name, e.g. microsoft/Florence-2-base</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="59" />
        <location filename="../qml/GetModelsDialog.qml" line="203" />
        <source>Download</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="68" />
        <source>Access token for gated models (optional; kept like the servers' API keys; HF_TOKEN is used when set)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="99" />
        <source>%1 of %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="102" />
        <source>%1/s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="104" />
        <source>%1 left</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="143" />
        <source>Resume</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="143" />
        <source>Pause</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="149" />
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="155" />
        <source>Try again</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="161" />
        <source>Use this model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="188" />
        <source>%1 · %2 B parameters · %3 · licence %4</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="200" />
        <source>On disk</source>
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
    <name>Hub</name>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="16" />
        <source>The answer for %1 is not a model revision: is the endpoint a Hugging Face Hub?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="37" />
        <source>The Hub listed an unsafe file name: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="39" />
        <source>The Hub's answer has no size or checksum for %1: is the endpoint a Hugging Face Hub?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="54" />
        <source>%1 is a gated model: accept its licence at %2, then give a Hugging Face access token (HF_TOKEN, --token, or the token field of Model ▸ Get models…).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="58" />
        <source>Your Hugging Face token has no access to %1: accept its licence at %2 with the account the token belongs to.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="63" />
        <source>%1 has no revision “%2”.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="65" />
        <source>%1 has no file %2 at “%3”.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="67" />
        <source>There is no model %1 on %2.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="68" />
        <source>There is no model %1 on %2 (if it is private, give a Hugging Face access token).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="71" />
        <source>%1 answered HTTP %2 for %3.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubsnapshots.cpp" line="69" />
        <source>%1 is not in %2.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubsnapshots.cpp" line="73" />
        <source>Cannot remove %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubfilechoice.cpp" line="47" />
        <source>%1 has no config.json: it is not a transformers model.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>HubDownloads</name>
    <message>
        <location filename="../app/hub/hubdownloads.cpp" line="151" />
        <source>%1 h %2 min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubdownloads.cpp" line="153" />
        <source>%1 min %2 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubdownloads.cpp" line="154" />
        <source>%1 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubdownloads.cpp" line="181" />
        <source>“%1” is not a model id: write it as owner/name, e.g. microsoft/Florence-2-base.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>HubPull</name>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="187" />
        <source>Cannot reach %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="236" />
        <source>Not enough disk space for %1: it needs %2, %3 has %4 free.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="242" />
        <source>Cannot create %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="289" />
        <location filename="../app/hub/hubpull.cpp" line="356" />
        <source>Cannot write %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="348" />
        <source>%1 is larger than the %2 bytes the Hub lists for it; the download was removed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="379" />
        <source>Too many redirects for %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="413" />
        <source>Could not download %1 after %2 tries: %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="431" />
        <source>Checksum mismatch for %1: the Hub lists %2, the download has %3. The download was removed; try again.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="439" />
        <source>Cannot write %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="453" />
        <source>Cannot read %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="457" />
        <source>%1 cannot run in GroundChat: %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ImageCanvas</name>
    <message>
        <location filename="../qml/ImageCanvas.qml" line="32" />
        <source>Cannot read %1: the image data is damaged or not an image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ImageCanvas.qml" line="176" />
        <source>Open an image (Ctrl+O), drop one here, or paste one (Ctrl+V).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ImageCanvas.qml" line="294" />
        <source>Load the images outside the folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ImageCanvas.qml" line="306" />
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
    <name>LensController</name>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="56" />
        <source>Open an image and load a model first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="62" />
        <source>Choose an answer of the model.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="91" />
        <source>There is no answer to explain yet: ask the model something first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="110" />
        <source>No model is ready.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="212" />
        <location filename="../app/ui/lenscontroller.cpp" line="254" />
        <source>There is no map to export.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="217" />
        <source>The image could not be read.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="231" />
        <location filename="../app/ui/lenscontroller.cpp" line="260" />
        <source>The file could not be written: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="240" />
        <source>There is no map to segment from.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="245" />
        <source>Masks cannot be made now: no segmenter, or the image cannot be read.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>LensPanel</name>
    <message>
        <location filename="../qml/LensPanel.qml" line="36" />
        <source>Export the map as PNG</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="36" />
        <source>Export the map as .npy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="53" />
        <source>Explain the latest answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="71" />
        <source>This model's image tokens are resampler latents, not patches: each cell shows the latents weighted by how much the resampler's attention took from that patch.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="74" />
        <source>This model's image tokens are resampler latents, not patches: its folder says it was trained to keep latent i on cell i of the grid, so each cell shows its own latent.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="86" />
        <source>Logit lens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="92" />
        <source>Attention</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="98" />
        <source>Layer: mean of all %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="99" />
        <source>Layer %1 of %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="118" />
        <source>Mean</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="126" />
        <source>Word to find (logit lens)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="133" />
        <source>Last prompt position</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="137" />
        <source>Whose attention: the last prompt position, or a phrase of the answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="139" />
        <source>Opacity</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="146" />
        <source>Viridis</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="146" />
        <source>Inferno</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="147" />
        <source>Turbo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="147" />
        <source>Grey</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="149" />
        <source>Show each cell's top token</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="153" />
        <source>Map from %1 to %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="160" />
        <source>Segment from this map</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="162" />
        <source>A mask from the map as VL-SAM makes masks from attention: point sets from its peaks (positive) and lowest cells (negative), their masks merged and linked to the word or phrase</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="169" />
        <source>Export PNG…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="170" />
        <source>Export .npy…</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="19" />
        <source>GroundChat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="175" />
        <source>Open image…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="176" />
        <source>Paste image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="177" />
        <source>Open session…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="178" />
        <source>Save session</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="181" />
        <source>Save session as…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="182" />
        <source>Undo %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="183" />
        <source>Redo %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="184" />
        <source>Choose model…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="185" />
        <source>Settings…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="190" />
        <source>Fit to window</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="191" />
        <source>Zoom in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="192" />
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
        <location filename="../qml/Main.qml" line="189" />
        <source>Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="265" />
        <source>&amp;Edit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="269" />
        <source>Automatic marks (Set-of-Mark)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="296" />
        <source>&amp;View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="304" />
        <source>Your regions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="305" />
        <source>Model regions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="306" />
        <source>Labels</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="308" />
        <source>Dark theme</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="311" />
        <source>Language</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="332" />
        <source>&amp;Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="335" />
        <source>Stop the answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="195" />
        <source>Select</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="186" />
        <source>Present</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="195" />
        <source>Box</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="195" />
        <source>Point</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="196" />
        <source>Mark</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="196" />
        <source>Polygon</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="196" />
        <source>Mask</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="197" />
        <source>Pan</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="260" />
        <source>Export demo video…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="273" />
        <source>Propose regions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="278" />
        <source>With Florence-2 (region proposal task)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="279" />
        <source>With Florence-2 (load a Florence-2 model first)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="285" />
        <source>With the segmenter's automatic marks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="334" />
        <source>Get models…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="369" />
        <source>%1 (%2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="375" />
        <source>Undo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="376" />
        <source>Redo</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="386" />
        <source>%1 %</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="391" />
        <source>Overlay</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="412" />
        <source>⚠ Load failed — still using %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="413" />
        <source>⚠ Load failed — no model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="415" />
        <source>Model: %1 (%2) · %3 weights, %4</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="417" />
        <source>Model: %1 (%2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="419" />
        <source>Loading model: %1… %2 %</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="420" />
        <source>Loading model… %1 %</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="421" />
        <source>No model — Model ▸ Choose model…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="439" />
        <source>Making a mask…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="439" />
        <source>Proposing regions…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="448" />
        <location filename="../qml/Main.qml" line="777" />
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="451" />
        <source>Model…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="470" />
        <source>GroundChat did not close normally last time. Restore the unsaved session?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="473" />
        <source>Restore</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="474" />
        <location filename="../qml/Main.qml" line="775" />
        <source>Discard</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="500" />
        <source>Dismiss</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../qml/Main.qml" line="521" />
        <source>This session refers to %n image(s) outside its folder. GroundChat has not read them. Load them?</source>
        <translation><numerusform>This session refers to %n image outside its folder. GroundChat has not read it. Load it?</numerusform><numerusform>This session refers to %n images outside its folder. GroundChat has not read them. Load them?</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/Main.qml" line="531" />
        <source>… and %n more</source>
        <translation><numerusform>… and %n more</numerusform><numerusform>… and %n more</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="537" />
        <source>Load them</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="538" />
        <source>Not now</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="598" />
        <source>Not loaded</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="598" />
        <source>Too large</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="599" />
        <source>Unreadable</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="619" />
        <source>Chat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="620" />
        <source>Regions (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="621" />
        <source>Dialects</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="622" />
        <source>Lens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="731" />
        <source>Open images</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="733" />
        <source>All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="741" />
        <source>Open a session</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="742" />
        <source>GroundChat sessions (*.gcsession)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="752" />
        <source>Save the session</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="771" />
        <source>Save changes?</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="772" />
        <source>This session has changes that are not saved.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="774" />
        <source>Save</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/Main.qml" line="733" />
        <source>Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ModelBackend</name>
    <message>
        <location filename="../app/engine/modelbackend.h" line="147" />
        <source>This model cannot show what it sees: the logit lens and attention maps need a decoder model run in-process (LLaVA, Qwen2.5-VL, Kosmos-2).</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ModelChoice</name>
    <message>
        <location filename="../app/engine/modelchoice.cpp" line="67" />
        <source>Demo model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/modelchoice.cpp" line="72" />
        <source>%1 on %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ModelChooser</name>
    <message>
        <location filename="../app/engine/modelchooser.cpp" line="90" />
        <source>%1 did not load: %2 The demo model answers instead.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ModelDialog</name>
    <message>
        <location filename="../qml/ModelDialog.qml" line="16" />
        <source>Choose a model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="65" />
        <source>Loading model: %1… %2 %</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="66" />
        <source>Loading model… %1 %</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="70" />
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="87" />
        <source>The model could not be loaded: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="105" />
        <source>Still answering with: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="106" />
        <source>No model is loaded.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="112" />
        <source>Built-in</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="121" />
        <source>Demo model: a small Kosmos-2 trained on synthetic scenes of coloured shapes. It knows nothing else.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="122" />
        <source>The demo model is not installed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="126" />
        <location filename="../qml/ModelDialog.qml" line="197" />
        <location filename="../qml/ModelDialog.qml" line="264" />
        <source>Use</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="141" />
        <source>Model folder (runs on this computer)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="150" />
        <source>A Hugging Face snapshot: config.json, *.safetensors or pytorch_model.bin, tokenizer files (Kosmos-2).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="154" />
        <source>Choose…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="177" />
        <source>Models on disk</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="191" />
        <source>%1 (%2, %3)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="206" />
        <source>Server (OpenAI-compatible)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="211" />
        <source>Address</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="222" />
        <source>List models</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="230" />
        <source>API key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="237" />
        <source>(stored)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="237" />
        <source>none</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="249" />
        <source>Model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="280" />
        <source>Asking the server…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="283" />
        <source>Region dialect: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="283" />
        <source>none recognised (plain chat)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="293" />
        <source>Choose a model folder (config.json, *.safetensors or pytorch_model.bin, tokenizer)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>OcrComposerBar</name>
    <message>
        <location filename="../qml/OcrComposerBar.qml" line="22" />
        <source>Reading text…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/OcrComposerBar.qml" line="31" />
        <source>Stop</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/OcrComposerBar.qml" line="40" />
        <source>Give the model the text read on the image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/OcrComposerBar.qml" line="43" />
        <source>Each line read (OCR) goes before your message with its box, in the model's own format</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>PixelBudgetBox</name>
    <message>
        <location filename="../qml/PixelBudgetBox.qml" line="38" />
        <source>Image detail: the pixels this model sees each image at (fewer are faster)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/PixelBudgetBox.qml" line="43" />
        <source>Min pixels</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/PixelBudgetBox.qml" line="52" />
        <source>Max pixels</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/PixelBudgetBox.qml" line="66" />
        <source>The minimum must be at least %1 pixels (one image token) and not above the maximum.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../qml/PixelBudgetBox.qml" line="68" />
        <source>The current image becomes %n image token(s).</source>
        <translation><numerusform>The current image becomes %n image token.</numerusform><numerusform>The current image becomes %n image tokens.</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/PixelBudgetBox.qml" line="69" />
        <source>Open an image to see how many tokens it becomes.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/PixelBudgetBox.qml" line="77" />
        <source>The model folder's own setting: %1 to %2 pixels.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/PixelBudgetBox.qml" line="82" />
        <source>Apply</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/PixelBudgetBox.qml" line="91" />
        <source>Use the folder's setting</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>PlaygroundPane</name>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="28" />
        <source>Model dialect</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="46" />
        <source>Coordinates: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="51" />
        <source>Raw model output</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="62" />
        <source>Paste what the model answered, tags and coordinates included</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../qml/PlaygroundPane.qml" line="67" />
        <source>Grounded answer — %n region(s)</source>
        <translation><numerusform>Grounded answer — %n region</numerusform><numerusform>Grounded answer — %n regions</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="104" />
        <source>(no phrase)</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../qml/PlaygroundPane.qml" line="105" />
        <source>%n region(s)</source>
        <translation><numerusform>%n region</numerusform><numerusform>%n regions</numerusform></translation>
    </message>
</context>
<context>
    <name>PresentView</name>
    <message>
        <location filename="../qml/PresentView.qml" line="72" />
        <source>Previous event (←)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/PresentView.qml" line="78" />
        <source>Play or pause (Space)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/PresentView.qml" line="80" />
        <source>Next event (→)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/PresentView.qml" line="105" />
        <source>Turns</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/PresentView.qml" line="109" />
        <source>Exit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/PresentView.qml" line="109" />
        <source>Leave present mode (Esc)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/engine/fakebackend.cpp" line="15" />
        <location filename="../app/engine/localbackend.cpp" line="30" />
        <source>Loading was cancelled.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="27" />
        <source>The model folder or one of its files is missing.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="28" />
        <source>The model files are damaged or do not match the model's configuration.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="29" />
        <source>This model or device is not supported.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="31" />
        <source>The image could not be read.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="32" />
        <source>The model failed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="28" />
        <source>Grounded caption</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="30" />
        <source>Where is …</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="32" />
        <source>Describe this region</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="34" />
        <source>Detailed description</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="36" />
        <source>Detect objects</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="38" />
        <source>Count</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="40" />
        <source>Caption</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="42" />
        <source>More detailed description</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="44" />
        <source>Describe every object</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="46" />
        <source>Region proposals</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="48" />
        <source>Segment …</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="50" />
        <source>Segment this region</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="52" />
        <source>Name this region's category</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="54" />
        <source>Read the text in this region</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="56" />
        <source>Read the text (OCR)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="58" />
        <source>Read the text and its positions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="60" />
        <source>Point to …</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="62" />
        <source>Parse document</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="64" />
        <source>Free chat</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="11" />
        <source>Quantising the weights to %1 (first load only)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="13" />
        <source>Reading the packed %1 weights</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="15" />
        <source>Saving the packed weights for the next load</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="17" />
        <source>Reading the configuration</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="19" />
        <source>Reading the tokenizer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="21" />
        <source>Opening the weights</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="23" />
        <source>Building the vision tower</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="25" />
        <source>Building the language model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="27" />
        <source>Building the model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="29" />
        <source>Ready</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="30" />
        <source>Loading</source>
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
        <location filename="../qml/RegionList.qml" line="20" />
        <source>No regions yet. Draw with B (box), P (point), M (mark) or G (polygon).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="58" />
        <source>label</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="86" />
        <source>OCR ✓</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="86" />
        <source>OCR</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="87" />
        <source>expert ✓</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="87" />
        <source>expert</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="88" />
        <source>proposal</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="89" />
        <source>model ✓</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="89" />
        <source>model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="89" />
        <source>you</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="97" />
        <source>Hide</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="97" />
        <source>Show</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="104" />
        <source>Remove from the annotations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="104" />
        <source>Accept into the annotations</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="113" />
        <source>Look closer: ask the model again about a crop around this region</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="119" />
        <source>Cite in the message</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="125" />
        <source>Delete</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>RemoteBackend</name>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="47" />
        <source>The server address "%1" is not an http:// or https:// address.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="52" />
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
        <location filename="../app/engine/remotebackend.cpp" line="279" />
        <location filename="../app/engine/remotebackend.cpp" line="371" />
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
        <location filename="../app/engine/remotebackend.cpp" line="340" />
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
        <location filename="../app/engine/remotebackend.cpp" line="241" />
        <source>The image could not be prepared for sending.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="280" />
        <location filename="../app/engine/remotebackend.cpp" line="372" />
        <source>The server reported an error: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="284" />
        <source>The server sent a stream that could not be read.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="332" />
        <source>The answer so far is kept.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="336" />
        <source>The server's answer is too large to read.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../app/engine/remotebackend.cpp" line="344" />
        <source>The server sent nothing for %n second(s).</source>
        <translation><numerusform>The server sent nothing for %n second.</numerusform><numerusform>The server sent nothing for %n seconds.</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/engine/remotebackend.cpp" line="348" />
        <source>The answer did not finish within %n second(s).</source>
        <translation><numerusform>The answer did not finish within %n second.</numerusform><numerusform>The answer did not finish within %n seconds.</numerusform></translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="377" />
        <source>%1 did not answer like an OpenAI-compatible server.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="392" />
        <source>The connection to the server was lost before the answer began.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="396" />
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
    <name>RgbImage</name>
    <message>
        <location filename="../app/engine/rgbimage.cpp" line="32" />
        <source>The image could not be read: %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SaveFileDialog</name>
    <message>
        <location filename="../qml/SaveFileDialog.qml" line="43" />
        <source>Folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SaveFileDialog.qml" line="55" />
        <source>Browse…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SaveFileDialog.qml" line="59" />
        <source>File name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SaveFileDialog.qml" line="72" />
        <source>Save</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SaveFileDialog.qml" line="77" />
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
        <location filename="../app/segment/segmentcontroller.h" line="63" />
        <source>GrabCut</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/segment/segmentcontroller.h" line="63" />
        <source>SAM model</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SegmentWorker</name>
    <message>
        <location filename="../app/segment/segmentworker.cpp" line="26" />
        <source>The segmentation model could not be loaded: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/segment/segmentworker.cpp" line="122" />
        <source>The image could not be read for segmentation: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/segment/segmentworker.cpp" line="140" />
        <source>No marks could be made: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/segment/segmentworker.cpp" line="48" />
        <source>Draw a box or click a point to make a mask.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/segment/segmentworker.cpp" line="59" />
        <location filename="../app/segment/segmentworker.cpp" line="80" />
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
        <location filename="../app/session/session.cpp" line="117" />
        <source>The demo scene could not be saved to %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="128" />
        <source>“%1” is not an image GroundChat can read.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="144" />
        <source>“%1” could not be read: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="169" />
        <source>The clipboard holds no image.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="176" />
        <source>The pasted image could not be stored in %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="343" />
        <source>Draw box %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="355" />
        <source>Place point %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="366" />
        <source>Place mark %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="378" />
        <source>Draw polygon %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="408" />
        <source>Edit %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="419" />
        <source>Rename %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="430" />
        <source>Show %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="430" />
        <source>Hide %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="441" />
        <source>Delete %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="452" />
        <source>Accept %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="313" />
        <source>There is no region %1 on this image.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="367" />
        <source>“%1” is about a region: draw a box on the image, or cite one in the message (e.g. @R1).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="406" />
        <source>mark %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="407" />
        <source>this region</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="460" />
        <source>Open an image first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="464" />
        <source>No model is ready. Choose a model first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="419" />
        <source>Type a message or choose a task.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="115" />
        <source>%1×%2 tiles + whole view</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="116" />
        <source>%1 tiles + whole view</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="118" />
        <source>Tiled: %1 (%2 of %3 views answered)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="120" />
        <source>Tiled: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="122" />
        <source>tile %1: %2, %3 – %4, %5</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="176" />
        <source>%1 (%2)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="253" />
        <source>your message</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="257" />
        <source>nothing to type</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="258" />
        <source>“%1” needs nothing typed: press Send.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="262" />
        <source>a phrase</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="263" />
        <source>“%1” needs a phrase: type it here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="267" />
        <source>a drawn box</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="268" />
        <source>“%1” takes the last box you drew on the image, or the one you cite (e.g. @R1).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="272" />
        <source>%1 (not trained)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="339" />
        <source>This model has no task “%1”.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="352" />
        <source>This model cannot take that: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="372" />
        <source>“%1” asks its own question about the cited regions: leave only the regions in the message (e.g. @R1), or use Free chat to ask in your own words.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="395" />
        <source>“%1” asks about your words and takes no regions: remove %2, or choose another task.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="420" />
        <source>“%1” needs your words: type them in the message.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="560" />
        <source>The engine did not take the request.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="713" />
        <source>Answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="43" />
        <source>Line %1, column %2: the session file is damaged (%3).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="48" />
        <source>This is not a GroundChat session file.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="50" />
        <source>This session was saved by a newer GroundChat.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="52" />
        <source>Image %1 of the session has no path or size.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="156" />
        <source>The embedded image %1 of the session is not an image.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="164" />
        <source>The embedded image %1 could not be unpacked.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="54" />
        <source>Region %1 of image %2 is malformed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="56" />
        <source>Message %1 of image %2 is malformed.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="58" />
        <source>Event %1 of the session's timeline is malformed.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../app/session/session_io.cpp" line="197" />
        <source>%n polygon(s) had more than %1 points and were simplified (by at most %2 pixels).</source>
        <translation><numerusform>%n polygon had more than %1 points and was simplified (by at most %2 pixels).</numerusform><numerusform>%n polygons had more than %1 points and were simplified (by at most %2 pixels).</numerusform></translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="209" />
        <location filename="../app/session/session_io.cpp" line="215" />
        <source>The session could not be saved to %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../app/session/session_io.cpp" line="219" />
        <source>Saved, but %n file(s) of the session are not images and were not embedded: %1</source>
        <translation><numerusform>Saved, but %n file of the session is not an image and was not embedded: %1</numerusform><numerusform>Saved, but %n files of the session are not images and were not embedded: %1</numerusform></translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="237" />
        <location filename="../app/session/session_io.cpp" line="242" />
        <source>%1 could not be opened: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="317" />
        <source>The autosaved session could not be restored: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_masks.cpp" line="203" />
        <source>Mask %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_masks.cpp" line="235" />
        <source>Automatic marks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_trust.cpp" line="142" />
        <source>Not loaded: %1 is outside the session's folder, and GroundChat reads it only if you agree.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_trust.cpp" line="145" />
        <source>Cannot read %1: file not found</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_trust.cpp" line="147" />
        <source>Cannot read %1: it is a folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_trust.cpp" line="149" />
        <source>Cannot read %1: permission denied</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_trust.cpp" line="153" />
        <source>Cannot read %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_zoom.cpp" line="27" />
        <source>Look closer needs a region with a box.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_zoom.cpp" line="32" />
        <source>Name the region first: Look closer asks the model where that is.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_zoom.cpp" line="38" />
        <source>This model cannot be asked where something is, so it cannot look closer.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/session/session_zoom.cpp" line="59" />
        <source>Look closer on %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SessionExpert</name>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="139" />
        <source>Open an image first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="141" />
        <source>The expert is grounding an answer already.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="143" />
        <source>Wait for the answer to end before grounding it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="146" />
        <source>There is no answer to ground on this image.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="150" />
        <source>Every phrase of the answer has its boxes already.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="265" />
        <source>The grounding expert failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="298" />
        <source>%1: no box</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../app/tools/sessionexpert.cpp" line="299" />
        <source>%1: %n box(es), agreement %2</source>
        <translation><numerusform>%1: %n box, agreement %2</numerusform><numerusform>%1: %n boxes, agreement %2</numerusform></translation>
    </message>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="149" />
        <location filename="../app/tools/sessionexpert.cpp" line="314" />
        <source>The answer names nothing to box.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="319" />
        <source>Ground the answer</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SessionOcr</name>
    <message>
        <location filename="../app/tools/sessionocr.cpp" line="68" />
        <source>Open an image first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionocr.cpp" line="72" />
        <source>Wait for the answer to end before reading text.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionocr.cpp" line="82" />
        <source>There is no region %1 on this image.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionocr.cpp" line="87" />
        <source>Read text needs a region with an area; %1 has none.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionocr.cpp" line="133" />
        <source>Read text failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionocr.cpp" line="150" />
        <location filename="../app/tools/sessionocr.cpp" line="151" />
        <source>Read text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionocr.cpp" line="150" />
        <source>Read text in @%1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SessionProposals</name>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="79" />
        <source>Florence-2 region proposals</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="81" />
        <source>the segmenter's automatic marks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="90" />
        <source>Regions are being proposed already.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="94" />
        <source>Open an image first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="98" />
        <source>At least one region must be asked for.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="104" />
        <source>Florence-2 proposals need a Florence-2 model: load one first.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="105" />
        <source>No segmenter is there to propose regions.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="106" />
        <source>Unknown proposal source: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="138" />
        <source>The engine did not take the request.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="234" />
        <source>Propose regions failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="245" />
        <source>Propose regions with %1: none found</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="246" />
        <source>Propose regions with %1: marks %2–%3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="248" />
        <source>Propose regions</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="14" />
        <source>Settings</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="57" />
        <source>Generation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="58" />
        <source>Max new tokens (0 = the model's own)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="60" />
        <source>Temperature (0 = greedy) ×100</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="62" />
        <source>Top-p ×100</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="64" />
        <source>Top-k (0 = off)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="66" />
        <source>Seed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="68" />
        <source>Engine</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="69" />
        <source>CPU threads (0 = all; applies to the next model load)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="90" />
        <source>Turn every answer's boxes into masks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="94" />
        <source>Servers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="96" />
        <source>Longest answer from a server, seconds (0 = no limit; applies to the next model load)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="102" />
        <source>Images</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="104" />
        <source>Largest image to open, megapixels (default %1; a larger one is refused from its header, never decoded)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="110" />
        <source>Sessions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="113" />
        <source>Embed images in saved sessions</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>StartupPlan</name>
    <message>
        <location filename="../app/engine/startuppolicy.cpp" line="16" />
        <source>The model folder %1 is not there any more: the demo model answers instead.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TileProgress</name>
    <message>
        <location filename="../qml/TileProgress.qml" line="23" />
        <source>Looking at the image in tiles: %1 of %2 views answered (the tiles and the whole image). The answer is shown when all are.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TiledAsk</name>
    <message>
        <location filename="../app/engine/tiledask.cpp" line="67" />
        <source>This model's answers cannot be read in tiles.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/tiledask.cpp" line="144" />
        <source>This model's answers cannot be merged from tiles: ask about the whole image.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TilingBox</name>
    <message>
        <location filename="../qml/TilingBox.qml" line="15" />
        <source>Auto</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/TilingBox.qml" line="16" />
        <source>Whole image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/TilingBox.qml" line="17" />
        <source>Tiled</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/TilingBox.qml" line="23" />
        <source>Auto looks at a large image in overlapping tiles as well as whole when the task lists its objects; a question citing a region is always asked about the whole image.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>TimelineMenu</name>
    <message>
        <location filename="../qml/TimelineMenu.qml" line="9" />
        <source>Timeline</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/TimelineMenu.qml" line="11" />
        <source>Compress pauses to 2 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/TimelineMenu.qml" line="16" />
        <source>Show in the presentation:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/TimelineMenu.qml" line="23" />
        <source>(empty question)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ToolRunsView</name>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="18" />
        <source>Read text (OCR)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="19" />
        <source>Text read, given to the model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="20" />
        <source>Grounding expert</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="21" />
        <source>Region proposals</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="22" />
        <source>Tiled views</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="23" />
        <source>Look closer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="36" />
        <source>on %1, %2 – %3, %4</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="38" />
        <source>on the whole image</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="63" />
        <source>Grounding expert (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="67" />
        <source>%1 ms</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../qml/ToolRunsView.qml" line="69" />
        <source>%n region(s)</source>
        <translation><numerusform>%n region</numerusform><numerusform>%n regions</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="76" />
        <source>Hide</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="76" />
        <source>Show</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ToolsMenu</name>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="16" />
        <source>&amp;Tools</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="22" />
        <source>Read text (OCR)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="28" />
        <source>Read text in %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="29" />
        <source>Read text in the selected region</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="34" />
        <source>Stop reading</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="45" />
        <source>There is no grounding expert.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="49" />
        <source>Ground the answer</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="49" />
        <source>Ground the answer — %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="54" />
        <source>Stop grounding</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="60" />
        <source>Ground answers without boxes automatically</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="67" />
        <source>Grounding model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="69" />
        <source>Florence-2 when installed, else the demo model</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="76" />
        <source>Florence-2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="83" />
        <source>Demo model (scenes of shapes only)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>VideoExport</name>
    <message>
        <location filename="../app/present/videoexport.cpp" line="39" />
        <source>Nothing to export.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/present/videoexport.cpp" line="46" />
        <source>The video cannot be written: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/present/videoexport.cpp" line="53" />
        <source>Nothing to present: wait for the answer to end.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/present/videoexport.cpp" line="76" />
        <source>Cancelled.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/present/videoexport.cpp" line="120" />
        <source>Present mode ended during the export.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/present/videoexport.cpp" line="153" />
        <source>The video could not be written.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>VideoExportDialog</name>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="26" />
        <source>The video is written.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="37" />
        <location filename="../qml/VideoExportDialog.qml" line="103" />
        <source>Export demo video</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="40" />
        <source>Format</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="42" />
        <source>Size</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="44" />
        <source>Frames per second</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="46" />
        <source>Speed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="48" />
        <source>Title card</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="49" />
        <source>None</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="51" />
        <source>Show the model's name</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="54" />
        <source>Export…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="55" />
        <location filename="../qml/VideoExportDialog.qml" line="93" />
        <source>Cancel</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="64" />
        <source>Save the video</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="91" />
        <source>Exporting the video… %1%</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>WeightFormatBox</name>
    <message>
        <location filename="../qml/WeightFormatBox.qml" line="23" />
        <source>Weights</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/WeightFormatBox.qml" line="32" />
        <source>Reading the checkpoint…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../qml/WeightFormatBox.qml" line="39" />
        <source>This model's architecture runs in full precision only.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>WeightFormatList</name>
    <message>
        <location filename="../app/engine/weightformatlist.cpp" line="37" />
        <source>%1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/weightformatlist.cpp" line="94" />
        <source>The model's weight formats could not be read: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/weightformatlist.cpp" line="139" />
        <source>Full precision (f32)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/weightformatlist.cpp" line="141" />
        <source>16-bit (bf16)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/weightformatlist.cpp" line="143" />
        <source>16-bit (f16)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/weightformatlist.cpp" line="145" />
        <source>8-bit (q8)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../app/engine/weightformatlist.cpp" line="147" />
        <source>4-bit (q4)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>ZoomCropView</name>
    <message>
        <location filename="../qml/ZoomCropView.qml" line="13" />
        <source>Look closer: asked about this part of the image (%1 × %2 pixels at %3, %4)</source>
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