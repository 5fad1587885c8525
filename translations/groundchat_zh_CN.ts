<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnnotationIO</name>
    <message>
        <location filename="../app/annotate/annotationio.cpp" line="22" />
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
    <message>
        <location filename="../app/annotate/annotationio.cpp" line="92" />
        <source>The session could not be prepared for export: %1</source>
        <translation>无法准备导出会话：%1</translation>
    </message>
    <message>
        <location filename="../app/annotate/annotationio.cpp" line="105" />
        <source>Export cancelled; nothing was written.</source>
        <translation>导出已取消，未写入任何内容。</translation>
    </message>
    <message>
        <location filename="../app/annotate/annotationio.cpp" line="107" />
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/annotate/annotationio.cpp" line="109" />
        <source>Exported %n region(s) of %1 image(s).</source>
        <translation><numerusform>已导出 %1 张图像中的 %n 个区域。</numerusform></translation>
    </message>
    <message>
        <location filename="../app/annotate/annotationio.cpp" line="136" />
        <source>Import cancelled; the session is unchanged.</source>
        <translation>导入已取消，会话未改变。</translation>
    </message>
    <message>
        <location filename="../app/annotate/annotationio.cpp" line="141" />
        <location filename="../app/annotate/annotationio.cpp" line="149" />
        <source>Import failed: %1</source>
        <translation>导入失败：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/annotate/annotationio.cpp" line="152" />
        <source>Imported %n image(s).</source>
        <translation><numerusform>已导入 %n 张图像。</numerusform></translation>
    </message>
</context>
<context>
    <name>ApiKeyStore</name>
    <message>
        <location filename="../app/engine/apikeystore.cpp" line="50" />
        <source>The keyring stayed locked, so the stored API key could not be read.</source>
        <translation>密钥环仍处于锁定状态，无法读取已保存的 API 密钥。</translation>
    </message>
    <message>
        <location filename="../app/engine/apikeystore.cpp" line="51" />
        <source>The keyring stayed locked, so the API key was not saved.</source>
        <translation>密钥环仍处于锁定状态，API 密钥未保存。</translation>
    </message>
    <message>
        <location filename="../app/engine/apikeystore.cpp" line="52" />
        <source>The keyring could not be used: %1</source>
        <translation>无法使用密钥环：%1</translation>
    </message>
    <message>
        <location filename="../app/engine/apikeystore.cpp" line="86" />
        <source>No keyring available: the API key is stored in plain text in %1</source>
        <translation>没有可用的密钥环：API 密钥以明文保存在 %1</translation>
    </message>
    <message>
        <location filename="../app/engine/apikeystore.cpp" line="99" />
        <location filename="../app/engine/apikeystore.cpp" line="168" />
        <source>GroundChat API key for %1</source>
        <translation>GroundChat 的 %1 API 密钥</translation>
    </message>
</context>
<context>
    <name>ChatPanel</name>
    <message>
        <location filename="../qml/ChatPanel.qml" line="72" />
        <source>Ask about the image, or pick a task below. Draw a region and cite it with @R1 to ask about that part.</source>
        <translation>询问这张图像，或在下方选择任务。绘制区域并用 @R1 引用，即可询问该部分。</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="73" />
        <source>Choose a model (Model ▸ Choose model…) to start chatting. You can draw regions already.</source>
        <translation>选择模型（模型 ▸ 选择模型…）后即可开始对话。现在已经可以绘制区域。</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="104" />
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="104" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="152" />
        <source>Sent: %1</source>
        <translation>已发送：%1</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="179" />
        <source>Beam search: step %1 of at most %2. The answer is shown when the search ends.</source>
        <translation>束搜索：第 %1 步，最多 %2 步。搜索结束后显示回答。</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="202" />
        <source>answering…</source>
        <translation>正在回答…</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="203" />
        <source>stopped · </source>
        <translation>已停止 · </translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="204" />
        <source>%1 of %2 views (tiles) · </source>
        <translation>%2 个视图中的 %1 个（分块）· </translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ChatPanel.qml" line="205" />
        <source>first token %1 ms · %2 tok/s · %n token(s)</source>
        <translation><numerusform>首个词元 %1 毫秒 · %2 词元/秒 · %n 个词元</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="209" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="214" />
        <source>Masks</source>
        <translation>掩码</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="218" />
        <source>Turn every box of this answer into a mask</source>
        <translation>把此回答中的每个框转换为掩码</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="223" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="227" />
        <source>Answer this question again</source>
        <translation>重新回答这个问题</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="228" />
        <source>Answer this question again; the later turns are removed (Undo brings them back)</source>
        <translation>重新回答这个问题；之后的对话将被移除（撤销可恢复）</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="240" />
        <source>Grounding the answer…</source>
        <translation>正在为回答定位…</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="281" />
        <source>%1 (no such region)</source>
        <translation>%1（无此区域）</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="315" />
        <location filename="../qml/ChatPanel.qml" line="321" />
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="376" />
        <source>Ask about the image. Cite regions with @R1, @3 (marks) or Alt+drag them here.</source>
        <translation>询问这张图像。用 @R1、@3（标记）引用区域，或按住 Alt 把区域拖到这里。</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="394" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../qml/ChatPanel.qml" line="249" />
        <location filename="../qml/ChatPanel.qml" line="406" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
</context>
<context>
    <name>DataDialog</name>
    <message>
        <location filename="../qml/DataDialog.qml" line="14" />
        <source>Import annotations</source>
        <translation>导入标注</translation>
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="14" />
        <source>Export annotations</source>
        <translation>导出标注</translation>
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="31" />
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="44" />
        <source>Coordinates: %1</source>
        <translation>坐标：%1</translation>
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="48" />
        <source>Regions written for</source>
        <translation>区域写法适用于</translation>
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="60" />
        <source>Include model regions I have not accepted</source>
        <translation>包括我尚未接受的模型区域</translation>
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="76" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="82" />
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="82" />
        <source>Choose destination…</source>
        <translation>选择保存位置…</translation>
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="108" />
        <source>%1 (*%2)</source>
        <translation>%1 (*%2)</translation>
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="108" />
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../qml/DataDialog.qml" line="115" />
        <source>Export as %1</source>
        <translation>导出为 %1</translation>
    </message>
</context>
<context>
    <name>DemoModel</name>
    <message>
        <location filename="../app/engine/demomodel.cpp" line="11" />
        <source>Demo model (synthetic scenes of shapes only)</source>
        <translation>演示模型（仅限合成的形状场景）</translation>
    </message>
</context>
<context>
    <name>EngineController</name>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="217" />
        <source>Loading was cancelled.</source>
        <translation>加载已取消。</translation>
    </message>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="224" />
        <source>The model is still loading.</source>
        <translation>模型仍在加载。</translation>
    </message>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="224" />
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <location filename="../app/engine/enginecontroller.cpp" line="229" />
        <source>The engine is busy: wait for the current answers or stop them.</source>
        <translation>引擎正忙：请等待当前回答完成或停止它们。</translation>
    </message>
</context>
<context>
    <name>EngineWorker</name>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="48" />
        <location filename="../app/engine/engineworker.cpp" line="53" />
        <source>The model could not be created.</source>
        <translation>无法创建模型。</translation>
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="62" />
        <source>The model could not be loaded.</source>
        <translation>无法加载模型。</translation>
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="77" />
        <location filename="../app/engine/engineworker.cpp" line="159" />
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="137" />
        <location filename="../app/engine/engineworker.cpp" line="212" />
        <location filename="../app/engine/tiledask.cpp" line="87" />
        <source>The engine ran out of memory.</source>
        <translation>引擎内存不足。</translation>
    </message>
    <message>
        <location filename="../app/engine/engineworker.cpp" line="139" />
        <location filename="../app/engine/engineworker.cpp" line="215" />
        <location filename="../app/engine/tiledask.cpp" line="89" />
        <source>The engine failed while answering.</source>
        <translation>引擎在回答时出错。</translation>
    </message>
</context>
<context>
    <name>GetModelsDialog</name>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="15" />
        <source>Get models</source>
        <translation>获取模型</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="25" />
        <source>Reading the list of files…</source>
        <translation>正在读取文件列表…</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="26" />
        <source>Downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="27" />
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="28" />
        <source>Done. The model is in the model picker.</source>
        <translation>完成。模型已在模型选择器中。</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="29" />
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="30" />
        <source>Cancelled; the partial files were removed.</source>
        <translation>已取消；未完成的文件已删除。</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="46" />
        <source>Models GroundChat runs on this computer. They go into the Hugging Face cache, shared with Python tools; a mirror is used when HF_ENDPOINT is set.</source>
        <translation>GroundChat 可在本机运行的模型。它们保存在 Hugging Face 缓存中，与 Python 工具共用；设置 HF_ENDPOINT 时使用镜像。</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="54" />
        <source>Any model: owner/name, e.g. microsoft/Florence-2-base</source>
        <translation>任意模型：所有者/名称，例如 microsoft/Florence-2-base</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="59" />
        <location filename="../qml/GetModelsDialog.qml" line="203" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="68" />
        <source>Access token for gated models (optional; kept like the servers' API keys; HF_TOKEN is used when set)</source>
        <translation>受限模型的访问令牌（可选；与服务器 API 密钥一样保存；设置了 HF_TOKEN 时使用它）</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="99" />
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="102" />
        <source>%1/s</source>
        <translation>%1/秒</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="104" />
        <source>%1 left</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="143" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="143" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="149" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="155" />
        <source>Try again</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="161" />
        <source>Use this model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="188" />
        <source>%1 · %2 B parameters · %3 · licence %4</source>
        <translation>%1 · %2 B 参数 · %3 · 许可证 %4</translation>
    </message>
    <message>
        <location filename="../qml/GetModelsDialog.qml" line="200" />
        <source>On disk</source>
        <translation>已在磁盘上</translation>
    </message>
</context>
<context>
    <name>GroundingParser</name>
    <message>
        <location filename="../app/grounding/groundingparser.cpp" line="68" />
        <source>Unknown dialect: %1</source>
        <translation>未知的区域格式：%1</translation>
    </message>
</context>
<context>
    <name>Hub</name>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="16" />
        <source>The answer for %1 is not a model revision: is the endpoint a Hugging Face Hub?</source>
        <translation>%1 的回答不是模型版本：该端点是 Hugging Face Hub 吗？</translation>
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="37" />
        <source>The Hub listed an unsafe file name: %1</source>
        <translation>Hub 列出了不安全的文件名：%1</translation>
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="39" />
        <source>The Hub's answer has no size or checksum for %1: is the endpoint a Hugging Face Hub?</source>
        <translation>Hub 的回答中没有 %1 的大小或校验和：该端点是 Hugging Face Hub 吗？</translation>
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="54" />
        <source>%1 is a gated model: accept its licence at %2, then give a Hugging Face access token (HF_TOKEN, --token, or the token field of Model ▸ Get models…).</source>
        <translation>%1 是受限模型：请先在 %2 接受其许可，然后提供 Hugging Face 访问令牌（HF_TOKEN、--token，或 模型 ▸ 获取模型… 中的令牌栏）。</translation>
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="58" />
        <source>Your Hugging Face token has no access to %1: accept its licence at %2 with the account the token belongs to.</source>
        <translation>你的 Hugging Face 令牌无权访问 %1：请用该令牌所属的账户在 %2 接受其许可。</translation>
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="63" />
        <source>%1 has no revision “%2”.</source>
        <translation>%1 没有版本“%2”。</translation>
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="65" />
        <source>%1 has no file %2 at “%3”.</source>
        <translation>%1 在“%3”中没有文件 %2。</translation>
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="67" />
        <source>There is no model %1 on %2.</source>
        <translation>%2 上没有模型 %1。</translation>
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="68" />
        <source>There is no model %1 on %2 (if it is private, give a Hugging Face access token).</source>
        <translation>%2 上没有模型 %1（如果是私有模型，请提供 Hugging Face 访问令牌）。</translation>
    </message>
    <message>
        <location filename="../app/hub/hubrevision.cpp" line="71" />
        <source>%1 answered HTTP %2 for %3.</source>
        <translation>%1 对 %3 返回了 HTTP %2。</translation>
    </message>
    <message>
        <location filename="../app/hub/hubsnapshots.cpp" line="69" />
        <source>%1 is not in %2.</source>
        <translation>%1 不在 %2 中。</translation>
    </message>
    <message>
        <location filename="../app/hub/hubsnapshots.cpp" line="73" />
        <source>Cannot remove %1.</source>
        <translation>无法删除 %1。</translation>
    </message>
    <message>
        <location filename="../app/hub/hubfilechoice.cpp" line="47" />
        <source>%1 has no config.json: it is not a transformers model.</source>
        <translation>%1 没有 config.json：它不是 transformers 模型。</translation>
    </message>
</context>
<context>
    <name>HubDownloads</name>
    <message>
        <location filename="../app/hub/hubdownloads.cpp" line="151" />
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <location filename="../app/hub/hubdownloads.cpp" line="153" />
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <location filename="../app/hub/hubdownloads.cpp" line="154" />
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <location filename="../app/hub/hubdownloads.cpp" line="181" />
        <source>“%1” is not a model id: write it as owner/name, e.g. microsoft/Florence-2-base.</source>
        <translation>“%1”不是模型 ID：请写成 所有者/名称，例如 microsoft/Florence-2-base。</translation>
    </message>
</context>
<context>
    <name>HubPull</name>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="187" />
        <source>Cannot reach %1: %2</source>
        <translation>无法连接 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="236" />
        <source>Not enough disk space for %1: it needs %2, %3 has %4 free.</source>
        <translation>磁盘空间不足，无法下载 %1：需要 %2，%3 只剩 %4。</translation>
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="242" />
        <source>Cannot create %1.</source>
        <translation>无法创建 %1。</translation>
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="289" />
        <location filename="../app/hub/hubpull.cpp" line="356" />
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="348" />
        <source>%1 is larger than the %2 bytes the Hub lists for it; the download was removed.</source>
        <translation>%1 比 Hub 列出的 %2 字节大；已删除该下载。</translation>
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="379" />
        <source>Too many redirects for %1.</source>
        <translation>%1 的重定向次数过多。</translation>
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="413" />
        <source>Could not download %1 after %2 tries: %3</source>
        <translation>尝试 %2 次后仍无法下载 %1：%3</translation>
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="431" />
        <source>Checksum mismatch for %1: the Hub lists %2, the download has %3. The download was removed; try again.</source>
        <translation>%1 校验和不符：Hub 列出的是 %2，下载的是 %3。已删除该下载，请重试。</translation>
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="439" />
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="453" />
        <source>Cannot read %1.</source>
        <translation>无法读取 %1。</translation>
    </message>
    <message>
        <location filename="../app/hub/hubpull.cpp" line="457" />
        <source>%1 cannot run in GroundChat: %2</source>
        <translation>%1 无法在 GroundChat 中运行：%2</translation>
    </message>
</context>
<context>
    <name>ImageCanvas</name>
    <message>
        <location filename="../qml/ImageCanvas.qml" line="32" />
        <source>Cannot read %1: the image data is damaged or not an image</source>
        <translation>无法读取 %1：图像数据已损坏或不是图像</translation>
    </message>
    <message>
        <location filename="../qml/ImageCanvas.qml" line="176" />
        <source>Open an image (Ctrl+O), drop one here, or paste one (Ctrl+V).</source>
        <translation>打开图像（Ctrl+O）、拖放到这里或粘贴（Ctrl+V）。</translation>
    </message>
    <message>
        <location filename="../qml/ImageCanvas.qml" line="294" />
        <source>Load the images outside the folder</source>
        <translation>加载文件夹之外的图像</translation>
    </message>
    <message>
        <location filename="../qml/ImageCanvas.qml" line="306" />
        <source>%1 of %2 regions shown in full; zoom in, or pick one in the list, to edit the others.</source>
        <translation>已完整显示 %2 个区域中的 %1 个；放大视图或在列表中选择区域，即可编辑其余区域。</translation>
    </message>
</context>
<context>
    <name>ImageLimit</name>
    <message>
        <location filename="../app/engine/imagelimit.cpp" line="41" />
        <source>“%1” is %2 × %3 pixels (%4 megapixels), more than the limit of %5 megapixels.</source>
        <translation>“%1”为 %2 × %3 像素（%4 百万像素），超过了 %5 百万像素的上限。</translation>
    </message>
    <message>
        <location filename="../app/engine/imagelimit.cpp" line="59" />
        <source>The image could not be read.</source>
        <translation>无法读取图像。</translation>
    </message>
</context>
<context>
    <name>LensController</name>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="56" />
        <source>Open an image and load a model first.</source>
        <translation>请先打开图像并加载模型。</translation>
    </message>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="62" />
        <source>Choose an answer of the model.</source>
        <translation>请选择模型的一个回答。</translation>
    </message>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="91" />
        <source>There is no answer to explain yet: ask the model something first.</source>
        <translation>还没有可解释的回答：请先向模型提问。</translation>
    </message>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="110" />
        <source>No model is ready.</source>
        <translation>没有就绪的模型。</translation>
    </message>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="212" />
        <location filename="../app/ui/lenscontroller.cpp" line="254" />
        <source>There is no map to export.</source>
        <translation>没有可导出的图。</translation>
    </message>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="217" />
        <source>The image could not be read.</source>
        <translation>无法读取图像。</translation>
    </message>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="231" />
        <location filename="../app/ui/lenscontroller.cpp" line="260" />
        <source>The file could not be written: %1</source>
        <translation>无法写入文件：%1</translation>
    </message>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="240" />
        <source>There is no map to segment from.</source>
        <translation>没有可用于分割的图。</translation>
    </message>
    <message>
        <location filename="../app/ui/lenscontroller.cpp" line="245" />
        <source>Masks cannot be made now: no segmenter, or the image cannot be read.</source>
        <translation>现在无法生成掩码：没有分割器，或无法读取图像。</translation>
    </message>
</context>
<context>
    <name>LensPanel</name>
    <message>
        <location filename="../qml/LensPanel.qml" line="36" />
        <source>Export the map as PNG</source>
        <translation>将图导出为 PNG</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="36" />
        <source>Export the map as .npy</source>
        <translation>将图导出为 .npy</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="53" />
        <source>Explain the latest answer</source>
        <translation>解释最新的回答</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="71" />
        <source>This model's image tokens are resampler latents, not patches: each cell shows the latents weighted by how much the resampler's attention took from that patch.</source>
        <translation>此模型的图像标记是重采样器的潜变量而非图块：每个格子显示按重采样器对该图块的注意力加权的潜变量。</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="74" />
        <source>This model's image tokens are resampler latents, not patches: its folder says it was trained to keep latent i on cell i of the grid, so each cell shows its own latent.</source>
        <translation>此模型的图像标记是重采样器的潜变量，而非图像块：其文件夹说明它训练时让潜变量 i 对应网格的第 i 格，因此每格显示它自己的潜变量。</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="86" />
        <source>Logit lens</source>
        <translation>Logit 透镜</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="92" />
        <source>Attention</source>
        <translation>注意力</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="98" />
        <source>Layer: mean of all %1</source>
        <translation>层：全部 %1 层的平均</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="99" />
        <source>Layer %1 of %2</source>
        <translation>第 %1 层（共 %2 层）</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="118" />
        <source>Mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="126" />
        <source>Word to find (logit lens)</source>
        <translation>要查找的词（logit 透镜）</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="133" />
        <source>Last prompt position</source>
        <translation>提示的最后位置</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="137" />
        <source>Whose attention: the last prompt position, or a phrase of the answer</source>
        <translation>谁的注意力：提示的最后位置，或回答中的一个短语</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="139" />
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="146" />
        <source>Viridis</source>
        <translation>Viridis</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="146" />
        <source>Inferno</source>
        <translation>Inferno</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="147" />
        <source>Turbo</source>
        <translation>Turbo</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="147" />
        <source>Grey</source>
        <translation>灰度</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="149" />
        <source>Show each cell's top token</source>
        <translation>显示每个格子的首选词元</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="153" />
        <source>Map from %1 to %2</source>
        <translation>图的取值范围 %1 到 %2</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="160" />
        <source>Segment from this map</source>
        <translation>从此图分割</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="162" />
        <source>A mask from the map as VL-SAM makes masks from attention: point sets from its peaks (positive) and lowest cells (negative), their masks merged and linked to the word or phrase</source>
        <translation>如同 VL-SAM 从注意力生成掩码：以图的峰值为正点、最低处为负点取几组点，合并各组的掩码，并链接到该词或短语</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="169" />
        <source>Export PNG…</source>
        <translation>导出 PNG…</translation>
    </message>
    <message>
        <location filename="../qml/LensPanel.qml" line="170" />
        <source>Export .npy…</source>
        <translation>导出 .npy…</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <location filename="../qml/Main.qml" line="19" />
        <source>GroundChat</source>
        <translation>GroundChat</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="175" />
        <source>Open image…</source>
        <translation>打开图像…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="176" />
        <source>Paste image</source>
        <translation>粘贴图像</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="177" />
        <source>Open session…</source>
        <translation>打开会话…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="178" />
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="181" />
        <source>Save session as…</source>
        <translation>会话另存为…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="182" />
        <source>Undo %1</source>
        <translation>撤销 %1</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="183" />
        <source>Redo %1</source>
        <translation>重做 %1</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="184" />
        <source>Choose model…</source>
        <translation>选择模型…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="185" />
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="190" />
        <source>Fit to window</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="191" />
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="192" />
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="235" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="240" />
        <source>Open recent</source>
        <translation>最近打开</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="253" />
        <source>Open demo session</source>
        <translation>打开演示会话</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="254" />
        <source>New demo scene</source>
        <translation>新建演示场景</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="258" />
        <source>Export annotations…</source>
        <translation>导出标注…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="259" />
        <source>Import annotations…</source>
        <translation>导入标注…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="189" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="265" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="269" />
        <source>Automatic marks (Set-of-Mark)</source>
        <translation>自动标记（Set-of-Mark）</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="296" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="304" />
        <source>Your regions</source>
        <translation>你的区域</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="305" />
        <source>Model regions</source>
        <translation>模型区域</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="306" />
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="308" />
        <source>Dark theme</source>
        <translation>深色主题</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="311" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="332" />
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="335" />
        <source>Stop the answer</source>
        <translation>停止回答</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="195" />
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="186" />
        <source>Present</source>
        <translation>演示</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="195" />
        <source>Box</source>
        <translation>框</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="195" />
        <source>Point</source>
        <translation>点</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="196" />
        <source>Mark</source>
        <translation>标记</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="196" />
        <source>Polygon</source>
        <translation>多边形</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="196" />
        <source>Mask</source>
        <translation>掩码</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="197" />
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="260" />
        <source>Export demo video…</source>
        <translation>导出演示视频…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="273" />
        <source>Propose regions</source>
        <translation>提出候选区域</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="278" />
        <source>With Florence-2 (region proposal task)</source>
        <translation>使用 Florence-2（候选区域任务）</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="279" />
        <source>With Florence-2 (load a Florence-2 model first)</source>
        <translation>使用 Florence-2（请先加载 Florence-2 模型）</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="285" />
        <source>With the segmenter's automatic marks</source>
        <translation>使用分割器的自动标记</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="334" />
        <source>Get models…</source>
        <translation>获取模型…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="369" />
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="375" />
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="376" />
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="386" />
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="391" />
        <source>Overlay</source>
        <translation>叠加</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="412" />
        <source>⚠ Load failed — still using %1</source>
        <translation>⚠ 加载失败 — 仍在使用 %1</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="413" />
        <source>⚠ Load failed — no model</source>
        <translation>⚠ 加载失败 — 没有模型</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="415" />
        <source>Model: %1 (%2) · %3 weights, %4</source>
        <translation>模型：%1（%2）· %3 权重，%4</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="417" />
        <source>Model: %1 (%2)</source>
        <translation>模型：%1（%2）</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="419" />
        <source>Loading model: %1… %2 %</source>
        <translation>正在加载模型：%1… %2 %</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="420" />
        <source>Loading model… %1 %</source>
        <translation>正在加载模型… %1 %</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="421" />
        <source>No model — Model ▸ Choose model…</source>
        <translation>无模型 — 模型 ▸ 选择模型…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="439" />
        <source>Making a mask…</source>
        <translation>正在生成掩码…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="439" />
        <source>Proposing regions…</source>
        <translation>正在提出候选区域…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="500" />
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/Main.qml" line="521" />
        <source>This session refers to %n image(s) outside its folder. GroundChat has not read them. Load them?</source>
        <translation><numerusform>此会话引用了其文件夹之外的 %n 张图像。GroundChat 尚未读取它们。要加载吗？</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/Main.qml" line="531" />
        <source>… and %n more</source>
        <translation><numerusform>……以及另外 %n 个</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="537" />
        <source>Load them</source>
        <translation>加载</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="538" />
        <source>Not now</source>
        <translation>暂不</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="598" />
        <source>Not loaded</source>
        <translation>未加载</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="598" />
        <source>Too large</source>
        <translation>过大</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="599" />
        <source>Unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="622" />
        <source>Lens</source>
        <translation>透镜</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="771" />
        <source>Save changes?</source>
        <translation>保存更改？</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="772" />
        <source>This session has changes that are not saved.</source>
        <translation>此会话有尚未保存的更改。</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="774" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="448" />
        <location filename="../qml/Main.qml" line="777" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="451" />
        <source>Model…</source>
        <translation>模型…</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="470" />
        <source>GroundChat did not close normally last time. Restore the unsaved session?</source>
        <translation>GroundChat 上次未正常关闭。要恢复未保存的会话吗？</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="473" />
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="474" />
        <location filename="../qml/Main.qml" line="775" />
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="619" />
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="620" />
        <source>Regions (%1)</source>
        <translation>区域（%1）</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="621" />
        <source>Dialects</source>
        <translation>区域格式</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="731" />
        <source>Open images</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="733" />
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="741" />
        <source>Open a session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="742" />
        <source>GroundChat sessions (*.gcsession)</source>
        <translation>GroundChat 会话 (*.gcsession)</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="752" />
        <source>Save the session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <location filename="../qml/Main.qml" line="733" />
        <source>Images (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)</source>
        <translation>图像 (*.png *.jpg *.jpeg *.bmp *.webp *.tif *.tiff)</translation>
    </message>
</context>
<context>
    <name>ModelBackend</name>
    <message>
        <location filename="../app/engine/modelbackend.h" line="147" />
        <source>This model cannot show what it sees: the logit lens and attention maps need a decoder model run in-process (LLaVA, Qwen2.5-VL, Kosmos-2).</source>
        <translation>此模型无法显示它看到的内容：logit lens 和注意力图需要在进程内运行的解码器模型（LLaVA、Qwen2.5-VL、Kosmos-2）。</translation>
    </message>
</context>
<context>
    <name>ModelChoice</name>
    <message>
        <location filename="../app/engine/modelchoice.cpp" line="67" />
        <source>Demo model</source>
        <translation>演示模型</translation>
    </message>
    <message>
        <location filename="../app/engine/modelchoice.cpp" line="72" />
        <source>%1 on %2</source>
        <translation>%2 上的 %1</translation>
    </message>
</context>
<context>
    <name>ModelChooser</name>
    <message>
        <location filename="../app/engine/modelchooser.cpp" line="90" />
        <source>%1 did not load: %2 The demo model answers instead.</source>
        <translation>%1 未能加载：%2 改由演示模型回答。</translation>
    </message>
</context>
<context>
    <name>ModelDialog</name>
    <message>
        <location filename="../qml/ModelDialog.qml" line="16" />
        <source>Choose a model</source>
        <translation>选择模型</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="65" />
        <source>Loading model: %1… %2 %</source>
        <translation>正在加载模型：%1… %2 %</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="66" />
        <source>Loading model… %1 %</source>
        <translation>正在加载模型… %1 %</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="70" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="87" />
        <source>The model could not be loaded: %1</source>
        <translation>无法加载模型：%1</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="105" />
        <source>Still answering with: %1</source>
        <translation>仍由 %1 回答</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="106" />
        <source>No model is loaded.</source>
        <translation>尚未加载模型。</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="112" />
        <source>Built-in</source>
        <translation>内置</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="121" />
        <source>Demo model: a small Kosmos-2 trained on synthetic scenes of coloured shapes. It knows nothing else.</source>
        <translation>演示模型：在彩色形状合成场景上训练的小型 Kosmos-2，不了解其他内容。</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="122" />
        <source>The demo model is not installed.</source>
        <translation>未安装演示模型。</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="126" />
        <location filename="../qml/ModelDialog.qml" line="197" />
        <location filename="../qml/ModelDialog.qml" line="264" />
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="141" />
        <source>Model folder (runs on this computer)</source>
        <translation>模型文件夹（在本机运行）</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="150" />
        <source>A Hugging Face snapshot: config.json, *.safetensors or pytorch_model.bin, tokenizer files (Kosmos-2).</source>
        <translation>Hugging Face 快照：config.json、*.safetensors 或 pytorch_model.bin、分词器文件（Kosmos-2）。</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="154" />
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="177" />
        <source>Models on disk</source>
        <translation>磁盘上的模型</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="191" />
        <source>%1 (%2, %3)</source>
        <translation>%1（%2，%3）</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="206" />
        <source>Server (OpenAI-compatible)</source>
        <translation>服务器（OpenAI 兼容）</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="211" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="222" />
        <source>List models</source>
        <translation>列出模型</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="230" />
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="237" />
        <source>(stored)</source>
        <translation>（已保存）</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="237" />
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="249" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="280" />
        <source>Asking the server…</source>
        <translation>正在询问服务器…</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="283" />
        <source>Region dialect: %1</source>
        <translation>区域格式：%1</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="283" />
        <source>none recognised (plain chat)</source>
        <translation>无法识别（普通对话）</translation>
    </message>
    <message>
        <location filename="../qml/ModelDialog.qml" line="293" />
        <source>Choose a model folder (config.json, *.safetensors or pytorch_model.bin, tokenizer)</source>
        <translation>选择模型文件夹（config.json、*.safetensors 或 pytorch_model.bin、分词器）</translation>
    </message>
</context>
<context>
    <name>OcrComposerBar</name>
    <message>
        <location filename="../qml/OcrComposerBar.qml" line="22" />
        <source>Reading text…</source>
        <translation>正在识别文字…</translation>
    </message>
    <message>
        <location filename="../qml/OcrComposerBar.qml" line="31" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../qml/OcrComposerBar.qml" line="40" />
        <source>Give the model the text read on the image</source>
        <translation>把图中识别出的文字提供给模型</translation>
    </message>
    <message>
        <location filename="../qml/OcrComposerBar.qml" line="43" />
        <source>Each line read (OCR) goes before your message with its box, in the model's own format</source>
        <translation>识别出的每一行文字及其框（按模型自己的格式）会放在你的消息之前</translation>
    </message>
</context>
<context>
    <name>PixelBudgetBox</name>
    <message>
        <location filename="../qml/PixelBudgetBox.qml" line="38" />
        <source>Image detail: the pixels this model sees each image at (fewer are faster)</source>
        <translation>图像细节：此模型查看每张图像所用的像素数（越少越快）</translation>
    </message>
    <message>
        <location filename="../qml/PixelBudgetBox.qml" line="43" />
        <source>Min pixels</source>
        <translation>最少像素</translation>
    </message>
    <message>
        <location filename="../qml/PixelBudgetBox.qml" line="52" />
        <source>Max pixels</source>
        <translation>最多像素</translation>
    </message>
    <message>
        <location filename="../qml/PixelBudgetBox.qml" line="66" />
        <source>The minimum must be at least %1 pixels (one image token) and not above the maximum.</source>
        <translation>最小值至少为 %1 像素（一个图像词元），且不能大于最大值。</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/PixelBudgetBox.qml" line="68" />
        <source>The current image becomes %n image token(s).</source>
        <translation><numerusform>当前图像将成为 %n 个图像词元。</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/PixelBudgetBox.qml" line="69" />
        <source>Open an image to see how many tokens it becomes.</source>
        <translation>打开一张图像，即可看到它会成为多少个词元。</translation>
    </message>
    <message>
        <location filename="../qml/PixelBudgetBox.qml" line="77" />
        <source>The model folder's own setting: %1 to %2 pixels.</source>
        <translation>模型文件夹自带的设置：%1 到 %2 像素。</translation>
    </message>
    <message>
        <location filename="../qml/PixelBudgetBox.qml" line="82" />
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location filename="../qml/PixelBudgetBox.qml" line="91" />
        <source>Use the folder's setting</source>
        <translation>使用文件夹的设置</translation>
    </message>
</context>
<context>
    <name>PlaygroundPane</name>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="28" />
        <source>Model dialect</source>
        <translation>模型的区域格式</translation>
    </message>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="46" />
        <source>Coordinates: %1</source>
        <translation>坐标：%1</translation>
    </message>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="51" />
        <source>Raw model output</source>
        <translation>模型原始输出</translation>
    </message>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="62" />
        <source>Paste what the model answered, tags and coordinates included</source>
        <translation>粘贴模型的回答（包括标签和坐标）</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/PlaygroundPane.qml" line="67" />
        <source>Grounded answer — %n region(s)</source>
        <translation><numerusform>定位结果 — %n 个区域</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/PlaygroundPane.qml" line="104" />
        <source>(no phrase)</source>
        <translation>（无短语）</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/PlaygroundPane.qml" line="105" />
        <source>%n region(s)</source>
        <translation><numerusform>%n 个区域</numerusform></translation>
    </message>
</context>
<context>
    <name>PresentView</name>
    <message>
        <location filename="../qml/PresentView.qml" line="72" />
        <source>Previous event (←)</source>
        <translation>上一个事件（←）</translation>
    </message>
    <message>
        <location filename="../qml/PresentView.qml" line="78" />
        <source>Play or pause (Space)</source>
        <translation>播放或暂停（空格）</translation>
    </message>
    <message>
        <location filename="../qml/PresentView.qml" line="80" />
        <source>Next event (→)</source>
        <translation>下一个事件（→）</translation>
    </message>
    <message>
        <location filename="../qml/PresentView.qml" line="105" />
        <source>Turns</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location filename="../qml/PresentView.qml" line="109" />
        <source>Exit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../qml/PresentView.qml" line="109" />
        <source>Leave present mode (Esc)</source>
        <translation>退出演示模式（Esc）</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../app/engine/fakebackend.cpp" line="15" />
        <location filename="../app/engine/localbackend.cpp" line="30" />
        <source>Loading was cancelled.</source>
        <translation>加载已取消。</translation>
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="27" />
        <source>The model folder or one of its files is missing.</source>
        <translation>模型文件夹或其中某个文件不存在。</translation>
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="28" />
        <source>The model files are damaged or do not match the model's configuration.</source>
        <translation>模型文件已损坏或与模型配置不符。</translation>
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="29" />
        <source>This model or device is not supported.</source>
        <translation>不支持此模型或设备。</translation>
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="31" />
        <source>The image could not be read.</source>
        <translation>无法读取图像。</translation>
    </message>
    <message>
        <location filename="../app/engine/localbackend.cpp" line="32" />
        <source>The model failed.</source>
        <translation>模型出错。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="28" />
        <source>Grounded caption</source>
        <translation>定位描述</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="30" />
        <source>Where is …</source>
        <translation>…在哪里</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="32" />
        <source>Describe this region</source>
        <translation>描述此区域</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="34" />
        <source>Detailed description</source>
        <translation>详细描述</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="36" />
        <source>Detect objects</source>
        <translation>检测物体</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="38" />
        <source>Count</source>
        <translation>计数</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="40" />
        <source>Caption</source>
        <translation>图像描述</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="42" />
        <source>More detailed description</source>
        <translation>更详细的描述</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="44" />
        <source>Describe every object</source>
        <translation>描述每个物体</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="46" />
        <source>Region proposals</source>
        <translation>候选区域</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="48" />
        <source>Segment …</source>
        <translation>分割…</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="50" />
        <source>Segment this region</source>
        <translation>分割此区域</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="52" />
        <source>Name this region's category</source>
        <translation>此区域的类别</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="54" />
        <source>Read the text in this region</source>
        <translation>读取此区域中的文字</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="56" />
        <source>Read the text (OCR)</source>
        <translation>读取文字（OCR）</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="58" />
        <source>Read the text and its positions</source>
        <translation>读取文字及其位置</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="60" />
        <source>Point to …</source>
        <translation>指向…</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="62" />
        <source>Parse document</source>
        <translation>解析文档</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="64" />
        <source>Free chat</source>
        <translation>自由对话</translation>
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="11" />
        <source>Quantising the weights to %1 (first load only)</source>
        <translation>正在将权重量化为 %1（仅首次加载）</translation>
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="13" />
        <source>Reading the packed %1 weights</source>
        <translation>正在读取已打包的 %1 权重</translation>
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="15" />
        <source>Saving the packed weights for the next load</source>
        <translation>正在保存打包后的权重，供下次加载使用</translation>
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="17" />
        <source>Reading the configuration</source>
        <translation>正在读取配置</translation>
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="19" />
        <source>Reading the tokenizer</source>
        <translation>正在读取分词器</translation>
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="21" />
        <source>Opening the weights</source>
        <translation>正在打开权重</translation>
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="23" />
        <source>Building the vision tower</source>
        <translation>正在构建视觉塔</translation>
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="25" />
        <source>Building the language model</source>
        <translation>正在构建语言模型</translation>
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="27" />
        <source>Building the model</source>
        <translation>正在构建模型</translation>
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="29" />
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <location filename="../app/engine/loadstage.cpp" line="30" />
        <source>Loading</source>
        <translation>正在加载</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <location filename="../app/ui/languagecontroller.cpp" line="11" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../app/ui/languagecontroller.cpp" line="12" />
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../app/ui/languagecontroller.cpp" line="13" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../app/ui/languagecontroller.cpp" line="14" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>RegionList</name>
    <message>
        <location filename="../qml/RegionList.qml" line="20" />
        <source>No regions yet. Draw with B (box), P (point), M (mark) or G (polygon).</source>
        <translation>还没有区域。用 B（框）、P（点）、M（标记）或 G（多边形）绘制。</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="58" />
        <source>label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="86" />
        <source>OCR ✓</source>
        <translation>OCR ✓</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="86" />
        <source>OCR</source>
        <translation>OCR</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="87" />
        <source>expert ✓</source>
        <translation>专家 ✓</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="87" />
        <source>expert</source>
        <translation>专家</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="88" />
        <source>proposal</source>
        <translation>候选</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="89" />
        <source>model ✓</source>
        <translation>模型 ✓</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="89" />
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="89" />
        <source>you</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="97" />
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="97" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="104" />
        <source>Remove from the annotations</source>
        <translation>从标注中移除</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="104" />
        <source>Accept into the annotations</source>
        <translation>接受为标注</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="113" />
        <source>Look closer: ask the model again about a crop around this region</source>
        <translation>细看：就此区域周围的裁剪图再次询问模型</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="119" />
        <source>Cite in the message</source>
        <translation>在消息中引用</translation>
    </message>
    <message>
        <location filename="../qml/RegionList.qml" line="125" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>RemoteBackend</name>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="47" />
        <source>The server address "%1" is not an http:// or https:// address.</source>
        <translation>服务器地址“%1”不是 http:// 或 https:// 地址。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="52" />
        <source>Choose one of the server's models.</source>
        <translation>请选择服务器上的一个模型。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="109" />
        <source>The server at %1 refused the connection. Is it running, and is the address right?</source>
        <translation>%1 处的服务器拒绝连接。它在运行吗？地址正确吗？</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="111" />
        <source>The server's address %1 could not be found.</source>
        <translation>找不到服务器地址 %1。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="113" />
        <source>A secure connection to %1 could not be made.</source>
        <translation>无法与 %1 建立安全连接。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="118" />
        <source>The connection to the server was lost during the answer. The answer so far is kept.</source>
        <translation>回答过程中与服务器的连接断开。已保留目前的回答。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="119" />
        <source>The connection to the server at %1 failed.</source>
        <translation>与 %1 处服务器的连接失败。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="127" />
        <location filename="../app/engine/remotebackend.cpp" line="279" />
        <location filename="../app/engine/remotebackend.cpp" line="371" />
        <source>The model %1 does not take images. Choose a vision model on this server.</source>
        <translation>模型 %1 不接受图像。请选择此服务器上的视觉模型。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="129" />
        <source>The server refused the API key (HTTP %1): %2</source>
        <translation>服务器拒绝了 API 密钥（HTTP %1）：%2</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="131" />
        <source>The server does not know this model or address (HTTP %1): %2</source>
        <translation>服务器不认识此模型或地址（HTTP %1）：%2</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="132" />
        <source>The server answered with an error (HTTP %1): %2</source>
        <translation>服务器返回错误（HTTP %1）：%2</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="140" />
        <source>There is no region dialect called "%1".</source>
        <translation>没有名为“%1”的区域格式。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="148" />
        <source>Connecting to the server</source>
        <translation>正在连接服务器</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="158" />
        <source>Loading was cancelled.</source>
        <translation>加载已取消。</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/engine/remotebackend.cpp" line="160" />
        <location filename="../app/engine/remotebackend.cpp" line="340" />
        <source>The server at %1 did not accept the connection within %n second(s).</source>
        <translation><numerusform>%1 处的服务器在 %n 秒内未接受连接。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/engine/remotebackend.cpp" line="164" />
        <location filename="../app/engine/remotebackend.cpp" line="168" />
        <source>The server at %1 did not answer within %n second(s).</source>
        <translation><numerusform>%1 处的服务器在 %n 秒内未回答。</numerusform></translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="172" />
        <source>The server's model list is too large to read.</source>
        <translation>服务器的模型列表太大，无法读取。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="195" />
        <source>%1 does not look like an OpenAI-compatible server.</source>
        <translation>%1 看起来不是 OpenAI 兼容服务器。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="203" />
        <source>The server does not offer the model "%1". It offers: %2.</source>
        <translation>服务器不提供模型“%1”。它提供：%2。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="241" />
        <source>The image could not be prepared for sending.</source>
        <translation>无法准备要发送的图像。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="280" />
        <location filename="../app/engine/remotebackend.cpp" line="372" />
        <source>The server reported an error: %1</source>
        <translation>服务器报告错误：%1</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="284" />
        <source>The server sent a stream that could not be read.</source>
        <translation>服务器发送的数据流无法读取。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="332" />
        <source>The answer so far is kept.</source>
        <translation>已保留目前的回答。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="336" />
        <source>The server's answer is too large to read.</source>
        <translation>服务器的回答太大，无法读取。</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/engine/remotebackend.cpp" line="344" />
        <source>The server sent nothing for %n second(s).</source>
        <translation><numerusform>服务器已有 %n 秒没有发送任何内容。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/engine/remotebackend.cpp" line="348" />
        <source>The answer did not finish within %n second(s).</source>
        <translation><numerusform>回答未能在 %n 秒内完成。</numerusform></translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="377" />
        <source>%1 did not answer like an OpenAI-compatible server.</source>
        <translation>%1 的回答不像 OpenAI 兼容服务器。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="392" />
        <source>The connection to the server was lost before the answer began.</source>
        <translation>在回答开始前与服务器的连接已断开。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotebackend.cpp" line="396" />
        <source>The server ended the stream before the answer was complete.</source>
        <translation>服务器在回答完成前结束了数据流。</translation>
    </message>
</context>
<context>
    <name>RemoteModelList</name>
    <message>
        <location filename="../app/engine/remotemodellist.cpp" line="94" />
        <source>Enter the server's address, e.g. http://localhost:8000</source>
        <translation>请输入服务器地址，例如 http://localhost:8000</translation>
    </message>
    <message>
        <location filename="../app/engine/remotemodellist.cpp" line="142" />
        <source>The server refused the connection. Is it running?</source>
        <translation>服务器拒绝连接。它在运行吗？</translation>
    </message>
    <message>
        <location filename="../app/engine/remotemodellist.cpp" line="143" />
        <source>The server's address could not be found.</source>
        <translation>找不到服务器地址。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotemodellist.cpp" line="144" />
        <source>The server did not answer in time.</source>
        <translation>服务器未及时回答。</translation>
    </message>
    <message>
        <location filename="../app/engine/remotemodellist.cpp" line="145" />
        <source>The server could not be reached: %1</source>
        <translation>无法连接服务器：%1</translation>
    </message>
    <message>
        <location filename="../app/engine/remotemodellist.cpp" line="148" />
        <source>The server refused the API key (HTTP %1): %2</source>
        <translation>服务器拒绝了 API 密钥（HTTP %1）：%2</translation>
    </message>
    <message>
        <location filename="../app/engine/remotemodellist.cpp" line="150" />
        <source>The server answered with an error (HTTP %1): %2</source>
        <translation>服务器返回错误（HTTP %1）：%2</translation>
    </message>
    <message>
        <location filename="../app/engine/remotemodellist.cpp" line="155" />
        <source>This does not look like an OpenAI-compatible server.</source>
        <translation>这看起来不是 OpenAI 兼容服务器。</translation>
    </message>
</context>
<context>
    <name>RgbImage</name>
    <message>
        <location filename="../app/engine/rgbimage.cpp" line="32" />
        <source>The image could not be read: %1</source>
        <translation>无法读取图像：%1</translation>
    </message>
</context>
<context>
    <name>SaveFileDialog</name>
    <message>
        <location filename="../qml/SaveFileDialog.qml" line="43" />
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../qml/SaveFileDialog.qml" line="55" />
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../qml/SaveFileDialog.qml" line="59" />
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <location filename="../qml/SaveFileDialog.qml" line="72" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../qml/SaveFileDialog.qml" line="77" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>SecretService</name>
    <message>
        <location filename="../app/engine/secretservice.cpp" line="198" />
        <source>The keyring service stopped while it was asking.</source>
        <translation>密钥环服务在询问时停止了。</translation>
    </message>
    <message>
        <location filename="../app/engine/secretservice.cpp" line="263" />
        <source>Default keyring</source>
        <translation>默认密钥环</translation>
    </message>
</context>
<context>
    <name>SegmentController</name>
    <message>
        <location filename="../app/segment/segmentcontroller.h" line="63" />
        <source>GrabCut</source>
        <translation>GrabCut</translation>
    </message>
    <message>
        <location filename="../app/segment/segmentcontroller.h" line="63" />
        <source>SAM model</source>
        <translation>SAM 模型</translation>
    </message>
</context>
<context>
    <name>SegmentWorker</name>
    <message>
        <location filename="../app/segment/segmentworker.cpp" line="26" />
        <source>The segmentation model could not be loaded: %1</source>
        <translation>无法加载分割模型：%1</translation>
    </message>
    <message>
        <location filename="../app/segment/segmentworker.cpp" line="122" />
        <source>The image could not be read for segmentation: %1</source>
        <translation>无法读取用于分割的图像：%1</translation>
    </message>
    <message>
        <location filename="../app/segment/segmentworker.cpp" line="140" />
        <source>No marks could be made: %1</source>
        <translation>无法生成标记：%1</translation>
    </message>
    <message>
        <location filename="../app/segment/segmentworker.cpp" line="48" />
        <source>Draw a box or click a point to make a mask.</source>
        <translation>绘制框或点击一个点来生成掩码。</translation>
    </message>
    <message>
        <location filename="../app/segment/segmentworker.cpp" line="59" />
        <location filename="../app/segment/segmentworker.cpp" line="80" />
        <source>No mask was found: %1</source>
        <translation>未找到掩码：%1</translation>
    </message>
</context>
<context>
    <name>ServerOrigin</name>
    <message>
        <location filename="../app/engine/serverorigin.cpp" line="30" />
        <source>The server at %1 redirected to %2, another server; GroundChat does not send the API key or the image there. Use the address of the server itself.</source>
        <translation>%1 处的服务器重定向到了另一台服务器 %2；GroundChat 不会把 API 密钥或图像发送到那里。请直接使用该服务器本身的地址。</translation>
    </message>
    <message>
        <location filename="../app/engine/serverorigin.cpp" line="57" />
        <source>The API key goes to %1 unencrypted (http://): anyone on the network between can read it. Use https:// for servers on other computers.</source>
        <translation>API 密钥将以未加密方式（http://）发送到 %1：途经网络上的任何人都能读取它。对其他计算机上的服务器请使用 https://。</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <location filename="../app/session/session.cpp" line="117" />
        <source>The demo scene could not be saved to %1.</source>
        <translation>无法把演示场景保存到 %1。</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="128" />
        <source>“%1” is not an image GroundChat can read.</source>
        <translation>GroundChat 无法读取图像“%1”。</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="144" />
        <source>“%1” could not be read: %2</source>
        <translation>无法读取“%1”：%2</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="169" />
        <source>The clipboard holds no image.</source>
        <translation>剪贴板中没有图像。</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="176" />
        <source>The pasted image could not be stored in %1.</source>
        <translation>无法把粘贴的图像保存到 %1。</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="343" />
        <source>Draw box %1</source>
        <translation>绘制框 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="355" />
        <source>Place point %1</source>
        <translation>放置点 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="366" />
        <source>Place mark %1</source>
        <translation>放置标记 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="378" />
        <source>Draw polygon %1</source>
        <translation>绘制多边形 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="408" />
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="419" />
        <source>Rename %1</source>
        <translation>重命名 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="430" />
        <source>Show %1</source>
        <translation>显示 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="430" />
        <source>Hide %1</source>
        <translation>隐藏 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="441" />
        <source>Delete %1</source>
        <translation>删除 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session.cpp" line="452" />
        <source>Accept %1</source>
        <translation>接受 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="313" />
        <source>There is no region %1 on this image.</source>
        <translation>此图像上没有区域 %1。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="367" />
        <source>“%1” is about a region: draw a box on the image, or cite one in the message (e.g. @R1).</source>
        <translation>“%1”针对一个区域：请在图像上画一个框，或在消息中引用一个（例如 @R1）。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="406" />
        <source>mark %1</source>
        <translation>标记 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="407" />
        <source>this region</source>
        <translation>此区域</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="460" />
        <source>Open an image first.</source>
        <translation>请先打开一张图片。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="464" />
        <source>No model is ready. Choose a model first.</source>
        <translation>没有就绪的模型。请先选择模型。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="419" />
        <source>Type a message or choose a task.</source>
        <translation>请输入消息或选择任务。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="115" />
        <source>%1×%2 tiles + whole view</source>
        <translation>%1×%2 个图块 + 整图</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="116" />
        <source>%1 tiles + whole view</source>
        <translation>%1 个图块 + 整图</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="118" />
        <source>Tiled: %1 (%2 of %3 views answered)</source>
        <translation>分块：%1（已回答 %2/%3 个视图）</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="120" />
        <source>Tiled: %1</source>
        <translation>分块：%1</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="122" />
        <source>tile %1: %2, %3 – %4, %5</source>
        <translation>图块 %1：%2, %3 – %4, %5</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="176" />
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="253" />
        <source>your message</source>
        <translation>你的消息</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="257" />
        <source>nothing to type</source>
        <translation>无需输入</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="258" />
        <source>“%1” needs nothing typed: press Send.</source>
        <translation>“%1”无需输入文字：直接点击发送。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="262" />
        <source>a phrase</source>
        <translation>一个短语</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="263" />
        <source>“%1” needs a phrase: type it here.</source>
        <translation>“%1”需要一个短语：请在此输入。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="267" />
        <source>a drawn box</source>
        <translation>一个绘制的框</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="268" />
        <source>“%1” takes the last box you drew on the image, or the one you cite (e.g. @R1).</source>
        <translation>“%1”使用你在图像上最后绘制的框，或你引用的框（例如 @R1）。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="272" />
        <source>%1 (not trained)</source>
        <translation>%1（未训练）</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="339" />
        <source>This model has no task “%1”.</source>
        <translation>此模型没有任务“%1”。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="352" />
        <source>This model cannot take that: %1</source>
        <translation>此模型无法接受：%1</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="372" />
        <source>“%1” asks its own question about the cited regions: leave only the regions in the message (e.g. @R1), or use Free chat to ask in your own words.</source>
        <translation>“%1”会就引用的区域提出固定的问题：消息中只保留区域（例如 @R1），或改用“自由对话”用自己的话提问。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="395" />
        <source>“%1” asks about your words and takes no regions: remove %2, or choose another task.</source>
        <translation>“%1”针对您输入的文字，不接受区域：请删除 %2，或选择其他任务。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="420" />
        <source>“%1” needs your words: type them in the message.</source>
        <translation>“%1”需要您输入文字：请在消息中输入。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="560" />
        <source>The engine did not take the request.</source>
        <translation>引擎没有接受该请求。</translation>
    </message>
    <message>
        <location filename="../app/session/session_chat.cpp" line="713" />
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="43" />
        <source>Line %1, column %2: the session file is damaged (%3).</source>
        <translation>第 %1 行第 %2 列：会话文件已损坏（%3）。</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="48" />
        <source>This is not a GroundChat session file.</source>
        <translation>这不是 GroundChat 会话文件。</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="50" />
        <source>This session was saved by a newer GroundChat.</source>
        <translation>此会话由更新版本的 GroundChat 保存。</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="52" />
        <source>Image %1 of the session has no path or size.</source>
        <translation>会话中的第 %1 张图像缺少路径或尺寸。</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="156" />
        <source>The embedded image %1 of the session is not an image.</source>
        <translation>会话中嵌入的第 %1 张图像不是图像。</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="164" />
        <source>The embedded image %1 could not be unpacked.</source>
        <translation>无法解出嵌入的第 %1 张图像。</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="54" />
        <source>Region %1 of image %2 is malformed.</source>
        <translation>第 %2 张图像的区域 %1 格式错误。</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="56" />
        <source>Message %1 of image %2 is malformed.</source>
        <translation>第 %2 张图像的消息 %1 格式错误。</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="58" />
        <source>Event %1 of the session's timeline is malformed.</source>
        <translation>会话时间线的第 %1 个事件格式错误。</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/session/session_io.cpp" line="197" />
        <source>%n polygon(s) had more than %1 points and were simplified (by at most %2 pixels).</source>
        <translation><numerusform>%n 个多边形的顶点超过 %1 个，已简化（偏差不超过 %2 像素）。</numerusform></translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="209" />
        <location filename="../app/session/session_io.cpp" line="215" />
        <source>The session could not be saved to %1: %2</source>
        <translation>无法把会话保存到 %1：%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/session/session_io.cpp" line="219" />
        <source>Saved, but %n file(s) of the session are not images and were not embedded: %1</source>
        <translation><numerusform>已保存，但会话中有 %n 个文件不是图像，未被嵌入：%1</numerusform></translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="237" />
        <location filename="../app/session/session_io.cpp" line="242" />
        <source>%1 could not be opened: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/session/session_io.cpp" line="317" />
        <source>The autosaved session could not be restored: %1</source>
        <translation>无法恢复自动保存的会话：%1</translation>
    </message>
    <message>
        <location filename="../app/session/session_masks.cpp" line="203" />
        <source>Mask %1</source>
        <translation>掩码 %1</translation>
    </message>
    <message>
        <location filename="../app/session/session_masks.cpp" line="235" />
        <source>Automatic marks</source>
        <translation>自动标记</translation>
    </message>
    <message>
        <location filename="../app/session/session_trust.cpp" line="142" />
        <source>Not loaded: %1 is outside the session's folder, and GroundChat reads it only if you agree.</source>
        <translation>未加载：%1 位于会话文件夹之外，只有经您同意 GroundChat 才会读取它。</translation>
    </message>
    <message>
        <location filename="../app/session/session_trust.cpp" line="145" />
        <source>Cannot read %1: file not found</source>
        <translation>无法读取 %1：文件不存在</translation>
    </message>
    <message>
        <location filename="../app/session/session_trust.cpp" line="147" />
        <source>Cannot read %1: it is a folder</source>
        <translation>无法读取 %1：这是一个文件夹</translation>
    </message>
    <message>
        <location filename="../app/session/session_trust.cpp" line="149" />
        <source>Cannot read %1: permission denied</source>
        <translation>无法读取 %1：权限被拒绝</translation>
    </message>
    <message>
        <location filename="../app/session/session_trust.cpp" line="153" />
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/session/session_zoom.cpp" line="27" />
        <source>Look closer needs a region with a box.</source>
        <translation>“细看”需要一个带框的区域。</translation>
    </message>
    <message>
        <location filename="../app/session/session_zoom.cpp" line="32" />
        <source>Name the region first: Look closer asks the model where that is.</source>
        <translation>请先为区域命名：“细看”会询问模型它在哪里。</translation>
    </message>
    <message>
        <location filename="../app/session/session_zoom.cpp" line="38" />
        <source>This model cannot be asked where something is, so it cannot look closer.</source>
        <translation>无法询问此模型某物在哪里，因此不能细看。</translation>
    </message>
    <message>
        <location filename="../app/session/session_zoom.cpp" line="59" />
        <source>Look closer on %1</source>
        <translation>细看 %1</translation>
    </message>
</context>
<context>
    <name>SessionExpert</name>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="139" />
        <source>Open an image first.</source>
        <translation>请先打开一张图片。</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="141" />
        <source>The expert is grounding an answer already.</source>
        <translation>专家正在为另一个回答定位。</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="143" />
        <source>Wait for the answer to end before grounding it.</source>
        <translation>请等回答结束后再为其定位。</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="146" />
        <source>There is no answer to ground on this image.</source>
        <translation>此图片上没有可定位的回答。</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="150" />
        <source>Every phrase of the answer has its boxes already.</source>
        <translation>回答中的每个短语都已有框。</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="265" />
        <source>The grounding expert failed: %1</source>
        <translation>定位专家失败：%1</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="298" />
        <source>%1: no box</source>
        <translation>%1：没有框</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/tools/sessionexpert.cpp" line="299" />
        <source>%1: %n box(es), agreement %2</source>
        <translation><numerusform>%1：%n 个框，一致度 %2</numerusform></translation>
    </message>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="149" />
        <location filename="../app/tools/sessionexpert.cpp" line="314" />
        <source>The answer names nothing to box.</source>
        <translation>回答中没有可以加框的事物。</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionexpert.cpp" line="319" />
        <source>Ground the answer</source>
        <translation>为回答定位</translation>
    </message>
</context>
<context>
    <name>SessionOcr</name>
    <message>
        <location filename="../app/tools/sessionocr.cpp" line="68" />
        <source>Open an image first.</source>
        <translation>请先打开一张图片。</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionocr.cpp" line="72" />
        <source>Wait for the answer to end before reading text.</source>
        <translation>请等回答结束后再识别文字。</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionocr.cpp" line="82" />
        <source>There is no region %1 on this image.</source>
        <translation>此图像上没有区域 %1。</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionocr.cpp" line="87" />
        <source>Read text needs a region with an area; %1 has none.</source>
        <translation>识别文字需要有面积的区域；%1 没有面积。</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionocr.cpp" line="133" />
        <source>Read text failed: %1</source>
        <translation>文字识别失败：%1</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionocr.cpp" line="150" />
        <location filename="../app/tools/sessionocr.cpp" line="151" />
        <source>Read text</source>
        <translation>识别文字</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionocr.cpp" line="150" />
        <source>Read text in @%1</source>
        <translation>识别 @%1 中的文字</translation>
    </message>
</context>
<context>
    <name>SessionProposals</name>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="79" />
        <source>Florence-2 region proposals</source>
        <translation>Florence-2 候选区域</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="81" />
        <source>the segmenter's automatic marks</source>
        <translation>分割器的自动标记</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="90" />
        <source>Regions are being proposed already.</source>
        <translation>已在提出候选区域。</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="94" />
        <source>Open an image first.</source>
        <translation>请先打开一张图片。</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="98" />
        <source>At least one region must be asked for.</source>
        <translation>至少要请求一个区域。</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="104" />
        <source>Florence-2 proposals need a Florence-2 model: load one first.</source>
        <translation>Florence-2 候选区域需要 Florence-2 模型：请先加载一个。</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="105" />
        <source>No segmenter is there to propose regions.</source>
        <translation>没有可用于提出候选区域的分割器。</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="106" />
        <source>Unknown proposal source: %1</source>
        <translation>未知的候选区域来源：%1</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="138" />
        <source>The engine did not take the request.</source>
        <translation>引擎没有接受该请求。</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="234" />
        <source>Propose regions failed: %1</source>
        <translation>提出候选区域失败：%1</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="245" />
        <source>Propose regions with %1: none found</source>
        <translation>用 %1 提出候选区域：未找到</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="246" />
        <source>Propose regions with %1: marks %2–%3</source>
        <translation>用 %1 提出候选区域：标记 %2–%3</translation>
    </message>
    <message>
        <location filename="../app/tools/sessionproposals.cpp" line="248" />
        <source>Propose regions</source>
        <translation>提出候选区域</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="14" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="57" />
        <source>Generation</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="58" />
        <source>Max new tokens (0 = the model's own)</source>
        <translation>最大新生成 token 数（0 = 使用模型自身的设置）</translation>
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="60" />
        <source>Temperature (0 = greedy) ×100</source>
        <translation>温度（0 = 贪心）×100</translation>
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="62" />
        <source>Top-p ×100</source>
        <translation>Top-p ×100</translation>
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="64" />
        <source>Top-k (0 = off)</source>
        <translation>Top-k（0 = 关闭）</translation>
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="66" />
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="68" />
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="69" />
        <source>CPU threads (0 = all; applies to the next model load)</source>
        <translation>CPU 线程数（0 = 全部；下次加载模型时生效）</translation>
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="90" />
        <source>Turn every answer's boxes into masks</source>
        <translation>把每个回答的框都转换为掩码</translation>
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="94" />
        <source>Servers</source>
        <translation>服务器</translation>
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="96" />
        <source>Longest answer from a server, seconds (0 = no limit; applies to the next model load)</source>
        <translation>服务器回答的最长时间（秒，0 = 不限；下次加载模型时生效）</translation>
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="102" />
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="104" />
        <source>Largest image to open, megapixels (default %1; a larger one is refused from its header, never decoded)</source>
        <translation>可打开的最大图像，百万像素（默认 %1；更大的图像仅凭文件头即被拒绝，不会解码）</translation>
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="110" />
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <location filename="../qml/SettingsDialog.qml" line="113" />
        <source>Embed images in saved sessions</source>
        <translation>在保存的会话中嵌入图像</translation>
    </message>
</context>
<context>
    <name>StartupPlan</name>
    <message>
        <location filename="../app/engine/startuppolicy.cpp" line="16" />
        <source>The model folder %1 is not there any more: the demo model answers instead.</source>
        <translation>模型文件夹 %1 已不存在：改由演示模型回答。</translation>
    </message>
</context>
<context>
    <name>TileProgress</name>
    <message>
        <location filename="../qml/TileProgress.qml" line="23" />
        <source>Looking at the image in tiles: %1 of %2 views answered (the tiles and the whole image). The answer is shown when all are.</source>
        <translation>正在分块查看图片：已回答 %2 个视图中的 %1 个（各图块和整张图片）。全部完成后显示回答。</translation>
    </message>
</context>
<context>
    <name>TiledAsk</name>
    <message>
        <location filename="../app/engine/tiledask.cpp" line="67" />
        <source>This model's answers cannot be read in tiles.</source>
        <translation>无法分块读取此模型的回答。</translation>
    </message>
    <message>
        <location filename="../app/engine/tiledask.cpp" line="144" />
        <source>This model's answers cannot be merged from tiles: ask about the whole image.</source>
        <translation>无法合并此模型各图块的回答：请针对整张图片提问。</translation>
    </message>
</context>
<context>
    <name>TilingBox</name>
    <message>
        <location filename="../qml/TilingBox.qml" line="15" />
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location filename="../qml/TilingBox.qml" line="16" />
        <source>Whole image</source>
        <translation>整张图片</translation>
    </message>
    <message>
        <location filename="../qml/TilingBox.qml" line="17" />
        <source>Tiled</source>
        <translation>分块</translation>
    </message>
    <message>
        <location filename="../qml/TilingBox.qml" line="23" />
        <source>Auto looks at a large image in overlapping tiles as well as whole when the task lists its objects; a question citing a region is always asked about the whole image.</source>
        <translation>当任务需要列出图中物体时，“自动”会把大图分成相互重叠的图块查看，同时也查看整张图；引用区域的问题总是针对整张图片提问。</translation>
    </message>
</context>
<context>
    <name>TimelineMenu</name>
    <message>
        <location filename="../qml/TimelineMenu.qml" line="9" />
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location filename="../qml/TimelineMenu.qml" line="11" />
        <source>Compress pauses to 2 s</source>
        <translation>将停顿压缩到 2 秒</translation>
    </message>
    <message>
        <location filename="../qml/TimelineMenu.qml" line="16" />
        <source>Show in the presentation:</source>
        <translation>在演示中显示：</translation>
    </message>
    <message>
        <location filename="../qml/TimelineMenu.qml" line="23" />
        <source>(empty question)</source>
        <translation>（空问题）</translation>
    </message>
</context>
<context>
    <name>ToolRunsView</name>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="18" />
        <source>Read text (OCR)</source>
        <translation>识别文字（OCR）</translation>
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="19" />
        <source>Text read, given to the model</source>
        <translation>识别出的文字，已提供给模型</translation>
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="20" />
        <source>Grounding expert</source>
        <translation>定位专家</translation>
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="21" />
        <source>Region proposals</source>
        <translation>候选区域</translation>
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="22" />
        <source>Tiled views</source>
        <translation>分块视图</translation>
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="23" />
        <source>Look closer</source>
        <translation>细看</translation>
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="36" />
        <source>on %1, %2 – %3, %4</source>
        <translation>位于 %1, %2 – %3, %4</translation>
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="38" />
        <source>on the whole image</source>
        <translation>整张图像</translation>
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="63" />
        <source>Grounding expert (%1)</source>
        <translation>定位专家（%1）</translation>
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="67" />
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message numerus="yes">
        <location filename="../qml/ToolRunsView.qml" line="69" />
        <source>%n region(s)</source>
        <translation><numerusform>%n 个区域</numerusform></translation>
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="76" />
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <location filename="../qml/ToolRunsView.qml" line="76" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
</context>
<context>
    <name>ToolsMenu</name>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="16" />
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="22" />
        <source>Read text (OCR)</source>
        <translation>识别文字（OCR）</translation>
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="28" />
        <source>Read text in %1</source>
        <translation>识别 %1 中的文字</translation>
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="29" />
        <source>Read text in the selected region</source>
        <translation>识别所选区域中的文字</translation>
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="34" />
        <source>Stop reading</source>
        <translation>停止识别</translation>
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="45" />
        <source>There is no grounding expert.</source>
        <translation>没有可用的定位专家。</translation>
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="49" />
        <source>Ground the answer</source>
        <translation>为回答定位</translation>
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="49" />
        <source>Ground the answer — %1</source>
        <translation>为回答定位 — %1</translation>
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="54" />
        <source>Stop grounding</source>
        <translation>停止定位</translation>
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="60" />
        <source>Ground answers without boxes automatically</source>
        <translation>自动为没有框的回答定位</translation>
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="67" />
        <source>Grounding model</source>
        <translation>定位模型</translation>
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="69" />
        <source>Florence-2 when installed, else the demo model</source>
        <translation>已安装时用 Florence-2，否则用演示模型</translation>
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="76" />
        <source>Florence-2</source>
        <translation>Florence-2</translation>
    </message>
    <message>
        <location filename="../qml/ToolsMenu.qml" line="83" />
        <source>Demo model (scenes of shapes only)</source>
        <translation>演示模型（仅限形状场景）</translation>
    </message>
</context>
<context>
    <name>VideoExport</name>
    <message>
        <location filename="../app/present/videoexport.cpp" line="39" />
        <source>Nothing to export.</source>
        <translation>没有可导出的内容。</translation>
    </message>
    <message>
        <location filename="../app/present/videoexport.cpp" line="46" />
        <source>The video cannot be written: %1</source>
        <translation>无法写入视频：%1</translation>
    </message>
    <message>
        <location filename="../app/present/videoexport.cpp" line="53" />
        <source>Nothing to present: wait for the answer to end.</source>
        <translation>没有可演示的内容：请等待回答结束。</translation>
    </message>
    <message>
        <location filename="../app/present/videoexport.cpp" line="76" />
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../app/present/videoexport.cpp" line="120" />
        <source>Present mode ended during the export.</source>
        <translation>导出期间演示模式已结束。</translation>
    </message>
    <message>
        <location filename="../app/present/videoexport.cpp" line="153" />
        <source>The video could not be written.</source>
        <translation>视频未能写入。</translation>
    </message>
</context>
<context>
    <name>VideoExportDialog</name>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="26" />
        <source>The video is written.</source>
        <translation>视频已写入。</translation>
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="37" />
        <location filename="../qml/VideoExportDialog.qml" line="103" />
        <source>Export demo video</source>
        <translation>导出演示视频</translation>
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="40" />
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="42" />
        <source>Size</source>
        <translation>尺寸</translation>
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="44" />
        <source>Frames per second</source>
        <translation>每秒帧数</translation>
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="46" />
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="48" />
        <source>Title card</source>
        <translation>片头标题</translation>
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="49" />
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="51" />
        <source>Show the model's name</source>
        <translation>显示模型名称</translation>
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="54" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="55" />
        <location filename="../qml/VideoExportDialog.qml" line="93" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="64" />
        <source>Save the video</source>
        <translation>保存视频</translation>
    </message>
    <message>
        <location filename="../qml/VideoExportDialog.qml" line="91" />
        <source>Exporting the video… %1%</source>
        <translation>正在导出视频… %1%</translation>
    </message>
</context>
<context>
    <name>WeightFormatBox</name>
    <message>
        <location filename="../qml/WeightFormatBox.qml" line="23" />
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../qml/WeightFormatBox.qml" line="32" />
        <source>Reading the checkpoint…</source>
        <translation>正在读取检查点…</translation>
    </message>
    <message>
        <location filename="../qml/WeightFormatBox.qml" line="39" />
        <source>This model's architecture runs in full precision only.</source>
        <translation>此模型的架构只能以全精度运行。</translation>
    </message>
</context>
<context>
    <name>WeightFormatList</name>
    <message>
        <location filename="../app/engine/weightformatlist.cpp" line="37" />
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../app/engine/weightformatlist.cpp" line="94" />
        <source>The model's weight formats could not be read: %1</source>
        <translation>无法读取模型的权重格式：%1</translation>
    </message>
    <message>
        <location filename="../app/engine/weightformatlist.cpp" line="139" />
        <source>Full precision (f32)</source>
        <translation>全精度 (f32)</translation>
    </message>
    <message>
        <location filename="../app/engine/weightformatlist.cpp" line="141" />
        <source>16-bit (bf16)</source>
        <translation>16 位 (bf16)</translation>
    </message>
    <message>
        <location filename="../app/engine/weightformatlist.cpp" line="143" />
        <source>16-bit (f16)</source>
        <translation>16 位 (f16)</translation>
    </message>
    <message>
        <location filename="../app/engine/weightformatlist.cpp" line="145" />
        <source>8-bit (q8)</source>
        <translation>8 位 (q8)</translation>
    </message>
    <message>
        <location filename="../app/engine/weightformatlist.cpp" line="147" />
        <source>4-bit (q4)</source>
        <translation>4 位 (q4)</translation>
    </message>
</context>
<context>
    <name>ZoomCropView</name>
    <message>
        <location filename="../qml/ZoomCropView.qml" line="13" />
        <source>Look closer: asked about this part of the image (%1 × %2 pixels at %3, %4)</source>
        <translation>细看：针对图片的这一部分提问（%1 × %2 像素，位于 %3, %4）</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/main.cpp" line="31" />
        <source>Grounded multimodal chat</source>
        <translation>定位多模态对话</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="35" />
        <source>Images or a .gcsession file to open.</source>
        <translation>要打开的图像或 .gcsession 文件。</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="37" />
        <source>Model folder to load.</source>
        <translation>要加载的模型文件夹。</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="39" />
        <source>light or dark.</source>
        <translation>light 或 dark。</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="41" />
        <source>en or zh_CN.</source>
        <translation>en 或 zh_CN。</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="44" />
        <source>Save the window to FILE and quit.</source>
        <translation>把窗口保存到 FILE 后退出。</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="47" />
        <source>Milliseconds before the screenshot.</source>
        <translation>截图前等待的毫秒数。</translation>
    </message>
    <message>
        <location filename="../app/main.cpp" line="50" />
        <source>Send this message once the model is ready.</source>
        <translation>模型就绪后发送此消息。</translation>
    </message>
</context>
</TS>