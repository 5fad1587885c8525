<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>ChatPanel</name>
    <message>
        <location filename="../qml/ChatPanel.qml" line="59" />
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="59" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="93" />
        <source>Sent: %1</source>
        <translation>已发送：%1</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="113" />
        <source>answering…</source>
        <translation>正在回答…</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="114" />
        <source>stopped · </source>
        <translation>已停止 · </translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ChatPanel.qml" line="115" />
        <source>first token %1 ms · %2 tok/s · %n token(s)</source>
        <translation><numerusform>首个词元 %1 毫秒 · %2 词元/秒 · %n 个词元</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="120" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="125" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="152" />
        <source>%1 (no such region)</source>
        <translation>%1（无此区域）</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="190" />
        <source>Ask about the image. Cite regions with @R1, @3 (marks) or Alt+drag them here.</source>
        <translation>询问这张图像。用 @R1、@3（标记）引用区域，或按住 Alt 把区域拖到这里。</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="207" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="218" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>EngineController</name>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="102" />
        <source>The model is still loading.</source>
        <translation>模型仍在加载。</translation>
    </message>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="102" />
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="107" />
        <source>The engine is busy: wait for the current answers or stop them.</source>
        <translation>引擎正忙：请等待当前回答完成或停止它们。</translation>
    </message>
</context>
<context>
    <name>EngineWorker</name>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="29" />
        <location filename="../app/engine/engineworker.cpp" line="34" />
        <source>The model could not be created.</source>
        <translation>无法创建模型。</translation>
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="43" />
        <source>The model could not be loaded.</source>
        <translation>无法加载模型。</translation>
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="63" />
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="72" />
        <source>The image could not be read.</source>
        <translation>无法读取图像。</translation>
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="95" />
        <source>The engine ran out of memory.</source>
        <translation>引擎内存不足。</translation>
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="97" />
        <source>The engine failed while answering.</source>
        <translation>引擎在回答时出错。</translation>
    </message>
</context>
<context>
    <name>GroundingParser</name>
    <message>
        <location filename="../app/grounding/groundingparser.cpp" line="68" />
        <source>Unknown dialect: %1</source>
        <translation>未知的模型方言：%1</translation>
    </message>
</context>
<context>
    <name>ImageCanvas</name>
    <message>
        <location filename="../qml/ImageCanvas.qml" line="63" />
        <source>Open an image (Ctrl+O), drop one here, or paste one (Ctrl+V).</source>
        <translation>打开图像（Ctrl+O）、拖放到这里或粘贴（Ctrl+V）。</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="16" />
        <source>GroundChat</source>
        <translation>GroundChat</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="83" />
        <source>Open image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="84" />
        <source>Paste image</source>
        <translation>粘贴图像</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="85" />
        <source>Open session…</source>
        <translation>打开会话…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="86" />
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="88" />
        <source>Save session as…</source>
        <translation>会话另存为…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="89" />
        <source>Undo %1</source>
        <translation>撤销 %1</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="90" />
        <source>Redo %1</source>
        <translation>重做 %1</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="91" />
        <source>Open model folder…</source>
        <translation>打开模型文件夹…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="92" />
        <source>Fit to window</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="93" />
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="94" />
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="105" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="113" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="116" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="121" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="126" />
        <source>Your regions</source>
        <translation>你的区域</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="127" />
        <source>Model regions</source>
        <translation>模型区域</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="128" />
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="130" />
        <source>Dark theme</source>
        <translation>深色主题</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="133" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="141" />
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="143" />
        <source>Stop the answer</source>
        <translation>停止回答</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="156" />
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="156" />
        <source>Box</source>
        <translation>框</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="156" />
        <source>Point</source>
        <translation>点</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="157" />
        <source>Mark</source>
        <translation>标记</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="157" />
        <source>Polygon</source>
        <translation>多边形</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="157" />
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="166" />
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="170" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="171" />
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="173" />
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="175" />
        <source>Overlay</source>
        <translation>叠加</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="189" />
        <source>Model: %1 (%2)</source>
        <translation>模型：%1（%2）</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="190" />
        <source>Loading model… %1 %</source>
        <translation>正在加载模型… %1 %</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="191" />
        <source>Model failed: %1</source>
        <translation>模型出错：%1</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="192" />
        <source>No model — Model ▸ Open model folder…</source>
        <translation>无模型 — 模型 ▸ 打开模型文件夹…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="202" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="205" />
        <source>Model…</source>
        <translation>模型…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="224" />
        <source>GroundChat did not close normally last time. Restore the unsaved session?</source>
        <translation>GroundChat 上次未正常关闭。要恢复未保存的会话吗？</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="227" />
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="228" />
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="293" />
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="294" />
        <source>Regions (%1)</source>
        <translation>区域（%1）</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="295" />
        <source>Dialects</source>
        <translation>方言</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="336" />
        <source>Open images</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="338" />
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="346" />
        <source>Open a session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="347" />
        <location filename="../qml/Main.qml" line="355" />
        <source>GroundChat sessions (*.gcsession)</source>
        <translation>GroundChat 会话 (*.gcsession)</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="352" />
        <source>Save the session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="360" />
        <source>Choose a model folder (config.json, *.safetensors, tokenizer)</source>
        <translation>选择模型文件夹（config.json、*.safetensors、分词器）</translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 像素</translation>
    </message>
    <message>
        <source>This image could not be read.</source>
        <translation>无法读取此图像。</translation>
    </message>
    <message>
        <source>Open an image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="338" />
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
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/engine/backendfactory.cpp" line="14" />
        <source>A scripted engine needs 'dialect|answer'.</source>
        <translation>脚本引擎需要“方言|回答”。</translation>
    </message>
    <message>
        <location filename="../app/engine/backendfactory.cpp" line="21" />
        <source>This kind of model is not supported: %1</source>
        <translation>不支持此类模型：%1</translation>
    </message>
    <message>
        <location filename="../app/engine/fakebackend.cpp" line="15" />
        <location filename="../app/engine/localbackend.cpp" line="27" />
        <source>Loading was cancelled.</source>
        <translation>加载已取消。</translation>
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="24" />
        <source>The model folder or one of its files is missing.</source>
        <translation>模型文件夹或其中某个文件不存在。</translation>
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="25" />
        <source>The model files are damaged or do not match the model's configuration.</source>
        <translation>模型文件已损坏或与模型配置不符。</translation>
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="26" />
        <source>This model or device is not supported.</source>
        <translation>不支持此模型或设备。</translation>
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="28" />
        <source>The image could not be read.</source>
        <translation>无法读取图像。</translation>
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="29" />
        <source>The model failed.</source>
        <translation>模型出错。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="25" />
        <source>Grounded caption</source>
        <translation>定位描述</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="27" />
        <source>Where is …</source>
        <translation>…在哪里</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="29" />
        <source>Describe this region</source>
        <translation>描述此区域</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="31" />
        <source>Detailed description</source>
        <translation>详细描述</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="33" />
        <source>Detect objects</source>
        <translation>检测物体</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="35" />
        <source>Free chat</source>
        <translation>自由对话</translation>
    </message>
</context>
<context>
    <name>RegionList</name>
    <message>
        <location filename="../qml/RegionList.qml" line="18" />
        <source>No regions yet. Draw with B (box), P (point), M (mark) or G (polygon).</source>
        <translation>还没有区域。用 B（框）、P（点）、M（标记）或 G（多边形）绘制。</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="53" />
        <source>label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="57" />
        <source>model ✓</source>
        <translation>模型 ✓</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="57" />
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="57" />
        <source>you</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="63" />
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="63" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="70" />
        <source>Remove from the annotations</source>
        <translation>从标注中移除</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="70" />
        <source>Accept into the annotations</source>
        <translation>接受为标注</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="76" />
        <source>Cite in the message</source>
        <translation>在消息中引用</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="82" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <location filename="../app/session/session.cpp" line="146" />
        <source>“%1” is not an image GroundChat can read.</source>
        <translation>GroundChat 无法读取图像“%1”。</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="157" />
        <source>“%1” could not be read: %2</source>
        <translation>无法读取“%1”：%2</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="180" />
        <source>The clipboard holds no image.</source>
        <translation>剪贴板中没有图像。</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="187" />
        <source>The pasted image could not be stored in %1.</source>
        <translation>无法把粘贴的图像保存到 %1。</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="234" />
        <source>Draw box %1</source>
        <translation>绘制框 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="254" />
        <source>Place point %1</source>
        <translation>放置点 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="274" />
        <source>Place mark %1</source>
        <translation>放置标记 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="297" />
        <source>Draw polygon %1</source>
        <translation>绘制多边形 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="327" />
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="338" />
        <source>Rename %1</source>
        <translation>重命名 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="349" />
        <source>Show %1</source>
        <translation>显示 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="349" />
        <source>Hide %1</source>
        <translation>隐藏 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="360" />
        <source>Delete %1</source>
        <translation>删除 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="371" />
        <source>Accept %1</source>
        <translation>接受 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="46" />
        <source>Free chat</source>
        <translation>自由对话</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="98" />
        <source>There is no region %1 on this image.</source>
        <translation>此图像上没有区域 %1。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="104" />
        <source>mark %1</source>
        <translation>标记 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="104" />
        <source>this region</source>
        <translation>此区域</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="124" />
        <source>%1 cannot be written for this model: %2</source>
        <translation>无法为此模型写出 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="153" />
        <source>Open an image first.</source>
        <translation>请先打开图像。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="157" />
        <source>No model is ready. Choose a model first.</source>
        <translation>没有就绪的模型。请先选择模型。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="168" />
        <source>Type a message or choose a task.</source>
        <translation>请输入消息或选择任务。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="196" />
        <source>The engine did not take the request.</source>
        <translation>引擎未接受请求。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="316" />
        <location filename="../app/session/session_chat.cpp" line="337" />
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="52" />
        <source>The session file is damaged (%1 at byte %2).</source>
        <translation>会话文件已损坏（第 %2 字节处：%1）。</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="57" />
        <source>This is not a GroundChat session file.</source>
        <translation>这不是 GroundChat 会话文件。</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="61" />
        <source>This session was saved by a newer GroundChat.</source>
        <translation>此会话由更新版本的 GroundChat 保存。</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="72" />
        <source>Image %1 of the session has no path or size.</source>
        <translation>会话中的第 %1 张图像缺少路径或尺寸。</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="81" />
        <source>Region %1 of image %2 is malformed.</source>
        <translation>第 %2 张图像的区域 %1 格式错误。</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="90" />
        <source>Message %1 of image %2 is malformed.</source>
        <translation>第 %2 张图像的消息 %1 格式错误。</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="125" />
        <location filename="../app/session/session_io.cpp" line="130" />
        <source>The session could not be saved to %1: %2</source>
        <translation>无法把会话保存到 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="147" />
        <source>%1 could not be opened: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="201" />
        <source>The autosaved session could not be restored: %1</source>
        <translation>无法恢复自动保存的会话：%1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="23" />
        <source>Grounded multimodal chat</source>
        <translation>定位多模态对话</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="27" />
        <source>Images or a .gcsession file to open.</source>
        <translation>要打开的图像或 .gcsession 文件。</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="29" />
        <source>Model folder to load.</source>
        <translation>要加载的模型文件夹。</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="31" />
        <source>light or dark.</source>
        <translation>light 或 dark。</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="33" />
        <source>en or zh_CN.</source>
        <translation>en 或 zh_CN。</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="36" />
        <source>Save the window to FILE and quit.</source>
        <translation>把窗口保存到 FILE 后退出。</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="39" />
        <source>Milliseconds before the screenshot.</source>
        <translation>截图前等待的毫秒数。</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="42" />
        <source>Send this message once the model is ready.</source>
        <translation>模型就绪后发送此消息。</translation>
    </message>
</context>
</TS>