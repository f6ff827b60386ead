"""Probe tests: socket syscalls. Each triggers the real syscall on loopback
(127.0.0.1, ::1, a unix socket in a temporary directory) and checks every
decoded parameter of its event, the tuples and addresses decoded from their
scap encoding, failures included."""
import os
import socket
import struct
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testlib import *  # noqa: E402,F401,F403

TRIG = helper("trig_net")
PPM_AF_UNIX, PPM_AF_INET, PPM_AF_INET6 = 1, 2, 10
SOCK_STREAM, SOCK_DGRAM = 1, 2
SOCK_NONBLOCK, SOCK_CLOEXEC = 0o4000, 0o2000000
PPM_SHUT_RD, PPM_SHUT_WR, PPM_SHUT_RDWR = 0, 1, 2
EVT_ACCEPT_5_X, EVT_ACCEPT4_6_X = 247, 389  # accept, and accept4 as newer libs names it
LO = {PPM_AF_INET: "127.0.0.1", PPM_AF_INET6: "::1"}


def _ip(family, raw):
    return socket.inet_ntop(socket.AF_INET6 if family == PPM_AF_INET6 else socket.AF_INET, raw)


def decode_tuple(hexstr):
    """A PT_SOCKTUPLE: (family, src, sport, dst, dport) for IP, or
    (family, src sock, dst sock, path) for unix."""
    b = bytes.fromhex(hexstr)
    fam = b[0]
    if fam == PPM_AF_INET:
        assert len(b) == 13, hexstr
        return (fam, _ip(fam, b[1:5]), struct.unpack("<H", b[5:7])[0],
                _ip(fam, b[7:11]), struct.unpack("<H", b[11:13])[0])
    if fam == PPM_AF_INET6:
        assert len(b) == 37, hexstr
        return (fam, _ip(fam, b[1:17]), struct.unpack("<H", b[17:19])[0],
                _ip(fam, b[19:35]), struct.unpack("<H", b[35:37])[0])
    if fam == PPM_AF_UNIX:
        assert len(b) >= 18 and b[-1] == 0, hexstr
        src, dst = struct.unpack("<QQ", b[1:17])
        return (fam, src, dst, b[17:-1].decode())
    raise AssertionError("unexpected tuple family %d: %s" % (fam, hexstr))


def decode_sockaddr(hexstr):
    """A PT_SOCKADDR: (family, address, port) for IP, (family, path) for unix."""
    b = bytes.fromhex(hexstr)
    fam = b[0]
    if fam == PPM_AF_INET:
        assert len(b) == 7, hexstr
        return (fam, _ip(fam, b[1:5]), struct.unpack("<H", b[5:7])[0])
    if fam == PPM_AF_INET6:
        assert len(b) == 19, hexstr
        return (fam, _ip(fam, b[1:17]), struct.unpack("<H", b[17:19])[0])
    if fam == PPM_AF_UNIX:
        assert b[-1] == 0, hexstr
        return (fam, b[1:-1].decode())
    raise AssertionError("unexpected sockaddr family %d: %s" % (fam, hexstr))


def by_code(evts, code, **params):
    """Like one(), for the events that share a name (accept and accept4)."""
    found = [e for e in evts if e["code"] == code and
             all(e["params"].get(k) == v for k, v in params.items())]
    assert found, "no event %d with %r" % (code, params)
    return found[-1]


def trig(args, snaplen=80, timed=True):
    """Runs the helper under the probe: (its events, the facts it printed on
    stderr, where they cannot cut probe_dump's JSON lines)."""
    evts, rc, err = probe_events([TRIG] + list(args), snaplen=snaplen, timed=timed)
    assert rc == 0, (rc, err[-2000:])
    facts = {k: (int(v) if v.lstrip("-").isdigit() else v)
             for k, v in helper_output(err).items()}
    assert "error" not in facts and "warning" not in facts, facts
    return evts, facts


def check_tcp(fam, args):
    evts, f = trig(["tcp", args])
    lo = LO[fam]
    lport = f["lport"]

    s = one(evts, "socket", fd=f["lfd"])["params"]
    assert (s["domain"], s["type"], s["proto"]) == (fam, SOCK_STREAM | SOCK_CLOEXEC, 0), s
    for c in ("c1", "c2"):
        s = one(evts, "socket", fd=f[c])["params"]
        assert (s["domain"], s["type"], s["proto"]) == (fam, SOCK_STREAM, 0), s

    b = one(evts, "bind", fd=f["lfd"])["params"]
    assert b["res"] == 0 and decode_sockaddr(b["addr"]) == (fam, lo, 0), b
    ls = one(evts, "listen", fd=f["lfd"])["params"]
    assert ls["res"] == 0 and ls["backlog"] == 5, ls

    for c in ("c1", "c2"):
        e = one(evts, "connect", fd=f[c])
        p = e["params"]
        assert p["res"] == 0, p
        assert decode_tuple(p["tuple"]) == (fam, lo, f[c + "port"], lo, lport), p
        assert decode_sockaddr(p["addr"]) == (fam, lo, lport), p
        assert e["latency"] > 0

    # accept4 took one connection and left the other waiting; accept took that
    assert {e["type"] for e in evts if e["code"] == EVT_ACCEPT4_6_X} == {"accept4"}
    a4 = by_code(evts, EVT_ACCEPT4_6_X, fd=f["s1"])["params"]
    assert decode_tuple(a4["tuple"]) == (fam, lo, f["s1peer"], lo, lport), a4
    assert (a4["queuelen"], a4["queuemax"], a4["queuepct"]) == (1, 5, 20), a4
    assert a4["flags"] == SOCK_CLOEXEC | SOCK_NONBLOCK, a4
    a = by_code(evts, EVT_ACCEPT_5_X, fd=f["s2"])["params"]
    assert decode_tuple(a["tuple"]) == (fam, lo, f["s2peer"], lo, lport), a
    assert (a["queuelen"], a["queuemax"], a["queuepct"]) == (0, 5, 0), a
    assert "flags" not in a
    assert {f["s1peer"], f["s2peer"]} == {f["c1port"], f["c2port"]}

    # data on a connection: the tuple is the socket's own, sender -> receiver
    sender = f["sender"]
    sport = f["c1port"] if sender == f["c1"] else f["c2port"]
    assert sport == f["s1peer"]
    sd = one(evts, "sendto", fd=sender)["params"]
    assert sd["res"] == 13 and bytes.fromhex(sd["data"]) == b"ping over tcp", sd
    assert sd["size"] == 13
    assert decode_tuple(sd["tuple"]) == (fam, lo, sport, lo, lport), sd
    rv = one(evts, "recvfrom", fd=f["s1"])["params"]
    assert rv["res"] == 13 and bytes.fromhex(rv["data"]) == b"ping over tcp", rv
    assert rv["size"] == 64, rv
    assert decode_tuple(rv["tuple"]) == (fam, lo, sport, lo, lport), rv

    other = f["c2"] if sender == f["c1"] else f["c1"]
    for fd, how in ((sender, PPM_SHUT_WR), (f["s1"], PPM_SHUT_RD), (other, PPM_SHUT_RDWR)):
        sh = one(evts, "shutdown", fd=fd)["params"]
        assert sh["res"] == 0 and sh["how"] == how, sh


def test_tcp_ipv4():
    check_tcp(PPM_AF_INET, "4")


def test_tcp_ipv6():
    check_tcp(PPM_AF_INET6, "6")


def test_tcp_ipv4_ipv6_without_rdonly_cast():
    with without_rdonly_cast():
        check_tcp(PPM_AF_INET, "4")
        check_tcp(PPM_AF_INET6, "6")


def test_unix_stream():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "wtf.sock")
        evts, f = trig(["unix", path])
    s = one(evts, "socket", fd=f["lfd"])["params"]
    assert (s["domain"], s["type"], s["proto"]) == (PPM_AF_UNIX, SOCK_STREAM, 0), s
    b = one(evts, "bind", fd=f["lfd"])["params"]
    assert b["res"] == 0 and decode_sockaddr(b["addr"]) == (PPM_AF_UNIX, path), b
    ls = one(evts, "listen", fd=f["lfd"])["params"]
    assert ls["res"] == 0 and ls["backlog"] == 3, ls

    c = one(evts, "connect", fd=f["c"])["params"]
    assert c["res"] == 0 and decode_sockaddr(c["addr"]) == (PPM_AF_UNIX, path), c
    fam, client, server, tpath = decode_tuple(c["tuple"])
    assert tpath == path and client and server and client != server, c

    # the server end reads the same client -> server tuple
    a = by_code(evts, EVT_ACCEPT4_6_X, fd=f["s"])["params"]
    assert decode_tuple(a["tuple"]) == (PPM_AF_UNIX, client, server, path), (a, c)
    assert (a["queuelen"], a["queuemax"], a["queuepct"], a["flags"]) == (0, 3, 0, 0), a

    sd = one(evts, "sendto", fd=f["c"])["params"]
    assert sd["res"] == 9 and bytes.fromhex(sd["data"]) == b"over unix", sd
    assert decode_tuple(sd["tuple"]) == (PPM_AF_UNIX, client, server, path), sd


def test_unix_dgram_names_without_nul():
    # the names are given without a NUL and followed by garbage, as the
    # kernel allows: the tuple ends the name where the sockaddr ends
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "d.sock")
        evts, f = trig(["unixdgram", path])
    for fd in (f["s"], f["s2"], f["c"]):
        s = one(evts, "socket", fd=fd)["params"]
        assert (s["domain"], s["type"], s["proto"]) == (PPM_AF_UNIX, SOCK_DGRAM, 0), s
    for fd, name in ((f["s"], path), (f["s2"], f["abstract"])):
        b = one(evts, "bind", fd=fd)["params"]
        assert b["res"] == 0 and decode_sockaddr(b["addr"]) == (PPM_AF_UNIX, name), b
    sends = find(evts, "sendto", fd=f["c"])
    assert len(sends) == 2, sends
    for e, name, data in ((sends[0], path, b"to path"), (sends[1], f["abstract"], b"to abstract")):
        p = e["params"]
        assert p["res"] == len(data) and bytes.fromhex(p["data"]) == data, p
        fam, src, dst, tpath = decode_tuple(p["tuple"])
        assert (fam, dst, tpath) == (PPM_AF_UNIX, 0, name) and src, p
        client = src
    # the sender has no name: the receiver's path, from the sender's socket
    rv = one(evts, "recvfrom", fd=f["s"])["params"]
    assert f["fromlen"] in (0, 2) and rv["res"] == 7, (rv, f)
    fam, src, dst, tpath = decode_tuple(rv["tuple"])
    assert (fam, src, tpath) == (PPM_AF_UNIX, 0, path) and dst and dst != client, rv


def test_udp_sendto_recvfrom():
    evts, f = trig(["udp"])
    lo = "127.0.0.1"
    for fd in (f["sfd"], f["cfd"]):
        s = one(evts, "socket", fd=fd)["params"]
        assert (s["domain"], s["type"], s["proto"]) == (PPM_AF_INET, SOCK_DGRAM, 0), s
        b = one(evts, "bind", fd=fd)["params"]
        assert b["res"] == 0 and decode_sockaddr(b["addr"]) == (PPM_AF_INET, lo, 0), b
    # a datagram reads sender -> receiver on both ends
    want = (PPM_AF_INET, lo, f["cport"], lo, f["sport"])
    sd = one(evts, "sendto", fd=f["cfd"])["params"]
    assert sd["res"] == 14 and sd["size"] == 14, sd
    assert bytes.fromhex(sd["data"]) == b"hello over udp", sd
    assert decode_tuple(sd["tuple"]) == want, sd
    rv = one(evts, "recvfrom", fd=f["sfd"])["params"]
    assert rv["res"] == 14 and rv["size"] == 64, rv
    assert bytes.fromhex(rv["data"]) == b"hello over udp", rv
    assert f["fromport"] == f["cport"]
    assert decode_tuple(rv["tuple"]) == want, rv


def check_msg(snaplen):
    evts, f = trig(["msg"], snaplen=snaplen)
    lo = "127.0.0.1"
    payload = b"head-tail-of-msg"
    want = (PPM_AF_INET, lo, f["cport"], lo, f["sport"])
    sm = one(evts, "sendmsg", fd=f["cfd"])["params"]
    assert sm["res"] == 16 and sm["size"] == 16, sm
    assert bytes.fromhex(sm["data"]) == payload[:snaplen], sm
    assert decode_tuple(sm["tuple"]) == want, sm
    rm = one(evts, "recvmsg", fd=f["sfd"])["params"]
    assert rm["res"] == 16 and rm["size"] == 16, rm
    assert bytes.fromhex(rm["data"]) == payload[:snaplen], rm
    assert decode_tuple(rm["tuple"]) == want, rm
    assert rm["msgcontrol"] == f["control"] and len(f["control"]) == 2 * f["controllen"], (rm, f)


def test_sendmsg_recvmsg_two_iovecs():
    check_msg(80)


def test_sendmsg_recvmsg_snaplen_cuts_across_iovecs():
    check_msg(8)  # 5 bytes of the first buffer, 3 of the second


def test_connect_refused():
    evts, f = trig(["refused"])
    assert f["errno"] == 111
    p = one(evts, "connect", fd=f["fd"])["params"]
    assert p["res"] == -111, p
    assert decode_sockaddr(p["addr"]) == (PPM_AF_INET, "127.0.0.1", f["port"]), p
    # the server end is the one aimed at; the kernel released this end's port
    fam, sip, sport, dip, dport = decode_tuple(p["tuple"])
    assert (fam, dip, dport) == (PPM_AF_INET, "127.0.0.1", f["port"]), p
    assert sip in ("0.0.0.0", "127.0.0.1"), p


def test_connect_addr_is_copied_at_enter():
    # another thread rewrites the sockaddr while connect waits for room in the
    # listener's queue: the event shows the address the kernel connected to,
    # timed or not; untimed, the enter copies it but reads no clock
    for timed in (True, False):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "wtf.sock")
            evts, f = trig(["toctou", path], timed=timed)
        assert f["res"] == 0 and f["after"] == path + "-changed", f
        c = one(evts, "connect", fd=f["c2"])
        p = c["params"]
        assert p["res"] == 0 and decode_sockaddr(p["addr"]) == (PPM_AF_UNIX, path), (timed, p)
        assert decode_tuple(p["tuple"])[3] == path, p
        if timed:  # it did wait for the other thread
            assert c["latency"] >= 50 * 1000 * 1000, c
        else:
            assert c["latency"] == 0, c


def test_socketpair_and_failures():
    evts, f = trig(["misc"])
    sp = one(evts, "socketpair", res=0)["params"]
    assert (sp["fd1"], sp["fd2"]) == (f["pair_fd1"], f["pair_fd2"]), sp
    assert sp["source"] and sp["peer"] and sp["source"] != sp["peer"], sp
    assert (sp["domain"], sp["type"], sp["proto"]) == (PPM_AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), sp

    bad = one(evts, "socketpair", res=-f["badpair_errno"])["params"]
    assert (bad["fd1"], bad["fd2"], bad["source"], bad["peer"]) == (-1, -1, 0, 0), bad
    assert (bad["domain"], bad["type"], bad["proto"]) == (PPM_AF_INET, SOCK_STREAM, 0), bad

    s = one(evts, "socket", fd=-f["badsocket_errno"])["params"]
    assert (s["domain"], s["type"], s["proto"]) == (PPM_AF_INET, 12345, 0), s

    b = one(evts, "bind", fd=f["badbind_fd"])["params"]
    assert b["res"] == -f["badbind_errno"] == -98, b
    assert decode_sockaddr(b["addr"]) == (PPM_AF_INET, "127.0.0.1", f["lport"]), b

    a = by_code(evts, EVT_ACCEPT4_6_X, fd=-f["badaccept_errno"])["params"]
    assert a["tuple"] is None and (a["queuepct"], a["queuelen"], a["queuemax"]) == (0, 0, 0), a
    assert a["flags"] == SOCK_CLOEXEC, a

    sh = one(evts, "shutdown", fd=f["badbind_fd"])["params"]
    assert sh["res"] == -f["badshut_errno"] and sh["how"] == 7, sh

    ls = one(evts, "listen", fd=f["badlisten_fd"], backlog=9)["params"]
    assert ls["res"] == -f["badlisten_errno"] == -95, ls


if __name__ == "__main__":
    run(globals())
