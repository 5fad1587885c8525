#!/usr/bin/env python3
"""A replay server speaking the OpenAI chat-completions protocol on 127.0.0.1, for screenshots and manual
tests of GroundChat's remote engine without a GPU server. It is not a model: every question gets the same
scripted answer, written the way Qwen2.5-VL answers grounding prompts (a fenced JSON list of bbox_2d/label in
the smart-resized input frame). The default answer boxes the four shapes of resources/images/demo-shapes.png
(640x427, which Qwen2.5-VL's preprocessing resizes to 644x420).

usage: replay-openai-server.py [PORT] [ANSWER_FILE]
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL = "Qwen/Qwen2.5-VL-7B-Instruct"
ANSWER = """```json
[
  {"bbox_2d": [80, 69, 222, 208], "label": "red circle"},
  {"bbox_2d": [382, 59, 564, 216], "label": "blue square"},
  {"bbox_2d": [242, 246, 423, 393], "label": "green triangle"},
  {"bbox_2d": [40, 295, 131, 384], "label": "yellow square"}
]
```"""


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path.rstrip("/").endswith("/models"):
            body = json.dumps({"object": "list", "data": [{"id": MODEL, "object": "model", "owned_by": "replay"}]})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body.encode())
        else:
            self.send_error(404)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        for i in range(0, len(ANSWER), 6):
            chunk = {"id": "replay", "object": "chat.completion.chunk", "model": MODEL,
                     "choices": [{"index": 0, "delta": {"content": ANSWER[i:i + 6]}, "finish_reason": None}]}
            self.wfile.write(("data: " + json.dumps(chunk) + "\n\n").encode())
            self.wfile.flush()
            time.sleep(0.01)
        done = {"id": "replay", "object": "chat.completion.chunk", "model": MODEL,
                "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
        self.wfile.write(("data: " + json.dumps(done) + "\n\ndata: [DONE]\n\n").encode())


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 18080
    if len(sys.argv) > 2:
        ANSWER = open(sys.argv[2], encoding="utf-8").read()
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
