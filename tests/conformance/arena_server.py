# Starts and stops one real `arena serve` for the conformance scripts: a fresh data directory,
# 127.0.0.1 and port 0, the port and the one-time setup token read from its stdout. The server
# is stopped (SIGTERM, then SIGKILL, by pid) by stop(), which the scripts call in `finally`.
import ctypes
import http.client
import json
import os
import selectors
import shutil
import signal
import ssl
import subprocess
import tempfile
import time


def _die_with_parent():
    # In the child, before exec: if this script dies without stopping the server (SIGKILL from
    # `timeout -k`), the kernel sends the server SIGTERM.
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def stop_on_sigterm():
    """Turns SIGTERM (e.g. from `timeout`) into SystemExit, so the `finally` blocks stop the server."""
    def handler(signum, frame):
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, handler)


class ArenaServer:
    def __init__(self, binary, extra_args=(), tls_cert=None, tls_key=None, start_timeout=60.0):
        self.binary = binary
        self.dir = tempfile.mkdtemp(prefix="arena-conf-")
        self.data_dir = os.path.join(self.dir, "data")
        self.static_dir = os.path.join(self.dir, "no-web")
        os.makedirs(self.data_dir)
        os.makedirs(self.static_dir)
        self.log_path = os.path.join(self.dir, "server.log")
        self.tls = tls_cert is not None
        argv = [binary, "serve", "--bind", "127.0.0.1", "--port", "0",
                "--data-dir", self.data_dir, "--static-dir", self.static_dir]
        if self.tls:
            argv += ["--tls-cert", tls_cert, "--tls-key", tls_key]
        argv += list(extra_args)
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=self._log, stdin=subprocess.DEVNULL,
                                     preexec_fn=_die_with_parent)
        self.port = None
        self.setup_token = None
        self._out = b""
        try:
            self._read_startup(start_timeout)
        except BaseException:
            self.stop()
            raise

    def _read_startup(self, timeout):
        # The "listening on" line comes first; on an empty database the setup link follows.
        deadline = time.monotonic() + timeout
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        try:
            while self.port is None or self.setup_token is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RuntimeError("arena serve: no listening line and setup link in time\n" + self.log_text())
                if not sel.select(left):
                    continue
                chunk = os.read(self.proc.stdout.fileno(), 4096)
                if not chunk:
                    raise RuntimeError("arena serve exited during start-up\n" + self._out.decode(errors="replace")
                                       + self.log_text())
                self._out += chunk
                for line in self._out.decode(errors="replace").splitlines():
                    if " listening on " in line and self.port is None:
                        self.port = int(line.rsplit(":", 1)[1])
                    if line.startswith("setup link: ") and "#token=" in line:
                        self.setup_token = line.split("#token=", 1)[1].strip()
        finally:
            sel.close()
        # Nothing else is read from stdout; keep the pipe from filling up.
        self.proc.stdout.close()

    @property
    def host(self):
        return "127.0.0.1:%d" % self.port

    @property
    def origin(self):
        return ("https://" if self.tls else "http://") + self.host

    def log_text(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read()[-4000:].decode(errors="replace")
        except OSError:
            return ""

    def post(self, op, body, cookie=None, timeout=30.0):
        """POST /api/<op>; returns (status, parsed body, headers)."""
        if self.tls:
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=timeout, context=ctx)
        else:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"Content-Type": "application/json", "Origin": self.origin}
        if cookie:
            headers["Cookie"] = cookie
        try:
            conn.request("POST", "/api/" + op, body=json.dumps(body).encode(), headers=headers)
            r = conn.getresponse()
            data = r.read()
            return r.status, (json.loads(data) if data else None), r.getheaders()
        finally:
            conn.close()

    def complete_setup(self):
        """Creates the administrator with the printed token; returns the session cookie ("name=value")."""
        status, body, headers = self.post("setup.complete", {
            "token": self.setup_token, "email": "kari@helse-vest.no", "display_name": "Kari Nordmann",
            "password": "correct horse battery staple",
            "organisation": {"name": "Helse Vest RHF", "orgnr": "983974880"}})
        if status != 200 or not body or not body.get("ok"):
            raise RuntimeError("setup.complete failed: %s %s\n%s" % (status, body, self.log_text()))
        for name, value in headers:
            if name.lower() == "set-cookie" and "arena_session=" in value:
                return value.split(";", 1)[0].strip()
        raise RuntimeError("setup.complete set no session cookie: %s" % headers)

    def stop(self, timeout=15.0):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout and not self.proc.stdout.closed:
            self.proc.stdout.close()
        self._log.close()
        shutil.rmtree(self.dir, ignore_errors=True)
        return self.proc.returncode
