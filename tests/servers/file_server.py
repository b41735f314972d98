#!/usr/bin/env python3
"""Serve the files of one folder over HTTP, 127.0.0.1 only, as they are
(any bytes: the hostile-input suite's bodies).  It follows
tests/servers/lib.bash: binds port 0, writes the port into --port-file
once listening, serves until killed.

  file_server.py --dir DIR --port-file FILE
"""
import argparse
import functools
import http.server

from serving import serve


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port-file", required=True)
    a = ap.parse_args()
    handler = functools.partial(Quiet, directory=a.dir)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    serve(srv, a.port_file)


if __name__ == "__main__":
    main()
