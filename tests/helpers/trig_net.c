/* trig_net.c: performs socket syscalls for the probe tests, on loopback only
 * (127.0.0.1, ::1, a unix socket path given by the test), and prints what it
 * did as key=value lines on stderr.  trig_net SCENARIO [ARGS]
 *   tcp 4|6        listener, two clients, accept4 + accept, data, shutdown
 *   unix PATH      unix stream listener at PATH, connect, accept4
 *   unixdgram PATH unix datagrams to PATH and to an abstract name, both
 *                  given without a terminating NUL and followed by garbage
 *   udp            sendto/recvfrom between two bound UDP sockets
 *   msg            sendmsg/recvmsg with two iovecs and IP_PKTINFO ancillary data
 *   refused        connect to a closed port
 *   toctou PATH    a unix connect that blocks while another thread rewrites
 *                  its sockaddr to PATH-changed
 *   misc           socketpair, and syscalls that fail */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stddef.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

union addr {
	struct sockaddr sa;
	struct sockaddr_in in;
	struct sockaddr_in6 in6;
	struct sockaddr_un un;
	struct sockaddr_storage ss;
};

static void die(const char *what)
{
	printf("error=%s: %s\n", what, strerror(errno));
	exit(1);
}

/* A loopback address of `family` with `port`. */
static socklen_t loopback(union addr *a, int family, int port)
{
	memset(a, 0, sizeof(*a));
	if (family == AF_INET6) {
		a->in6.sin6_family = AF_INET6;
		a->in6.sin6_addr = in6addr_loopback;
		a->in6.sin6_port = htons(port);
		return sizeof(a->in6);
	}
	a->in.sin_family = AF_INET;
	a->in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a->in.sin_port = htons(port);
	return sizeof(a->in);
}

static int local_port(int fd)
{
	union addr a;
	socklen_t len = sizeof(a);
	if (getsockname(fd, &a.sa, &len))
		die("getsockname");
	return ntohs(a.sa.sa_family == AF_INET6 ? a.in6.sin6_port : a.in.sin_port);
}

static int peer_port(int fd)
{
	union addr a;
	socklen_t len = sizeof(a);
	if (getpeername(fd, &a.sa, &len))
		die("getpeername");
	return ntohs(a.sa.sa_family == AF_INET6 ? a.in6.sin6_port : a.in.sin_port);
}

/* Waits (bounded) until the listener has `n` connections waiting to be accepted,
 * as TCP_INFO reports them for a listening socket. */
static void wait_backlog(int lfd, unsigned n)
{
	for (int i = 0; i < 200; i++) {
		struct tcp_info ti;
		socklen_t len = sizeof(ti);
		if (getsockopt(lfd, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0 && ti.tcpi_unacked >= n)
			return;
		usleep(5000);
	}
	printf("warning=backlog never reached %u\n", n);
}

static int scenario_tcp(int family)
{
	union addr a;
	socklen_t alen = loopback(&a, family, 0);
	char buf[64];
	int lfd, c1, c2, s1, s2, sender;
	ssize_t n;

	lfd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0)
		die("socket");
	if (bind(lfd, &a.sa, alen))
		die("bind");
	if (listen(lfd, 5))
		die("listen");
	printf("lfd=%d\nlport=%d\n", lfd, local_port(lfd));
	alen = loopback(&a, family, local_port(lfd));

	c1 = socket(family, SOCK_STREAM, 0);
	c2 = socket(family, SOCK_STREAM, 0);
	if (c1 < 0 || c2 < 0)
		die("socket");
	if (connect(c1, &a.sa, alen) || connect(c2, &a.sa, alen))
		die("connect");
	printf("c1=%d\nc1port=%d\nc2=%d\nc2port=%d\n", c1, local_port(c1), c2, local_port(c2));
	wait_backlog(lfd, 2);

	/* the first accept leaves the second connection waiting: queuelen 1 of 5 */
	s1 = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);
	s2 = syscall(SYS_accept, lfd, NULL, NULL);
	if (s1 < 0 || s2 < 0)
		die("accept");
	printf("s1=%d\ns1peer=%d\ns2=%d\ns2peer=%d\n", s1, peer_port(s1), s2, peer_port(s2));

	/* data from the client whose connection s1 took, so that s1 has it to read */
	sender = peer_port(s1) == local_port(c1) ? c1 : c2;
	n = sendto(sender, "ping over tcp", 13, 0, NULL, 0);
	printf("sender=%d\nsent=%zd\n", sender, n);
	n = recvfrom(s1, buf, sizeof(buf), 0, NULL, NULL);
	printf("received=%zd\n", n);

	printf("shut1=%d\n", shutdown(sender, SHUT_WR));
	printf("shut2=%d\n", shutdown(s1, SHUT_RD));
	printf("shut3=%d\n", shutdown(sender == c1 ? c2 : c1, SHUT_RDWR));
	close(s1);
	close(s2);
	close(c1);
	close(c2);
	close(lfd);
	return 0;
}

static int scenario_unix(const char *path)
{
	union addr a;
	int lfd, c, s;

	memset(&a, 0, sizeof(a));
	a.un.sun_family = AF_UNIX;
	snprintf(a.un.sun_path, sizeof(a.un.sun_path), "%s", path);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, &a.sa, sizeof(a.un)) || listen(lfd, 3))
		die("unix listener");
	c = socket(AF_UNIX, SOCK_STREAM, 0);
	if (c < 0 || connect(c, &a.sa, sizeof(a.un)))
		die("unix connect");
	s = accept4(lfd, NULL, NULL, 0);
	if (s < 0)
		die("unix accept");
	printf("lfd=%d\nc=%d\ns=%d\n", lfd, c, s);
	printf("sent=%zd\n", sendto(c, "over unix", 9, 0, NULL, 0));
	close(s);
	close(c);
	close(lfd);
	unlink(path);
	return 0;
}

/* A unix sockaddr for `name` (`abstract`: in the abstract namespace) whose
 * length ends with the name, followed by bytes that are not part of it. */
static socklen_t unix_exact(union addr *a, const char *name, int abstract)
{
	size_t n = strlen(name);
	memset(a, 'X', sizeof(*a));
	a->un.sun_family = AF_UNIX;
	if (abstract)
		a->un.sun_path[0] = 0;
	memcpy(a->un.sun_path + !!abstract, name, n);
	return offsetof(struct sockaddr_un, sun_path) + !!abstract + n;
}

static int scenario_unixdgram(const char *path)
{
	union addr a, from;
	socklen_t alen, fromlen = sizeof(from);
	char abstract[64], buf[64];
	int s, s2, c;

	snprintf(abstract, sizeof(abstract), "wtftop-net-%d", getpid());
	s = socket(AF_UNIX, SOCK_DGRAM, 0);
	s2 = socket(AF_UNIX, SOCK_DGRAM, 0);
	c = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (s < 0 || s2 < 0 || c < 0)
		die("socket");
	alen = unix_exact(&a, path, 0);
	if (bind(s, &a.sa, alen))
		die("bind path");
	alen = unix_exact(&a, abstract, 1);
	if (bind(s2, &a.sa, alen))
		die("bind abstract");
	printf("s=%d\ns2=%d\nc=%d\nabstract=%s\n", s, s2, c, abstract);

	alen = unix_exact(&a, path, 0);
	printf("sent1=%zd\n", sendto(c, "to path", 7, 0, &a.sa, alen));
	alen = unix_exact(&a, abstract, 1);
	printf("sent2=%zd\n", sendto(c, "to abstract", 11, 0, &a.sa, alen));
	memset(&from, 0, sizeof(from));
	printf("received=%zd\n", recvfrom(s, buf, sizeof(buf), 0, &from.sa, &fromlen));
	printf("fromlen=%u\n", (unsigned)fromlen);
	close(s);
	close(s2);
	close(c);
	unlink(path);
	return 0;
}

static int scenario_udp(void)
{
	union addr srv, cli, from;
	socklen_t fromlen = sizeof(from);
	char buf[64];
	int sfd, cfd;
	ssize_t n;

	sfd = socket(AF_INET, SOCK_DGRAM, 0);
	cfd = socket(AF_INET, SOCK_DGRAM, 0);
	if (sfd < 0 || cfd < 0)
		die("socket");
	loopback(&srv, AF_INET, 0);
	loopback(&cli, AF_INET, 0);
	if (bind(sfd, &srv.sa, sizeof(srv.in)) || bind(cfd, &cli.sa, sizeof(cli.in)))
		die("bind");
	printf("sfd=%d\nsport=%d\ncfd=%d\ncport=%d\n", sfd, local_port(sfd), cfd, local_port(cfd));
	loopback(&srv, AF_INET, local_port(sfd));
	n = sendto(cfd, "hello over udp", 14, 0, &srv.sa, sizeof(srv.in));
	printf("sent=%zd\n", n);
	memset(&from, 0, sizeof(from));
	n = recvfrom(sfd, buf, sizeof(buf), 0, &from.sa, &fromlen);
	printf("received=%zd\nfromport=%d\n", n, ntohs(from.in.sin_port));
	close(sfd);
	close(cfd);
	return 0;
}

static int scenario_msg(void)
{
	union addr srv, cli, from;
	char head[8] = "head-", tail[16] = "tail-of-msg", r1[4], r2[64];
	unsigned char ctrl[64];
	struct iovec siov[2] = { { head, 5 }, { tail, 11 } };
	struct iovec riov[2] = { { r1, sizeof(r1) }, { r2, sizeof(r2) } };
	struct msghdr sm, rm;
	int sfd, cfd, one = 1;
	ssize_t n;

	sfd = socket(AF_INET, SOCK_DGRAM, 0);
	cfd = socket(AF_INET, SOCK_DGRAM, 0);
	loopback(&srv, AF_INET, 0);
	loopback(&cli, AF_INET, 0);
	if (sfd < 0 || cfd < 0 || bind(sfd, &srv.sa, sizeof(srv.in)) ||
	    bind(cfd, &cli.sa, sizeof(cli.in)))
		die("udp sockets");
	if (setsockopt(sfd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)))
		die("IP_PKTINFO");
	printf("sfd=%d\nsport=%d\ncfd=%d\ncport=%d\n", sfd, local_port(sfd), cfd, local_port(cfd));
	loopback(&srv, AF_INET, local_port(sfd));

	memset(&sm, 0, sizeof(sm));
	sm.msg_name = &srv;
	sm.msg_namelen = sizeof(srv.in);
	sm.msg_iov = siov;
	sm.msg_iovlen = 2;
	n = sendmsg(cfd, &sm, 0);
	printf("sent=%zd\n", n);

	memset(&rm, 0, sizeof(rm));
	memset(&from, 0, sizeof(from));
	memset(ctrl, 0, sizeof(ctrl));
	rm.msg_name = &from;
	rm.msg_namelen = sizeof(from);
	rm.msg_iov = riov;
	rm.msg_iovlen = 2;
	rm.msg_control = ctrl;
	rm.msg_controllen = sizeof(ctrl);
	n = recvmsg(sfd, &rm, 0);
	printf("received=%zd\nfromport=%d\ncontrollen=%zu\ncontrol=", n,
	       ntohs(from.in.sin_port), (size_t)rm.msg_controllen);
	for (size_t i = 0; i < rm.msg_controllen && i < sizeof(ctrl); i++)
		printf("%02x", ctrl[i]);
	printf("\n");
	close(sfd);
	close(cfd);
	return 0;
}

static int scenario_refused(void)
{
	union addr a;
	int fd, port, r;

	/* a port that was just free on loopback and that nobody listens on */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	loopback(&a, AF_INET, 0);
	if (fd < 0 || bind(fd, &a.sa, sizeof(a.in)))
		die("bind");
	port = local_port(fd);
	close(fd);

	fd = socket(AF_INET, SOCK_STREAM, 0);
	loopback(&a, AF_INET, port);
	r = connect(fd, &a.sa, sizeof(a.in));
	printf("fd=%d\nport=%d\nres=%d\nerrno=%d\n", fd, port, r, r ? errno : 0);
	close(fd);
	return 0;
}

struct toctou {
	union addr *addr;
	const char *path;
	int lfd;
};

/* Once the connect blocks, rewrites its sockaddr, then makes room for it. */
static void *toctou_thread(void *arg)
{
	struct toctou *t = arg;
	usleep(100 * 1000);
	snprintf(t->addr->un.sun_path, sizeof(t->addr->un.sun_path), "%s-changed", t->path);
	close(accept(t->lfd, NULL, NULL));
	return NULL;
}

static int scenario_toctou(const char *path)
{
	union addr a;
	struct timeval tv = { .tv_sec = 5 };
	struct toctou t = { &a, path, -1 };
	pthread_t th;
	int c1, c2, r;

	memset(&a, 0, sizeof(a));
	a.un.sun_family = AF_UNIX;
	snprintf(a.un.sun_path, sizeof(a.un.sun_path), "%s", path);
	/* backlog 0: one pending connection fills the queue, the next one waits */
	t.lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (t.lfd < 0 || bind(t.lfd, &a.sa, sizeof(a.un)) || listen(t.lfd, 0))
		die("unix listener");
	c1 = socket(AF_UNIX, SOCK_STREAM, 0);
	c2 = socket(AF_UNIX, SOCK_STREAM, 0);
	if (c1 < 0 || c2 < 0 || connect(c1, &a.sa, sizeof(a.un)))
		die("first connect");
	/* bounded: a connect that waits for room gives up after SO_SNDTIMEO */
	setsockopt(c2, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (pthread_create(&th, NULL, toctou_thread, &t))
		die("pthread_create");
	r = connect(c2, &a.sa, sizeof(a.un));
	pthread_join(th, NULL);
	printf("c2=%d\nres=%d\nafter=%s\n", c2, r ? -errno : 0, a.un.sun_path);
	close(c1);
	close(c2);
	close(t.lfd);
	unlink(path);
	return 0;
}

static int scenario_misc(void)
{
	union addr a;
	int sv[2] = { -1, -1 }, r, fd, lfd;

	r = socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv);
	printf("pair_res=%d\npair_fd1=%d\npair_fd2=%d\n", r, sv[0], sv[1]);
	r = socketpair(AF_INET, SOCK_STREAM, 0, sv);
	printf("badpair_res=%d\nbadpair_errno=%d\n", r, r ? errno : 0);

	r = socket(AF_INET, 12345, 0);
	printf("badsocket_res=%d\nbadsocket_errno=%d\n", r, r < 0 ? errno : 0);

	/* a second bind to a port in use, a listen on a datagram socket, an
	 * accept on a socket that does not listen, a shutdown with a bad how */
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	loopback(&a, AF_INET, 0);
	if (lfd < 0 || bind(lfd, &a.sa, sizeof(a.in)) || listen(lfd, 1))
		die("listener");
	loopback(&a, AF_INET, local_port(lfd));
	fd = socket(AF_INET, SOCK_STREAM, 0);
	r = bind(fd, &a.sa, sizeof(a.in));
	printf("lport=%d\nbadbind_fd=%d\nbadbind_res=%d\nbadbind_errno=%d\n", local_port(lfd), fd, r,
	       r ? errno : 0);
	r = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
	printf("badaccept_res=%d\nbadaccept_errno=%d\n", r, r < 0 ? errno : 0);
	r = shutdown(fd, 7);
	printf("badshut_res=%d\nbadshut_errno=%d\n", r, r ? errno : 0);
	close(fd);
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	r = listen(fd, 9);
	printf("badlisten_fd=%d\nbadlisten_res=%d\nbadlisten_errno=%d\n", fd, r, r ? errno : 0);
	close(fd);
	close(lfd);
	close(sv[0]);
	close(sv[1]);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	/* facts go to stderr: under probe_dump, stdout carries its JSON lines,
	 * which ours would otherwise cut in the middle */
	if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "tcp"))
		return scenario_tcp(argc > 2 && !strcmp(argv[2], "6") ? AF_INET6 : AF_INET);
	if (!strcmp(argv[1], "unix") && argc > 2)
		return scenario_unix(argv[2]);
	if (!strcmp(argv[1], "unixdgram") && argc > 2)
		return scenario_unixdgram(argv[2]);
	if (!strcmp(argv[1], "udp"))
		return scenario_udp();
	if (!strcmp(argv[1], "msg"))
		return scenario_msg();
	if (!strcmp(argv[1], "refused"))
		return scenario_refused();
	if (!strcmp(argv[1], "toctou") && argc > 2)
		return scenario_toctou(argv[2]);
	if (!strcmp(argv[1], "misc"))
		return scenario_misc();
	fprintf(stderr, "trig_net: unknown scenario %s\n", argv[1]);
	return 2;
}
