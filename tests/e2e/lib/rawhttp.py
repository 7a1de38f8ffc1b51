# Raw HTTP heads for the tests of the server's body limits (this folder is not
# a test): what curl will not do, a head declaring a large body that is then
# held open, trickled or dropped. Imported by the e2e scripts as
#   PYTHONDONTWRITEBYTECODE=1 PYTHONPATH="$(dirname "$0")/lib" python3 - ARGS <<'PY' ... import rawhttp
# (no __pycache__ in the source tree)
import socket
import time


def head(port, path, size, cookie=None, csrf=None):
    """Sends a POST head declaring `size` bytes of application/octet-stream
    (Expect: 100-continue) to 127.0.0.1:port and returns (socket, the first
    status line the server answered: "HTTP/1.1 100 Continue" when it will read
    the body). With cookie and csrf it is a clinic runner's, with the server's
    own Origin."""
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    lines = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{port}"]
    if cookie:
        lines += [f"Origin: http://127.0.0.1:{port}", f"Cookie: sg_session={cookie}",
                  f"X-CSRF-Token: {csrf}"]
    lines += ["Content-Type: application/octet-stream", f"Content-Length: {size}",
              "Expect: 100-continue", "", ""]
    s.sendall("\r\n".join(lines).encode())
    return s, s.recv(200).split(b"\r\n")[0].decode()


def trickle(s, limit=40.0):
    """Sends a kilobyte every 2 s on s until the server closes it; returns the
    seconds that took, or None when it was still open after `limit`."""
    t0 = time.time()
    while time.time() - t0 < limit:
        try:
            s.sendall(b"x" * 1024)
            s.settimeout(2)
            if s.recv(1) == b"":
                return time.time() - t0
        except socket.timeout:
            pass
        except OSError:
            return time.time() - t0
    return None
