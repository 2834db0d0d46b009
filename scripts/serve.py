#!/usr/bin/env python3
"""Serves a folder on 127.0.0.1 (the playground needs no server logic: any static
server works) and prints the URL. Ctrl-C stops it."""
import argparse
import functools
import http.server
import os
import sys

class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript", ".gz": "application/gzip"}

    def log_message(self, fmt, *args):  # quiet: one line per request is noise here
        pass

def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8080")))
    a = ap.parse_args()
    if not os.path.isfile(os.path.join(a.dir, "index.html")):
        sys.exit(f"{a.dir}/index.html not found: build the web preset first (make play does)")
    handler = functools.partial(Handler, directory=a.dir)
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", a.port), handler)
    except OSError as e:
        sys.exit(f"cannot listen on 127.0.0.1:{a.port}: {e.strerror} (set another port: make play PORT=8081)")
    print(f"nnplay is served at http://127.0.0.1:{a.port}/  (Ctrl-C stops)", flush=True)
    if os.path.isfile(os.path.join(a.dir, "examples", "course-page.html")):
        print(f"a course page with three playgrounds: http://127.0.0.1:{a.port}/examples/course-page.html",
              flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass

if __name__ == "__main__":
    main()
