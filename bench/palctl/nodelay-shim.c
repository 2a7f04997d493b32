// A benchmark aid, not part of PAL Desk: LD_PRELOADed into pal-sandbox by run when
// PAL_BENCH_NODELAY=1, it sets TCP_NODELAY on every accepted socket, to show what the sandbox
// costs without Nagle + delayed-ACK stalls (about 40 ms per response on Linux loopback).
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
int accept(int s, struct sockaddr *a, socklen_t *l)
{
    static int (*real)(int, struct sockaddr *, socklen_t *);
    if (!real)
        real = dlsym(RTLD_NEXT, "accept");
    int fd = real(s, a, l);
    int one = 1;
    if (fd >= 0)
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}
int accept4(int s, struct sockaddr *a, socklen_t *l, int f)
{
    static int (*real)(int, struct sockaddr *, socklen_t *, int);
    if (!real)
        real = dlsym(RTLD_NEXT, "accept4");
    int fd = real(s, a, l, f);
    int one = 1;
    if (fd >= 0)
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}
