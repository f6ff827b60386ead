/* fam_net.bpf.h: sockets: creating them (socket, socketpair), naming and
 * connecting them (bind, listen, connect, accept, accept4), moving data
 * (sendto, recvfrom, sendmsg, recvmsg) and shutting them down. */

#define NET_AF_UNIX 1
#define NET_AF_INET 2
#define NET_AF_INET6 10
#define NET_EINPROGRESS 115
#define NET_MAX_MSGCONTROL 1024 /* bytes of recvmsg ancillary data kept */

/* Linux address family to scap's PPM_AF_*: scap numbers the families as Linux
 * does, up to AF_NFC (39), without AF_IB (27) and AF_MPLS (28); the rest are
 * unknown to it. */
static __always_inline u32 net__family(u32 af)
{
	if (af > 39 || af == 27 || af == 28)
		return PPM_AF_UNSPEC;
	return af;
}

/* shutdown(2)'s how to scap's PPM_SHUT_* (anything else is kept as is). */
static __always_inline u8 net__shut_how(u32 how)
{
	switch (how) {
	case 0: return PPM_SHUT_RD;
	case 1: return PPM_SHUT_WR;
	case 2: return PPM_SHUT_RDWR;
	}
	return how;
}

/* The socket tuple of `file` in scap's encoding (family, source address and
 * port, destination address and port; for unix sockets family, source and
 * destination struct sock pointers, path), read in the direction of the data:
 * outbound (connect, sendto, sendmsg) is this socket -> remote, inbound
 * (accept, recvfrom, recvmsg) remote -> this socket. So a connection reads
 * client -> server from either end and a datagram sender -> receiver.
 * `addr` (user memory, or kernel memory when !user), when given and of the
 * socket's family, names the remote end instead of the socket's peer: the
 * destination of a sendto, the source a recvfrom filled in, the server of a
 * failed connect. */
static __always_inline void net__store_tuple(struct auxbuf *aux, struct file *file, bool inbound,
					     const void *addr, u32 addrlen, bool user)
{
	struct sock *sk = extract__sock(file);
	u16 family, afamily = 0;
	u8 *p;

	if (!sk) {
		store__empty(aux);
		return;
	}
	family = EXTRACT_FIELD(sk, __sk_common.skc_family);
	if (addr && (addrlen < 2 || extract__read(&afamily, 2, addr, user) || afamily != family))
		addr = NULL;
	p = store__raw_ptr(aux);

	if (family == NET_AF_INET) {
		u32 local = inbound ? 7 : 1, remote = inbound ? 1 : 7;
		u16 port = 0;

		p[0] = PPM_AF_INET;
		*(u32 *)&p[local] = EXTRACT_FIELD(sk, __sk_common.skc_rcv_saddr);
		*(u16 *)&p[local + 4] = EXTRACT_FIELD(sk, __sk_common.skc_num);
		if (addr && addrlen >= 8) {
			/* struct sockaddr_in: family, port (network order), address */
			*(u32 *)&p[remote] = 0;
			extract__read(&p[remote], 4, addr + 4, user);
			extract__read(&port, 2, addr + 2, user);
		} else {
			*(u32 *)&p[remote] = EXTRACT_FIELD(sk, __sk_common.skc_daddr);
			port = EXTRACT_FIELD(sk, __sk_common.skc_dport);
			barrier_var(port); /* a load of its own: not one shared with &port's */
		}
		*(u16 *)&p[remote + 4] = bpf_ntohs(port);
		store__commit_raw(aux, 1 + 2 * 6);
	} else if (family == NET_AF_INET6) {
		u32 local = inbound ? 19 : 1, remote = inbound ? 1 : 19;
		u16 port = 0;

		p[0] = PPM_AF_INET6;
		/* (BPF_CORE_READ_INTO would size the copy by its u8 destination) */
		bpf_core_read(&p[local], 16, &sk->__sk_common.skc_v6_rcv_saddr);
		*(u16 *)&p[local + 16] = EXTRACT_FIELD(sk, __sk_common.skc_num);
		if (addr && addrlen >= 24) {
			/* struct sockaddr_in6: family, port, flowinfo, address */
			__builtin_memset(&p[remote], 0, 16);
			extract__read(&p[remote], 16, addr + 8, user);
			extract__read(&port, 2, addr + 2, user);
		} else {
			bpf_core_read(&p[remote], 16, &sk->__sk_common.skc_v6_daddr);
			port = EXTRACT_FIELD(sk, __sk_common.skc_dport);
			barrier_var(port);
		}
		*(u16 *)&p[remote + 16] = bpf_ntohs(port);
		store__commit_raw(aux, 1 + 2 * 18);
	} else if (family == NET_AF_UNIX) {
		struct sock *peer = BPF_CORE_READ((struct unix_sock *)sk, peer);
		struct unix_address *ua;
		u32 n;

		p[0] = PPM_AF_UNIX;
		*(u64 *)&p[inbound ? 9 : 1] = (u64)sk;
		*(u64 *)&p[inbound ? 1 : 9] = (u64)peer;
		n = addr ? extract__unix_path_at(aux, 17, extract__as_scalar(addr) + 2, addrlen - 2, user) : 1;
		if (n <= 1) {
			/* no name in the address (an unbound sender): the remote
			 * end's name (a server's path), else this end's */
			ua = peer ? BPF_CORE_READ((struct unix_sock *)peer, addr) : NULL;
			if (!ua)
				ua = BPF_CORE_READ((struct unix_sock *)sk, addr);
			if (ua)
				n = extract__unix_path_at(aux, 17, (u64)&ua->name[0].sun_path,
						   BPF_CORE_READ(ua, len) - 2, false);
			else
				n = extract__unix_path_at(aux, 17, 0, 0, false);
		}
		store__commit_raw(aux, 17 + (n & 127));
	} else {
		p[0] = net__family(family);
		store__commit_raw(aux, 1);
	}
}

/* A sockaddr parameter (bind, connect): the enter-time copy if there is one,
 * else user memory. A unix name goes through extract__unix_path_at, which stops
 * where the sockaddr ends; other families through handler__store_sockaddr. */
static __always_inline void net__store_sockaddr(struct auxbuf *aux, struct enter_state *st,
						const void *uaddr, u32 ulen)
{
	const void *addr = uaddr;
	u32 len = ulen;
	bool user = true;
	u16 family = 0;
	u8 *p;

	if (st && st->buf_len > 0) {
		addr = st->buf;
		len = st->buf_len;
		user = false;
	}
	if (!addr || len < 2 || extract__read(&family, 2, addr, user) || family != NET_AF_UNIX) {
		handler__store_sockaddr(aux, st, uaddr, ulen);
		return;
	}
	p = store__raw_ptr(aux);
	p[0] = PPM_AF_UNIX;
	store__commit_raw(aux, 1 + (extract__unix_path_at(aux, 1, extract__as_scalar(addr) + 2, len - 2, user) & 127));
}

/* The tuple of the socket behind fd `fd`. */
static __always_inline void net__store_fd_tuple(struct auxbuf *aux, s32 fd, bool inbound,
						const void *addr, u32 addrlen, bool user)
{
	net__store_tuple(aux, extract__file(fd), inbound, addr, addrlen, user);
}

EXIT_HANDLER(socket)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SOCKET_SOCKET_X, 4);
	/* Parameter 1: fd (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: domain (type: PT_ENUMFLAGS32) */
	store__u32(aux, net__family(ARG(0)));
	/* Parameter 3: type (type: PT_UINT32): kept as given, SOCK_* flags included */
	store__u32(aux, ARG(1));
	/* Parameter 4: proto (type: PT_UINT32) */
	store__u32(aux, ARG(2));
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(socketpair)
{
	struct auxbuf *aux = maps__auxbuf();
	s32 fds[2] = { -1, -1 };
	u64 source = 0, peer = 0;

	if (!aux)
		return 0;
	if (ret == 0 && bpf_probe_read_user(fds, sizeof(fds), (void *)ARG(3)) == 0) {
		struct sock *sk = extract__sock(extract__file(fds[0]));
		if (sk && EXTRACT_FIELD(sk, __sk_common.skc_family) == NET_AF_UNIX) {
			source = (u64)sk;
			peer = (u64)BPF_CORE_READ((struct unix_sock *)sk, peer);
		}
	} else {
		fds[0] = fds[1] = -1;
	}
	store__begin(aux, PPME_SOCKET_SOCKETPAIR_X, 8);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: fd1 (type: PT_FD) */
	store__s64(aux, fds[0]);
	/* Parameter 3: fd2 (type: PT_FD) */
	store__s64(aux, fds[1]);
	/* Parameter 4: source (type: PT_UINT64): fd1's struct sock */
	store__u64(aux, source);
	/* Parameter 5: peer (type: PT_UINT64): fd2's, fd1's peer */
	store__u64(aux, peer);
	/* Parameter 6: domain (type: PT_ENUMFLAGS32) */
	store__u32(aux, net__family(ARG(0)));
	/* Parameter 7: type (type: PT_UINT32) */
	store__u32(aux, ARG(1));
	/* Parameter 8: proto (type: PT_UINT32) */
	store__u32(aux, ARG(2));
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(bind)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	if (!aux)
		return 0;
	store__begin(aux, PPME_SOCKET_BIND_X, 3);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: addr (type: PT_SOCKADDR) */
	net__store_sockaddr(aux, st, (const void *)ARG(1), (u32)ARG(2));
	/* Parameter 3: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	return handler__emit(aux, st);
}

EXIT_HANDLER(connect)
{
	struct auxbuf *aux = maps__auxbuf();
	struct enter_state *st = handler__enter_state(regs);
	struct file *file = extract__file((s32)ARG(0));
	if (!aux)
		return 0;
	store__begin(aux, PPME_SOCKET_CONNECT_X, 4);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: tuple (type: PT_SOCKTUPLE): the connected socket's own,
	 * or, when the connect failed, this end and the server it was aimed at */
	if (ret == 0 || ret == -NET_EINPROGRESS)
		net__store_tuple(aux, file, false, NULL, 0, false);
	else if (st && st->buf_len > 0)
		net__store_tuple(aux, file, false, st->buf, st->buf_len, false);
	else
		net__store_tuple(aux, file, false, (const void *)ARG(1), (u32)ARG(2), true);
	/* Parameter 3: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 4: addr (type: PT_SOCKADDR) */
	net__store_sockaddr(aux, st, (const void *)ARG(1), (u32)ARG(2));
	return handler__emit(aux, st);
}

EXIT_HANDLER(listen)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SOCKET_LISTEN_X, 3);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: backlog (type: PT_INT32) */
	store__s32(aux, (s32)ARG(1));
	return handler__emit(aux, handler__enter_state(regs));
}

/* accept(2)/accept4(2): the new fd, its tuple (client -> server), and how full
 * the listening socket's queue of pending connections is after this accept. */
static __always_inline int net__accept(struct pt_regs *regs, long ret, u16 type, bool has_flags)
{
	struct auxbuf *aux = maps__auxbuf();
	u32 queuelen = 0, queuemax = 0;
	u8 queuepct = 0;

	if (!aux)
		return 0;
	store__begin(aux, type, has_flags ? 6 : 5);
	/* Parameter 1: fd (type: PT_FD) */
	store__s64(aux, ret);
	/* Parameter 2: tuple (type: PT_SOCKTUPLE) */
	if (ret >= 0) {
		struct sock *lsk = extract__sock(extract__file((s32)ARG(0)));
		net__store_tuple(aux, extract__file(ret), true, NULL, 0, false);
		if (lsk) {
			queuelen = EXTRACT_FIELD(lsk, sk_ack_backlog);
			queuemax = EXTRACT_FIELD(lsk, sk_max_ack_backlog);
			if (queuemax)
				queuepct = (u8)((u64)queuelen * 100 / queuemax);
		}
	} else {
		store__empty(aux);
	}
	/* Parameter 3: queuepct (type: PT_UINT8) */
	store__u8(aux, queuepct);
	/* Parameter 4: queuelen (type: PT_UINT32) */
	store__u32(aux, queuelen);
	/* Parameter 5: queuemax (type: PT_UINT32) */
	store__u32(aux, queuemax);
	/* Parameter 6: flags (type: PT_INT32): SOCK_NONBLOCK, SOCK_CLOEXEC as given */
	if (has_flags)
		store__s32(aux, (s32)ARG(3));
	return handler__emit(aux, handler__enter_state(regs));
}

/* accept, accept4 */
EXIT_HANDLER(accept)
{
	u16 type = handler__exit_event(regs, PPME_SOCKET_ACCEPT_5_X);
	return net__accept(regs, ret, type, type == PPME_SOCKET_ACCEPT4_6_X);
}

EXIT_HANDLER(sendto)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SOCKET_SENDTO_X, 5);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: data (type: PT_BYTEBUF) */
	store__user_data(aux, (const void *)ARG(1), ret);
	/* Parameter 3: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 4: size (type: PT_UINT32) */
	store__u32(aux, ARG(2));
	/* Parameter 5: tuple (type: PT_SOCKTUPLE): to the destination given, else the peer */
	net__store_fd_tuple(aux, ARG(0), false, (const void *)ARG(4), (u32)ARG(5), true);
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(recvfrom)
{
	struct auxbuf *aux = maps__auxbuf();
	const void *src = (const void *)ARG(4);
	u32 srclen = 0;

	if (!aux)
		return 0;
	/* the kernel filled in the sender's address and its length on success */
	if (ret < 0 || !src || !ARG(5) || bpf_probe_read_user(&srclen, 4, (void *)ARG(5)))
		src = NULL;
	store__begin(aux, PPME_SOCKET_RECVFROM_X, 5);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: data (type: PT_BYTEBUF) */
	store__user_data(aux, (const void *)ARG(1), ret);
	/* Parameter 3: tuple (type: PT_SOCKTUPLE): from the sender, else from the peer */
	net__store_fd_tuple(aux, ARG(0), true, src, srclen, true);
	/* Parameter 4: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 5: size (type: PT_UINT32) */
	store__u32(aux, ARG(2));
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(sendmsg)
{
	struct auxbuf *aux = maps__auxbuf();
	struct user_msghdr msg = {};
	u64 size;

	if (!aux)
		return 0;
	if (bpf_probe_read_user(&msg, sizeof(msg), (void *)ARG(1)))
		__builtin_memset(&msg, 0, sizeof(msg));
	store__begin(aux, PPME_SOCKET_SENDMSG_X, 5);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: data (type: PT_BYTEBUF) */
	size = store__iov_data(aux, (u64)msg.msg_iov, msg.msg_iovlen, ret);
	/* Parameter 3: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 4: size (type: PT_UINT32): of all the buffers */
	store__u32(aux, size);
	/* Parameter 5: tuple (type: PT_SOCKTUPLE): to msg_name if given, else the peer */
	net__store_fd_tuple(aux, ARG(0), false, msg.msg_name, msg.msg_namelen, true);
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(recvmsg)
{
	struct auxbuf *aux = maps__auxbuf();
	struct user_msghdr msg = {};

	if (!aux)
		return 0;
	if (bpf_probe_read_user(&msg, sizeof(msg), (void *)ARG(1)))
		__builtin_memset(&msg, 0, sizeof(msg));
	store__begin(aux, PPME_SOCKET_RECVMSG_X, 6);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: size (type: PT_UINT32): bytes received */
	store__u32(aux, ret > 0 ? ret : 0);
	/* Parameter 3: data (type: PT_BYTEBUF) */
	store__iov_data(aux, (u64)msg.msg_iov, msg.msg_iovlen, ret);
	/* Parameter 4: tuple (type: PT_SOCKTUPLE): from msg_name (the kernel
	 * filled it in), else from the peer */
	net__store_fd_tuple(aux, ARG(0), true, ret >= 0 ? msg.msg_name : NULL,
			    msg.msg_namelen, true);
	/* Parameter 5: msgcontrol (type: PT_BYTEBUF): the ancillary data received */
	if (ret >= 0 && msg.msg_control && msg.msg_controllen)
		store__user_bytes(aux, msg.msg_control,
				  msg.msg_controllen < NET_MAX_MSGCONTROL ? msg.msg_controllen
									  : NET_MAX_MSGCONTROL);
	else
		store__empty(aux);
	/* Parameter 6: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	return handler__emit(aux, handler__enter_state(regs));
}

EXIT_HANDLER(shutdown)
{
	struct auxbuf *aux = maps__auxbuf();
	if (!aux)
		return 0;
	store__begin(aux, PPME_SOCKET_SHUTDOWN_X, 3);
	/* Parameter 1: res (type: PT_ERRNO) */
	store__s64(aux, ret);
	/* Parameter 2: fd (type: PT_FD) */
	store__s64(aux, (s32)ARG(0));
	/* Parameter 3: how (type: PT_ENUMFLAGS8) */
	store__u8(aux, net__shut_how(ARG(1)));
	return handler__emit(aux, handler__enter_state(regs));
}
