#!/usr/bin/env python3
"""ssh_bench.py: session start-up, memory and redraw cost of jishid, each beside a reference
measured in the same run.

  ssh_bench.py --jishid-port P --sshd-port Q --key KEY --user HANDLE --marker REGEX
               --jishid-pid PID [--sequential 200] [--concurrent 50] [--idle 100]

Time to first frame: from starting the OpenSSH client (TCP connect follows at once) to
the moment the bytes received contain the marker that the TUI draws last in its first
full frame; the same client, key and TUI behind OpenSSH's sshd with ForceCommand
`jishictl tui --as HANDLE` is the reference. Memory: proportional set size (PSS, shared
pages split fairly between the forked processes) and RSS of each session's processes at
N idle sessions. Redraw: bytes sent to the client for one Down key in a 40-row list.
"""
import argparse
import os
import pty
import re
import select
import signal
import statistics
import subprocess
import sys
import time

SSH_OPTS = ["-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
            "-o", "LogLevel=ERROR", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none",
            "-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no",
            "-tt"]


ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def screen_text(buf):
    """What the bytes say once escape sequences are removed (good enough for markers)."""
    return ANSI.sub("", buf.decode("utf-8", "replace"))


class Client:
    """One ssh client on its own pty, sized cols x rows."""

    def __init__(self, port, key, user, cols=100, rows=30):
        self.t0 = time.monotonic()
        pid, fd = pty.fork()
        if pid == 0:
            os.environ["TERM"] = "xterm-256color"
            os.environ["LANG"] = "C.UTF-8"
            import fcntl, struct, termios
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execvp("ssh", ["ssh", "-p", str(port), "-i", key] + SSH_OPTS +
                      ["%s@127.0.0.1" % user])
        self.pid, self.fd = pid, fd
        self.buf = b""
        self.frame_at = None

    def pump(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if not r:
            return 0
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return -1
        self.buf += data
        return len(data)

    def wait_for(self, regex, timeout=20.0):
        end = time.monotonic() + timeout
        pat = re.compile(regex)
        while time.monotonic() < end:
            if pat.search(screen_text(self.buf)):
                self.frame_at = time.monotonic()
                return self.frame_at - self.t0
            if self.pump(0.05) < 0:
                break
        raise RuntimeError("no frame within %.0fs; got %r" % (timeout, self.buf[-300:]))

    def close(self):
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        os.close(self.fd)


def pct(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def sequential(port, user, a, n):
    times = []
    for _ in range(n):
        c = Client(port, a.key, user)
        times.append(c.wait_for(a.marker))
        c.close()
    return times


def concurrent(port, user, a, n):
    clients = [Client(port, a.key, user) for _ in range(n)]
    pat = re.compile(a.marker)
    pending = set(range(n))
    end = time.monotonic() + 60
    while pending and time.monotonic() < end:
        fds = {clients[i].fd: i for i in pending}
        r, _, _ = select.select(list(fds), [], [], 0.2)
        for fd in r:
            i = fds[fd]
            c = clients[i]
            try:
                c.buf += os.read(fd, 65536)
            except OSError:
                pending.discard(i)
                continue
            if pat.search(screen_text(c.buf)):
                c.frame_at = time.monotonic()
                pending.discard(i)
    times = [c.frame_at - c.t0 for c in clients if c.frame_at]
    for c in clients:
        c.close()
    if len(times) < n:
        raise RuntimeError("%d of %d concurrent sessions never drew a frame" %
                           (n - len(times), n))
    return times


def proc_mem(pid):
    """(rss_kib, pss_kib) of one process."""
    rss = pss = 0
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def idle_memory(port, a, n):
    clients = [Client(port, a.key, a.user) for _ in range(n)]
    for c in clients:
        c.wait_for(a.marker, 60)
    time.sleep(1.0)
    sessions = children(a.jishid_pid)
    rss, pss = [], []
    for s in sessions:
        procs = [s] + children(s)
        r = p = 0
        for q in procs:
            qr, qp = proc_mem(q)
            r += qr
            p += qp
        rss.append(r)
        pss.append(p)
    for c in clients:
        c.close()
    return len(sessions), statistics.mean(rss), statistics.mean(pss)


def redraw_bytes(port, a):
    c = Client(port, a.key, a.user, cols=100, rows=45)
    c.wait_for(a.marker)
    names = {"Enter": "\r", "Down": "\x1b[B", "Up": "\x1b[A", "Esc": "\x1b"}
    for key in a.list_keys:
        os.write(c.fd, names.get(key, key).encode())
        time.sleep(0.5)
    while c.pump(0.5) > 0:
        pass
    c.buf = b""
    os.write(c.fd, b"\x1bOB")   # Down, as a terminal in keypad-transmit mode sends it
    time.sleep(0.3)
    while c.pump(0.3) > 0:
        pass
    n = len(c.buf)
    c.close()
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jishid-port", type=int, required=True)
    ap.add_argument("--sshd-port", type=int, required=True)
    ap.add_argument("--jishid-pid", type=int, required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--user", required=True, help="the account's handle on jishid")
    ap.add_argument("--sshd-user", default="root", help="the unix user on sshd")
    ap.add_argument("--marker", required=True)
    ap.add_argument("--sequential", type=int, default=200)
    ap.add_argument("--concurrent", type=int, default=50)
    ap.add_argument("--idle", type=int, default=100)
    ap.add_argument("--list-keys", nargs="*", default=[],
                    help="keys that open a screen with a 40-row list")
    a = ap.parse_args()

    ms = lambda v: v * 1000.0
    print("== session start: TCP connect to first full frame (target: ratio <= 0.8)")
    for label, fn, n in (("sequential", sequential, a.sequential),
                         ("concurrent", concurrent, a.concurrent)):
        ours = fn(a.jishid_port, a.user, a, n)
        ref = fn(a.sshd_port, a.sshd_user, a, n)
        for p in (50, 99):
            o, r = ms(pct(ours, p)), ms(pct(ref, p))
            print("  %-10s x%-3d p%-2d  jishid %7.1f ms   sshd+ForceCommand %7.1f ms"
                  "   ratio %.2f" % (label, n, p, o, r, o / r))
    print("== memory of one idle session (session + TUI process), target <= 8 MiB")
    count, rss, pss = idle_memory(a.jishid_port, a, a.idle)
    print("  %d idle sessions: PSS %.2f MiB per session, RSS %.2f MiB per session"
          % (count, pss / 1024.0, rss / 1024.0))
    if a.list_keys:
        print("== redraw cost")
        print("  bytes sent for one Down in a 40-row list: %d" % redraw_bytes(a.jishid_port, a))


if __name__ == "__main__":
    sys.exit(main())
