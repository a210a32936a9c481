/*
 * LD_PRELOAD library that lets Xen 4.17's xenstored (C) and oxenstored (OCaml) run on a Linux
 * machine without a hypervisor, serving a Unix socket only. Built by the tests
 * (org.jxen.xenstore.testing.XenPeers) with gcc against Debian's libxen-dev headers.
 *
 * What it stands in for:
 * - event channels: a handle whose fd is an eventfd nobody signals; every bind gets a fresh port;
 * - domain info: every domid below DOMID_FIRST_RESERVED exists and is running;
 * - grant tables: opening works; mapping a guest's page fails (no guests here);
 * - files: the daemons' fixed paths are moved into $NOHYPERVISOR_DIR:
 *     /proc/xen/xsd_port        -> DIR/port     (dom0's ring event channel, a number)
 *     /proc/xen/xsd_kva         -> DIR/kva      (dom0's ring page, 4096 zero bytes)
 *     /proc/sys/fs/nr_open      -> DIR/nr_open  (oxenstored raises RLIMIT_NOFILE to this)
 *     /var/run/xenstored/NAME, /run/xenstored/NAME -> DIR/NAME (oxenstored's socket)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <xenctrl.h>
#include <xenevtchn.h>
#include <xengnttab.h>

/* ---- files ---- */

static const char *const moved_prefixes[] = {"/var/run/xenstored/", "/run/xenstored/"};

/* Where `path` really is: a path inside $NOHYPERVISOR_DIR (in buf) or `path` itself. */
static const char *relocate(const char *path, char *buf, size_t size)
{
    const char *dir = getenv("NOHYPERVISOR_DIR");
    const char *name = NULL;

    if (!dir || !path)
        return path;
    if (!strcmp(path, "/proc/xen/xsd_port"))
        name = "port";
    else if (!strcmp(path, "/proc/xen/xsd_kva"))
        name = "kva";
    else if (!strcmp(path, "/proc/sys/fs/nr_open"))
        name = "nr_open";
    for (size_t i = 0; !name && i < sizeof(moved_prefixes) / sizeof(moved_prefixes[0]); i++) {
        size_t n = strlen(moved_prefixes[i]);
        if (!strncmp(path, moved_prefixes[i], n))
            name = path + n;
    }
    if (!name || snprintf(buf, size, "%s/%s", dir, name) >= (int)size)
        return path;
    return buf;
}

static void *next(const char *symbol)
{
    void *f = dlsym(RTLD_NEXT, symbol);
    if (!f) {
        fprintf(stderr, "nohypervisor: %s not found in libc\n", symbol);
        abort();
    }
    return f;
}

#define OPEN_WRAPPER(name)                                                   \
    int name(const char *path, int flags, ...)                              \
    {                                                                        \
        static int (*real)(const char *, int, ...);                          \
        char buf[PATH_MAX];                                                  \
        mode_t mode = 0;                                                     \
        if (flags & (O_CREAT | O_TMPFILE)) {                                 \
            va_list ap;                                                      \
            va_start(ap, flags);                                             \
            mode = va_arg(ap, mode_t);                                       \
            va_end(ap);                                                      \
        }                                                                    \
        if (!real)                                                           \
            real = next(#name);                                              \
        return real(relocate(path, buf, sizeof(buf)), flags, mode);         \
    }

OPEN_WRAPPER(open)
OPEN_WRAPPER(open64)

int unlink(const char *path)
{
    static int (*real)(const char *);
    char buf[PATH_MAX];
    if (!real)
        real = next("unlink");
    return real(relocate(path, buf, sizeof(buf)));
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
    static int (*real)(int, const struct sockaddr *, socklen_t);
    struct sockaddr_un moved;
    char buf[PATH_MAX];
    if (!real)
        real = next("bind");
    if (addr->sa_family == AF_UNIX) {
        const struct sockaddr_un *un = (const struct sockaddr_un *)addr;
        const char *path = relocate(un->sun_path, buf, sizeof(buf));
        if (path != un->sun_path) {
            if (strlen(path) >= sizeof(moved.sun_path)) {
                errno = ENAMETOOLONG;
                return -1;
            }
            memset(&moved, 0, sizeof(moved));
            moved.sun_family = AF_UNIX;
            strcpy(moved.sun_path, path);
            return real(fd, (const struct sockaddr *)&moved, sizeof(moved));
        }
    }
    return real(fd, addr, len);
}

/* ---- event channels ---- */

struct xenevtchn_handle {
    int fd;
};

static evtchn_port_t next_port = 1;

xenevtchn_handle *xenevtchn_open(xentoollog_logger *logger, unsigned int flags)
{
    xenevtchn_handle *h = malloc(sizeof(*h));
    if (!h)
        return NULL;
    h->fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (h->fd < 0) {
        free(h);
        return NULL;
    }
    return h;
}

xenevtchn_handle *xenevtchn_fdopen(xentoollog_logger *logger, int fd, unsigned int flags)
{
    return xenevtchn_open(logger, flags);
}

int xenevtchn_close(xenevtchn_handle *h)
{
    if (h) {
        close(h->fd);
        free(h);
    }
    return 0;
}

int xenevtchn_fd(xenevtchn_handle *h) { return h->fd; }
xenevtchn_port_or_error_t xenevtchn_bind_virq(xenevtchn_handle *h, unsigned int virq) { return next_port++; }
xenevtchn_port_or_error_t xenevtchn_bind_interdomain(xenevtchn_handle *h, uint32_t domid, evtchn_port_t remote)
{
    return next_port++;
}
int xenevtchn_unbind(xenevtchn_handle *h, evtchn_port_t port) { return 0; }
int xenevtchn_notify(xenevtchn_handle *h, evtchn_port_t port) { return 0; }
int xenevtchn_unmask(xenevtchn_handle *h, evtchn_port_t port) { return 0; }

xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *h)
{
    errno = EAGAIN;
    return -1;
}

/* ---- domains ---- */

struct xc_interface_core {
    int unused;
};

xc_interface *xc_interface_open(xentoollog_logger *logger, xentoollog_logger *dombuild_logger,
                                unsigned int flags)
{
    return calloc(1, sizeof(xc_interface));
}

int xc_interface_close(xc_interface *xch)
{
    free(xch);
    return 0;
}

/* Every domid below DOMID_FIRST_RESERVED exists: asked from `first`, the answer is that one domain. */
static int exists(uint32_t first, unsigned int max)
{
    return max > 0 && first < DOMID_FIRST_RESERVED;
}

/* C xenstored asks with xc_domain_getinfo, oxenstored with xc_domain_getinfolist. */
int xc_domain_getinfo(xc_interface *xch, uint32_t first, unsigned int max, xc_dominfo_t *info)
{
    if (!exists(first, max))
        return 0;
    *info = (xc_dominfo_t){.domid = first, .running = 1};
    return 1;
}

int xc_domain_getinfolist(xc_interface *xch, uint32_t first, unsigned int max, xc_domaininfo_t *info)
{
    if (!exists(first, max))
        return 0;
    *info = (xc_domaininfo_t){.domain = first, .flags = XEN_DOMINF_running};
    return 1;
}

/* ---- grant tables ---- */

struct xengntdev_handle {
    int unused;
};

xengnttab_handle *xengnttab_open(xentoollog_logger *logger, unsigned int flags)
{
    return calloc(1, sizeof(xengnttab_handle));
}

int xengnttab_close(xengnttab_handle *h)
{
    free(h);
    return 0;
}

int xengnttab_set_max_grants(xengnttab_handle *h, uint32_t count) { return 0; }

void *xengnttab_map_grant_ref(xengnttab_handle *h, uint32_t domid, uint32_t ref, int prot)
{
    errno = ENODEV;
    return NULL;
}

int xengnttab_unmap(xengnttab_handle *h, void *start, uint32_t count) { return 0; }
