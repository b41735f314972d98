"""serving: what every test server does at start: tell the test its port
(written atomically to --port-file, which the test waits for), then serve."""

import os
import threading


def announce(srv, port_file):
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(tmp, port_file)


def serve(srv, port_file):
    """Announce the port, then serve until interrupted; 0 for sys.exit."""
    announce(srv, port_file)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


def serve_in_background(srv, port_file):
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    announce(srv, port_file)
