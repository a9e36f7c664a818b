#!/usr/bin/python3
# TLS configuration of the real server, scanned with Debian's `openssl s_client`.
#
# Proves that `arena serve --tls-cert/--tls-key` speaks only TLS 1.2 and 1.3, and that the suites
# it negotiates are exactly Mozilla's "intermediate" profile (server/net/tls_context.cpp):
#   - TLS 1.0 and 1.1 are refused, although the client offers them (a control run against
#     `openssl s_server` shows the same client command does complete TLS 1.0 and 1.1);
#   - TLS 1.2: every cipher `openssl ciphers -v 'ALL:COMPLEMENTOFALL'` knows is offered alone;
#     the accepted set must equal the intermediate list for the certificate's key type
#     (an RSA certificate: ECDHE-RSA and DHE-RSA; an ECDSA certificate: ECDHE-ECDSA);
#   - TLS 1.3: each of OpenSSL's five suites alone; exactly the three standard ones are accepted.
# Both an RSA-2048 and an ECDSA P-256 certificate are scanned (self-signed, made with the openssl
# CLI into a temporary directory).
#
# Usage: /usr/bin/python3 tests/conformance/tls_scan.py ARENA_BINARY
# Exits 0 only when every check passes.
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from arena_server import ArenaServer, stop_on_sigterm  # noqa: E402

OPENSSL = shutil.which("openssl", path="/usr/bin") or "openssl"
PROBE_TIMEOUT = 20  # seconds per s_client run; a handshake on loopback takes milliseconds
WORKERS = 3         # s_client runs at once (the machine has 2 cores and is shared)

# Mozilla intermediate (v5.7), TLS 1.2 part, by the key type of the certificate.
INTERMEDIATE_TLS12 = {
    "rsa": {"ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-RSA-CHACHA20-POLY1305",
            "DHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES256-GCM-SHA384", "DHE-RSA-CHACHA20-POLY1305"},
    "ecdsa": {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305"},
}
TLS13_ALL = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
             "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256"]
TLS13_EXPECTED = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"}

failures = []


def check(ok, what):
    print("  %-4s %s" % ("ok" if ok else "FAIL", what), flush=True)
    if not ok:
        failures.append(what)


def run(argv, timeout=PROBE_TIMEOUT):
    try:
        r = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
        return r.returncode, (r.stdout + r.stderr).decode(errors="replace")
    except subprocess.TimeoutExpired:
        return None, "timed out"


def make_cert(directory, kind):
    key, crt = os.path.join(directory, kind + ".key"), os.path.join(directory, kind + ".crt")
    algo = ["-newkey", "rsa:2048"] if kind == "rsa" else ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"]
    rc, out = run([OPENSSL, "req", "-x509", *algo, "-nodes", "-days", "1", "-subj", "/CN=localhost",
                   "-keyout", key, "-out", crt])
    if rc != 0:
        raise RuntimeError("openssl req failed: " + out)
    return crt, key


class Handshake:
    """One s_client handshake: accepted (protocol, cipher), refused by the server, or not offered."""

    def __init__(self, port, args):
        rc, out = run([OPENSSL, "s_client", "-brief", "-connect", "127.0.0.1:%d" % port, "-servername", "localhost",
                       *args])
        self.out = out
        # -brief prints these once the handshake is complete.
        m = re.search(r"^Protocol version: (\S+)", out, re.M)
        self.protocol = m.group(1) if m else None
        m = re.search(r"^Ciphersuite: (\S+)", out, re.M)
        self.cipher = m.group(1) if m else None
        self.accepted = rc is not None and "CONNECTION ESTABLISHED" in out and None not in (self.protocol, self.cipher)
        # The server said no: an alert from it, or the connection closed after our ClientHello.
        self.refused = not self.accepted and (
            re.search(r"alert (handshake failure|protocol version|insufficient security)", out) is not None
            or "unexpected eof while reading" in out)
        # The client could not even offer it (e.g. a PSK suite without a key): not a test of the server.
        self.not_offered = not self.accepted and not self.refused and "no ciphers available" in out

    def outcome(self):
        if self.accepted:
            return "accepted %s %s" % (self.protocol, self.cipher)
        if self.refused:
            return "refused"
        return "no handshake: " + " | ".join(self.out.strip().splitlines()[:2])


def tls12_ciphers():
    rc, out = run([OPENSSL, "ciphers", "-v", "ALL:COMPLEMENTOFALL:@SECLEVEL=0"])
    if rc != 0:
        raise RuntimeError("openssl ciphers failed: " + out)
    names = []
    for line in out.splitlines():
        name, version = line.split()[:2]
        if version != "TLSv1.3":
            names.append(name)
    return names


def offer_args(name):
    """s_client arguments that make the client offer TLS 1.2 cipher `name` and nothing else."""
    args = ["-tls1_2", "-cipher", name + ":@SECLEVEL=0"]
    if "PSK" in name:
        args += ["-psk", "a0b1c2d3e4f5"]  # the client offers PSK suites only with a key
    if name.startswith("SRP"):
        args += ["-srpuser", "probe", "-srppass", "pass:probe"]
    return args


def control_old_protocols(tmp, crt, key):
    """The client side does offer TLS 1.0 and 1.1: a handshake with openssl s_server succeeds."""
    print("control: openssl s_server configured for TLS 1.0 and 1.1 (proves the client offers them)")
    for flag in ("-tls1", "-tls1_1"):
        srv = subprocess.Popen([OPENSSL, "s_server", "-accept", "127.0.0.1:0", "-cert", crt, "-key", key,
                                flag, "-cipher", "DEFAULT:@SECLEVEL=0", "-naccept", "1"],
                               # s_server stops at EOF on stdin: keep it open until the end.
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        try:
            port = None
            deadline = time.monotonic() + PROBE_TIMEOUT
            while port is None and time.monotonic() < deadline:
                line = srv.stdout.readline().decode(errors="replace")
                if not line:
                    break
                m = re.match(r"ACCEPT 127\.0\.0\.1:(\d+)", line)
                if m:
                    port = int(m.group(1))
            if port is None:
                check(False, "control s_server %s started" % flag)
                continue
            h = Handshake(port, [flag, "-cipher", "DEFAULT:@SECLEVEL=0"])
            want = {"-tls1": "TLSv1", "-tls1_1": "TLSv1.1"}[flag]  # OpenSSL's names
            check(h.accepted and h.protocol == want, "s_client %s against s_server: %s" % (flag, h.outcome()))
        finally:
            if srv.poll() is None:
                srv.terminate()
                try:
                    srv.wait(10)
                except subprocess.TimeoutExpired:
                    srv.kill()
                    srv.wait()
            srv.stdin.close()
            srv.stdout.close()


def scan(kind, port, pool):
    figures = {}
    print("protocols (%s certificate):" % kind)
    old = {"-tls1": "TLS 1.0", "-tls1_1": "TLS 1.1"}
    for flag, name in old.items():
        h = Handshake(port, [flag, "-cipher", "DEFAULT:@SECLEVEL=0"])
        check(h.refused, "%s refused (%s)" % (name, h.outcome()))
    for flag, want in (("-tls1_2", "TLSv1.2"), ("-tls1_3", "TLSv1.3")):
        h = Handshake(port, [flag])
        check(h.accepted and h.protocol == want, "%s accepted (%s)" % (want, h.outcome()))
        m = re.search(r"Server Temp Key: ([^\n]+)", h.out)
        figures[want + " key exchange (default client)"] = m.group(1).strip() if m else "?"

    names = tls12_ciphers()
    results = dict(zip(names, pool.map(lambda n: Handshake(port, offer_args(n)), names)))
    accepted = {n for n, h in results.items() if h.accepted}
    refused = {n for n, h in results.items() if h.refused}
    unclear = {n: h.outcome() for n, h in results.items() if not h.accepted and not h.refused and not h.not_offered}
    not_offered = sorted(n for n, h in results.items() if h.not_offered)
    print("TLS 1.2 suites (%s certificate): %d tried, %d accepted, %d refused by the server, %d the client "
          "could not offer%s" % (kind, len(names), len(accepted), len(refused), len(not_offered),
                                 (": " + ", ".join(not_offered)) if not_offered else ""))
    for n in sorted(accepted):
        print("       accepted: %s" % n)
    wrong = [n for n in accepted if results[n].cipher != n or results[n].protocol != "TLSv1.2"]
    check(not wrong, "each accepted suite is the one offered, in TLS 1.2" + (": %s" % wrong if wrong else ""))
    expected = INTERMEDIATE_TLS12[kind]
    check(accepted == expected, "accepted set == Mozilla intermediate for %s (missing: %s; extra: %s)"
          % (kind, sorted(expected - accepted) or "none", sorted(accepted - expected) or "none"))
    check(not unclear, "every other suite refused by the server" +
          (": " + "; ".join("%s: %s" % kv for kv in sorted(unclear.items())) if unclear else ""))
    # Only suites the client could not offer at all (needing credentials it lacks) may be untested,
    # and none of them may be one we expect.
    check(not (set(not_offered) & expected), "every expected suite was actually offered")
    for n in sorted(expected & accepted):
        if n.startswith("DHE-"):
            m = re.search(r"Server Temp Key: ([^\n]+)", results[n].out)
            figures["DHE group (%s)" % n] = m.group(1).strip() if m else "?"

    print("TLS 1.3 suites (%s certificate):" % kind)
    t13 = dict(zip(TLS13_ALL, pool.map(lambda s: Handshake(port, ["-tls1_3", "-ciphersuites", s]), TLS13_ALL)))
    acc13 = {s for s, h in t13.items() if h.accepted and h.cipher == s and h.protocol == "TLSv1.3"}
    for s in TLS13_ALL:
        print("       %s: %s" % (s, t13[s].outcome()))
    check(acc13 == TLS13_EXPECTED, "TLS 1.3 accepted set == the three standard suites (missing: %s; extra: %s)"
          % (sorted(TLS13_EXPECTED - acc13) or "none", sorted(acc13 - TLS13_EXPECTED) or "none"))
    check(all(t13[s].refused for s in TLS13_ALL if s not in TLS13_EXPECTED), "the CCM suites refused by the server")
    figures["TLS 1.2 suites tried"] = len(names)
    figures["TLS 1.2 suites accepted"] = len(accepted)
    figures["TLS 1.3 suites accepted"] = len(acc13)
    return figures


def main():
    if len(sys.argv) != 2:
        print("usage: tls_scan.py ARENA_BINARY", file=sys.stderr)
        return 2
    stop_on_sigterm()
    started = time.monotonic()
    print(run([OPENSSL, "version"])[1].strip())
    tmp = tempfile.mkdtemp(prefix="arena-tls-")
    try:
        certs = {kind: make_cert(tmp, kind) for kind in ("rsa", "ecdsa")}
        control_old_protocols(tmp, *certs["rsa"])
        with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
            for kind, (crt, key) in certs.items():
                print("\n== arena serve with an %s certificate" % ("RSA-2048" if kind == "rsa" else "ECDSA P-256"))
                server = ArenaServer(sys.argv[1], tls_cert=crt, tls_key=key)
                try:
                    figures = scan(kind, server.port, pool)
                    check(server.proc.poll() is None, "the server is still running after the scan")
                finally:
                    server.stop()
                print("figures (%s):" % kind)
                for k, v in figures.items():
                    print("       %s: %s" % (k, v))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("\nTLS scan: %d failed check(s) (%.1f s)" % (len(failures), time.monotonic() - started))
    for f in failures:
        print("  FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
